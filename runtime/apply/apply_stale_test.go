package apply_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// An apply killed between writing a temp file and renaming it leaves
// .<name>.kubenode-<12 hex digits> behind; the next apply removes those in
// the plan's directories, and nothing else.
func TestApplyRemovesItsStaleTempFiles(t *testing.T) {
	root := t.TempDir()
	rec := manager.NewRecorder()
	applyCounted(t, root, plansample.NodePlan(), rec)
	at := func(name string) string { return filepath.Join(root, name) }
	stale := []string{
		"etc/.crictl.yaml.kubenode-0123456789ab",
		"etc/containerd/.config.toml.kubenode-a1b2c3d4e5f6",
		"etc/containerd/.gone.toml.kubenode-ffffffffffff", // a file the plan no longer has
	}
	kept := []string{
		"etc/.crictl.yaml.kubenode-new",           // not Apply's name
		"etc/.crictl.yaml.kubenode-0123456789abc", // 13 digits
		"etc/.crictl.yaml.kubenode-0123456789AB",  // upper case
		"etc/crictl.yaml.kubenode-0123456789ab",   // no leading dot
		"etc/..kubenode-0123456789ab",             // no name
		"etc/.crictl.yaml.kubenode-0123456789ab~",
		"opt/.crictl.yaml.kubenode-0123456789ab", // not a directory of the plan
	}
	for _, name := range append(append([]string{}, stale...), kept...) {
		require.NoError(t, os.MkdirAll(filepath.Dir(at(name)), 0o755))
		require.NoError(t, os.WriteFile(at(name), []byte("half written"), 0o600))
	}
	// Only regular files are Apply's: a directory or a link of that name
	// stays.
	require.NoError(t, os.Mkdir(at("etc/.dir.kubenode-0123456789ab"), 0o755))
	require.NoError(t, os.Symlink("crictl.yaml", at("etc/.link.kubenode-0123456789ab")))
	kept = append(kept, "etc/.dir.kubenode-0123456789ab", "etc/.link.kubenode-0123456789ab")

	// A dry run removes nothing.
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root, DryRun: true})
	for _, name := range stale {
		assert.FileExists(t, at(name))
	}

	res, log := applyCounted(t, root, plansample.NodePlan(), rec)
	assert.False(t, res.Changed(), "the plan itself is unchanged")
	for _, name := range stale {
		_, err := os.Lstat(at(name))
		assert.ErrorIs(t, err, os.ErrNotExist, name)
	}
	for _, name := range kept {
		_, err := os.Lstat(at(name))
		assert.NoError(t, err, name)
	}
	assert.ElementsMatch(t, stale, log.names("remove"))
	assert.Empty(t, log.names("write"))

	// With nothing stale left, a re-apply touches nothing again.
	_, log = applyCounted(t, root, plansample.NodePlan(), rec)
	assert.Empty(t, log.ops)
}

// The directories of the plan's binaries are the plan's too.
func TestApplyRemovesStaleTempFilesBesideBinaries(t *testing.T) {
	p := serveRelease(t, releasetest.NewServer(t), newRelease(t, "v1"))
	root := t.TempDir()
	mustApply(t, p, apply.Options{Root: root})
	stale := filepath.Join(root, "usr/local/sbin/.runc.kubenode-00000000000a")
	require.NoError(t, os.WriteFile(stale, []byte("half a binary"), 0o600))
	res := mustApply(t, p, apply.Options{Root: root})
	assert.False(t, res.Changed())
	_, err := os.Lstat(stale)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
