package plantest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// recorder captures failures instead of failing the real test, so the
// mismatch path itself can be tested.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestGoldenUpdateThenMatchThenMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "plan.txtar")
	plan := &runtime.Plan{
		Files: []runtime.File{{Path: "/etc/a.conf", Mode: 0o644, Content: []byte("a = 1\n")}},
		Units: []runtime.UnitAction{{Unit: "a.service", Action: runtime.ActionStart}},
	}
	plantest.Golden(t, path, plan, true)
	_, err := os.Stat(path)
	assert.NoError(t, err)

	r := &recorder{TB: t}
	plantest.Golden(r, path, plan, false)
	assert.False(t, r.failed, "an unchanged plan must match its golden file")

	plan.Files[0].Content = []byte("a = 2\n")
	r = &recorder{TB: t}
	plantest.Golden(r, path, plan, false)
	assert.True(t, r.failed, "a changed file must fail the comparison")

	plan.Files[0].Content = []byte("a = 1\n")
	plan.Files[0].Mode = 0o600
	r = &recorder{TB: t}
	plantest.Golden(r, path, plan, false)
	assert.True(t, r.failed, "a changed mode must fail the comparison")
}

func TestGoldenMissingFileFails(t *testing.T) {
	r := &recorder{TB: t}
	plantest.Golden(r, filepath.Join(t.TempDir(), "none.txtar"), &runtime.Plan{}, false)
	assert.True(t, r.failed)
}
