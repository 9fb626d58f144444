package apply_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// TestOfflineManagerMatchesSystemctlRoot applies a plan to an image root
// with manager.Offline and compares the links it makes with those
// the real `systemctl --root=DIR enable` makes for the same units: a
// daemon with WantedBy=, a socket, a RequiredBy=, an Alias= and an Also=.
func TestOfflineManagerMatchesSystemctlRoot(t *testing.T) {
	systemctl := testenv.Program(t, "systemctl")
	plan := containerdPlan(t, pauseA)
	plan.Files = append(plan.Files,
		runtime.File{Path: "/usr/lib/systemd/system/kubenode-e2e.socket", Mode: 0o644, Content: []byte("[Socket]\nListenStream=/run/kubenode-e2e.sock\n\n[Install]\nWantedBy=sockets.target\n")},
		runtime.File{Path: "/etc/systemd/system/kubenode-e2e.service", Mode: 0o644, Content: []byte("[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\nRequiredBy=kubenode-e2e.target\nAlias=kubenode-alias.service\nAlso=kubenode-e2e.socket\n")},
	)
	plan.Units = append(plan.Units, runtime.UnitAction{Unit: "kubenode-e2e.service", Action: runtime.ActionEnable})

	byManager, bySystemctl := t.TempDir(), t.TempDir()
	res, err := apply.Apply(context.Background(), plan, apply.Options{Root: byManager, Manager: manager.Offline{Root: byManager}})
	require.NoError(t, err)
	assert.Contains(t, res.Units, apply.UnitStep{Unit: "containerd.service", Action: runtime.ActionStart, Skipped: true})

	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: bySystemctl})
	require.NoError(t, err)
	out, err := exec.Command(systemctl, "--root="+bySystemctl, "enable", "containerd.service", "kubenode-e2e.service").CombinedOutput()
	require.NoError(t, err, "%s", out)

	want := links(t, bySystemctl)
	require.NotEmpty(t, want)
	assert.Equal(t, want, links(t, byManager))
	assert.Equal(t, dirModes(t, bySystemctl), dirModes(t, byManager))
}

// links maps each symlink under root/etc/systemd/system to its target.
func links(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	base := filepath.Join(root, "etc/systemd/system")
	require.NoError(t, filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			rel, _ := filepath.Rel(base, p)
			out[rel] = target
		}
		return err
	}))
	return out
}

// dirModes maps each directory under root/etc/systemd/system to its mode.
func dirModes(t *testing.T, root string) map[string]os.FileMode {
	t.Helper()
	out := map[string]os.FileMode{}
	base := filepath.Join(root, "etc/systemd/system")
	require.NoError(t, filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.IsDir() {
			rel, _ := filepath.Rel(base, p)
			out[rel] = fi.Mode()
		}
		return err
	}))
	return out
}
