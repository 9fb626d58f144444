package fieldtest

import (
	"errors"
	"testing"

	"github.com/kubenode/kubenode/runtime/field"
)

// Problems is err as a list of problems: a [field.ErrorList] (an empty one
// has none), a single [*field.Error], or a wrapped one. Any other error
// fails the test, since it carries no sentinel and path to match.
func Problems(t testing.TB, err error) field.ErrorList {
	t.Helper()
	if err == nil {
		return nil
	}
	list := field.AsList(err)
	if list == nil && !errors.As(err, new(field.ErrorList)) {
		t.Fatalf("not a field error, so it has no sentinel and path to match: %v", err)
	}
	return list
}

// Require fails t unless err holds, for every matcher, a problem it
// matches; other problems may be there too.
func Require(t testing.TB, err error, ms ...Matcher) {
	t.Helper()
	list := Problems(t, err)
	for _, m := range ms {
		if !contains(list, m) {
			t.Fatalf("no problem %s in:\n%v", m, list)
		}
	}
}

// RequireProblem is Require with one matcher: the sentinel at the path.
func RequireProblem(t testing.TB, err error, sentinel error, path string) {
	t.Helper()
	Require(t, err, Match(sentinel, path))
}

// RequireExactly fails t unless err's problems are exactly the matchers,
// one problem each, in any order: no problem missing and none more.
func RequireExactly(t testing.TB, err error, ms ...Matcher) {
	t.Helper()
	list := Problems(t, err)
	left := append(field.ErrorList(nil), list...)
	for _, m := range ms {
		i := index(left, m)
		if i < 0 {
			t.Fatalf("no problem %s in:\n%v", m, list)
			return // for a TB whose Fatalf returns
		}
		left = append(left[:i], left[i+1:]...)
	}
	if len(left) > 0 {
		t.Fatalf("problems beyond the %d expected:\n%v", len(ms), left)
	}
}

// RequireSame fails t unless got's problems are exactly want's, one for
// one in any order, each matched by its sentinel, path and bad value: for
// a check held to the one it stands in for. A nil want requires no
// problem.
func RequireSame(t testing.TB, got, want error) {
	t.Helper()
	var ms []Matcher
	for _, e := range Problems(t, want) {
		ms = append(ms, Match(e.Type, e.Path.String()).Value(e.BadValue))
	}
	RequireExactly(t, got, ms...)
}

// RequireNone fails t unless m matches no problem of err.
func RequireNone(t testing.TB, err error, m Matcher) {
	t.Helper()
	if list := field.AsList(err); contains(list, m) {
		t.Fatalf("unexpected problem %s in:\n%v", m, list)
	}
}

func contains(list field.ErrorList, m Matcher) bool { return index(list, m) >= 0 }

func index(list field.ErrorList, m Matcher) int {
	for i, e := range list {
		if m.Matches(e) {
			return i
		}
	}
	return -1
}
