package testenv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/internal/testenv"
)

// recorder notes how a test was stopped instead of stopping it: the first
// of Fatalf and Skipf counts, as that one would end a real test.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(string, ...any) { r.failed = r.failed || !r.skipped }

func (r *recorder) Skipf(string, ...any) { r.skipped = r.skipped || !r.failed }

// A missing program fails on CI and skips elsewhere.
func TestMissingProgram(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			r := &recorder{}
			testenv.Program(r, "kubenode-no-such-program")
			assert.Equal(t, ci == "true", r.failed)
			assert.Equal(t, ci != "true", r.skipped)
		})
	}
}

func TestProgramFound(t *testing.T) {
	assert.NotEmpty(t, testenv.Program(t, "go"))
}
