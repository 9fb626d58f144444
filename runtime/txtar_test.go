package runtime_test

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/plantest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestPlanTxtarGolden(t *testing.T) {
	p := validPlan()
	p.Files[1].Owner, p.Files[1].Group, p.Files[1].Mode = "root", "docker", 0o640
	plantest.Golden(t, "testdata/plan.txtar", p, *update)
}

func TestPlanTxtarSections(t *testing.T) {
	data, err := validPlan().Txtar()
	require.NoError(t, err)
	files := runtime.TxtarFiles(data)
	assert.Equal(t, "version = 3\n", files["/etc/containerd/config.toml"])
	assert.Contains(t, files[runtime.SummaryName], "mode: \"0644\"")
}

func TestPlanTxtarRefusesUnsafeContent(t *testing.T) {
	for _, content := range []string{"no newline", "a\n-- /etc/evil --\nb\n"} {
		p := &runtime.Plan{Files: []runtime.File{{Path: "/etc/x", Mode: 0o644, Content: []byte(content)}}}
		_, err := p.Txtar()
		assert.Error(t, err, content)
	}
}
