package inspecttest_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

func TestNodes(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{{Path: "/usr/local/bin/x", Mode: 0o755, Content: []byte("x")}}}
	m := inspecttest.PlanFS(t, plan)
	assert.Equal(t, []byte("x"), m["usr/local/bin/x"].Data)

	inspecttest.Edit(t, m, "/usr/local/bin/x", "x", "y")
	assert.Equal(t, []byte("y"), m["usr/local/bin/x"].Data)
	assert.Equal(t, plan.Files[0].Mode, m["usr/local/bin/x"].Mode, "the mode is kept")

	r := &recorder{TB: t}
	inspecttest.Edit(r, m, "/usr/local/bin/x", "x", "z")
	assert.True(t, r.failed, "nothing to replace")
	r.failed = false
	inspecttest.Edit(r, m, "/etc/none", "x", "z")
	assert.True(t, r.failed, "no such file")

	n := inspecttest.NodeFS(map[string]string{"/etc/a": "a"})
	inspecttest.Set(n, "/etc/b", "b")
	assert.Equal(t, []byte("a"), n["etc/a"].Data)
	assert.Equal(t, []byte("b"), n["etc/b"].Data)
}

// planned is an installer of a fixed plan.
type planned struct {
	plan *runtime.Plan
	err  error
}

func (p planned) Name() string                                { return "planned" }
func (p planned) Plan(context.Context) (*runtime.Plan, error) { return p.plan, p.err }

func TestInstallerFSAndChanges(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{{Path: "/etc/a", Mode: 0o600, Content: []byte("a")}}}
	m := inspecttest.InstallerFS(t, planned{plan: plan})
	assert.Equal(t, &fstest.MapFile{Data: []byte("a"), Mode: 0o600}, m["etc/a"])

	inspecttest.Changes(inspecttest.Editing("/etc/a", "a", "b"), inspecttest.Setting("/etc/c", "c"))(t, m)
	assert.Equal(t, []byte("b"), m["etc/a"].Data)
	assert.Equal(t, []byte("c"), m["etc/c"].Data)

	r := &recorder{TB: t}
	inspecttest.InstallerFS(r, planned{err: errors.New("no plan")})
	assert.True(t, r.failed, "an installer that plans nothing")
}
