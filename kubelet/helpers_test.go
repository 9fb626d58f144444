package kubelet_test

import (
	"testing"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func ptr[T any](v T) *T { return &v }

var v137 = runtime.NewVersion(1, 37)

// oneProblem changes one thing of a valid T and names the one problem
// Validate must then report for the target.
type oneProblem[T any] struct {
	name   string
	target runtime.Version
	change func(T)
	want   error
	path   string
}

// requireOneProblem applies each case to a fresh valid value and requires
// exactly its problem of validate.
func requireOneProblem[T any](t *testing.T, valid func(*testing.T) T, validate func(T, runtime.Version) error, tests []oneProblem[T]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid(t)
			tt.change(v)
			fieldtest.RequireExactly(t, validate(v, tt.target), fieldtest.Match(tt.want, tt.path))
		})
	}
}
