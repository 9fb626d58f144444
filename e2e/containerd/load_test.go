package containerd_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Load merges config.toml with the files its imports name as the real
// containerd does: for each tree of containerd's testdata/load (a conf.d
// drop-in imported, the same drop-in not imported, a version 2 drop-in
// under a version 3 file), `containerd --config F config dump` of 2.2.9 and
// 2.4.2 and Load for that release agree on what the drop-in tweaks.
func TestLoadAgreesWithConfigDump(t *testing.T) {
	for _, tree := range []string{"imported", "not-imported", "mixed-versions"} {
		for _, tg := range realcheck.ContainerdReleases {
			if runtime.MustParseVersion(tg.Version).Before(runtime.NewVersion(2, 0)) {
				continue // 1.6 and 1.7 read no version 3 file
			}
			t.Run(tree+"/"+tg.Version, func(t *testing.T) {
				bin := tg.Binary(t)
				root := writeTree(t, "../../containerd/testdata/load/"+tree+".txtar")
				dumped := realcheck.ContainerdDump(t, bin, filepath.Join(root, containerd.ConfigFile))

				loaded, err := containerd.Load(inspect.NewNode(os.DirFS(root)), containerd.ConfigFile, runtime.MustParseVersion(tg.Version))
				require.NoError(t, err)
				got := loaded.Config // in its own layout when alone: Validate migrates it
				assert.Equal(t, dumped.Images.SandboxImage, got.Images.SandboxImage)
				assert.Equal(t, dumped.Runtime.Runtimes["runc"].Options, got.Runtime.Runtimes["runc"].Options)
				if got.Root != "" {
					assert.Equal(t, dumped.Root, got.Root)
				}
				for _, p := range got.DisabledPlugins {
					assert.Contains(t, dumped.DisabledPlugins, p)
				}
				assert.Len(t, dumped.DisabledPlugins, len(got.DisabledPlugins))
			})
		}
	}
}

// writeTree writes the files of a txtar, named by node paths, under a new
// directory that stands for the node's /, and returns it.
func writeTree(t *testing.T, archive string) string {
	t.Helper()
	data, err := os.ReadFile(archive)
	require.NoError(t, err)
	root := t.TempDir()
	for name, content := range runtime.TxtarFiles(data) {
		p := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}
