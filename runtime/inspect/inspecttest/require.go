package inspecttest

import (
	"strings"
	"testing"

	"github.com/kubenode/kubenode/runtime/inspect"
)

// RequireFindings fails t unless got is exactly the wanted findings, one
// finding each, in any order: none missing and none more. The failure
// lists every finding missing and every one more.
func RequireFindings(t testing.TB, got []inspect.Finding, want ...Want) {
	t.Helper()
	left := append([]inspect.Finding(nil), got...)
	var missing []string
	for _, w := range want {
		i := index(left, w)
		if i < 0 {
			missing = append(missing, w.String())
			continue
		}
		left = append(left[:i], left[i+1:]...)
	}
	if len(missing) == 0 && len(left) == 0 {
		return
	}
	var b strings.Builder
	for _, m := range missing {
		b.WriteString("\nmissing: " + m)
	}
	for _, f := range left {
		b.WriteString("\nunexpected: " + describe(f))
	}
	t.Fatalf("findings differ:%s\nall findings:\n%s", b.String(), lines(got))
}

func index(fs []inspect.Finding, w Want) int {
	for i, f := range fs {
		if w.Matches(f) {
			return i
		}
	}
	return -1
}

// describe prints f and, where it is not the path printed, the path a Want
// matches: the problem's own.
func describe(f inspect.Finding) string {
	switch {
	case f.Err == nil:
		return f.String() + " (no problem to match)"
	case f.Err.Path.String() != f.Path:
		return f.String() + " (at " + f.Err.Path.String() + ")"
	}
	return f.String()
}

func lines(fs []inspect.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + describe(f) + "\n")
	}
	return b.String()
}
