package render_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/render"
)

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	p := plansample.NodePlan()
	require.NoError(t, render.WriteDir(p, dir))
	got, err := os.ReadFile(filepath.Join(dir, "etc/containerd/config.toml"))
	require.NoError(t, err)
	assert.Equal(t, "version = 3\n", string(got))
	st, err := os.Stat(filepath.Join(dir, "etc/crictl.yaml"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// A second write of a changed mode corrects it.
	p.Files[3].Mode = 0o644
	require.NoError(t, render.WriteDir(p, dir))
	st, _ = os.Stat(filepath.Join(dir, "etc/crictl.yaml"))
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
}

func TestWriteDirWritesNothingForInvalidPlan(t *testing.T) {
	dir := t.TempDir()
	p := plansample.NodePlan()
	p.Files[1].Path = "/etc/../../escape"
	fieldtest.RequireProblem(t, render.WriteDir(p, dir), field.ErrInvalid, "files[1].path")
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)
}

func TestWriteDirStaysInsideDir(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "etc")))
	err := render.WriteDir(plansample.NodePlan(), dir)
	assert.Error(t, err, "a symlink out of the directory must not be followed")
	entries, _ := os.ReadDir(outside)
	assert.Empty(t, entries)
}
