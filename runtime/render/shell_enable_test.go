package render_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/render"
)

// With ROOT set the script enables the plan's units in the root, as
// systemctl --root does, and starts nothing: an image root built from the
// script boots with its units enabled.
func TestShellEnablesUnitsUnderRoot(t *testing.T) {
	testenv.Program(t, "systemctl")
	plan, err := plansample.ContainerdNode().Plan(context.Background())
	require.NoError(t, err)
	script, err := render.Shell(plan)
	require.NoError(t, err)
	root := t.TempDir()
	out, err := runSh(t, script, root)
	require.NoError(t, err, out)
	link, err := os.Readlink(filepath.Join(root, "etc/systemd/system/multi-user.target.wants/containerd.service"))
	require.NoError(t, err, "containerd.service is enabled in the root:\n%s", out)
	assert.Equal(t, "/etc/systemd/system/containerd.service", link)
}
