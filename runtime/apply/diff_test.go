package apply_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/apply"
)

func TestUnifiedDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"from empty", "", "a\nb\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n"},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"no newline at end", "a\nb", "a\nb\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{
			"two hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			"1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
			"--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n",
		},
		{
			// As GNU diff -u prints them.
			"changes six lines apart share a hunk",
			"1\n2\n3\n4\n5\n6\n7\n9\n",
			"X\n2\n3\n4\n5\n6\n7\nY\n",
			"--- a\n+++ b\n@@ -1,8 +1,8 @@\n-1\n+X\n 2\n 3\n 4\n 5\n 6\n 7\n-9\n+Y\n",
		},
		{
			"changes seven lines apart do not",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			"X\n2\n3\n4\n5\n6\n7\n8\nY\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+Y\n",
		},
		{"insert in the middle", "a\nc\n", "a\nb\nc\n", "--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, apply.UnifiedDiff("a", "b", []byte(tt.a), []byte(tt.b)))
		})
	}
}

// TestUnifiedDiffPatchesBack checks, on random files, that applying the
// diff to a gives b and that the edit script is no longer than the one an
// LCS gives (Myers' script is a shortest one).
func TestUnifiedDiffPatchesBack(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		a, b := randomText(r), randomText(r)
		d := apply.UnifiedDiff("a", "b", []byte(a), []byte(b))
		got, err := patch(a, d)
		require.NoError(t, err, "diff:\n%s", d)
		require.Equal(t, b, got, "a=%q b=%q diff:\n%s", a, b, d)
		la, lb := lines(a), lines(b)
		assert.Equal(t, len(la)+len(lb)-2*lcs(la, lb), changedLines(d), "a=%q b=%q", a, b)
	}
}

func TestUnifiedDiffLargeFallsBackToReplace(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	d := apply.UnifiedDiff("a", "b", []byte(a.String()), []byte(b.String()))
	got, err := patch(a.String(), d)
	require.NoError(t, err)
	assert.Equal(t, b.String(), got)
}

func BenchmarkUnifiedDiff(b *testing.B) {
	var x, y strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&x, "line %d\n", i)
		if i%50 == 0 {
			fmt.Fprintf(&y, "changed %d\n", i)
		} else {
			fmt.Fprintf(&y, "line %d\n", i)
		}
	}
	for b.Loop() {
		apply.UnifiedDiff("a", "b", []byte(x.String()), []byte(y.String()))
	}
}

func randomText(r *rand.Rand) string {
	n := r.IntN(12)
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(string(rune('a' + r.IntN(4))))
		if i < n-1 || r.IntN(4) > 0 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func lines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func changedLines(d string) int {
	n := 0
	for i, l := range strings.Split(d, "\n") {
		if i >= 2 && (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-")) {
			n++
		}
	}
	return n
}

// patch applies a unified diff made by UnifiedDiff, checking every context
// and deleted line against a.
func patch(a, d string) (string, error) {
	if d == "" {
		return a, nil
	}
	src := lines(a)
	dl := lines(d)[2:]
	var out []string
	pos := 0
	for i := 0; i < len(dl); {
		h := dl[i]
		if !strings.HasPrefix(h, "@@ -") {
			return "", fmt.Errorf("want hunk header, got %q", h)
		}
		oldRange := strings.Fields(h)[1][1:]
		start, _ := strconv.Atoi(strings.Split(oldRange, ",")[0])
		if strings.HasSuffix(oldRange, ",0") {
			start++ // an empty range names the line before it
		}
		for pos < start-1 {
			out = append(out, src[pos])
			pos++
		}
		i++
		for i < len(dl) && !strings.HasPrefix(dl[i], "@@") {
			l := dl[i]
			i++
			if i < len(dl) && dl[i] == "\\ No newline at end of file\n" {
				l = strings.TrimSuffix(l, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(src) || src[pos] != l[1:] {
					return "", fmt.Errorf("line %d: want %q", pos+1, l[1:])
				}
				if l[0] == ' ' {
					out = append(out, src[pos])
				}
				pos++
			case '+':
				out = append(out, l[1:])
			}
		}
	}
	out = append(out, src[pos:]...)
	return strings.Join(out, ""), nil
}
