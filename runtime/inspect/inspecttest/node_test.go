package inspecttest_test

import (
	"testing"

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
