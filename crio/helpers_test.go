package crio_test

import (
	"errors"
	"flag"
	"testing"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

var update = flag.Bool("update", false, "rewrite golden files")

var v134 = runtime.MustParseVersion("1.34")

// assertProblem fails unless err holds a problem matching sentinel at
// path.
func assertProblem(t *testing.T, err error, sentinel error, path string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %v at %s", sentinel, path)
	}
	for _, e := range field.AsList(err) {
		if errors.Is(e, sentinel) && e.Path.String() == path {
			return
		}
	}
	t.Fatalf("no %v at %s in:\n%v", sentinel, path, err)
}

// paths lists the paths of a list of problems, for whole-report
// comparisons.
func paths(l field.ErrorList) []string {
	out := []string{}
	for _, e := range l {
		out = append(out, e.Path.String())
	}
	return out
}
