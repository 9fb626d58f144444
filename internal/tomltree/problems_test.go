package tomltree

import (
	"errors"
	"testing"

	"github.com/kubenode/kubenode/runtime/field"
)

// assertProblems checks that errs holds exactly one problem per path, in
// that order, each matching sentinel. It stands in for the fieldtest
// matcher until that lands.
func assertProblems(t *testing.T, errs field.ErrorList, sentinel error, paths ...string) {
	t.Helper()
	if len(errs) != len(paths) {
		t.Fatalf("got %d problems, want %d at %q:\n%v", len(errs), len(paths), paths, errs)
	}
	for i, e := range errs {
		if !errors.Is(e, sentinel) || e.Path.String() != paths[i] {
			t.Errorf("problem %d is %v at %q, want %v at %q", i, e.Type, e.Path.String(), sentinel, paths[i])
		}
	}
}
