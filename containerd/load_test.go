package containerd_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// nodeOf is a node holding the files of a txtar, by their node paths.
func nodeOf(t *testing.T, archive string) *inspect.Node {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, content := range runtime.TxtarFiles(readFile(t, archive)) {
		fsys[name[1:]] = &fstest.MapFile{Data: []byte(content)}
	}
	return inspect.NewNode(fsys)
}

// nodeFiles is a node of files given inline.
func nodeFiles(files map[string]string) *inspect.Node {
	return inspect.NewNode(inspecttest.NodeFS(files))
}

const dropIn = "/etc/containerd/conf.d/10-tweak.toml"

// A drop-in in conf.d counts only when config.toml imports it; `containerd
// config dump` of 2.2.9 and 2.4.2 agrees (e2e/containerd).
func TestLoadDropInOnlyWhenImported(t *testing.T) {
	for _, target := range []string{"2.2", "2.4"} {
		t.Run(target, func(t *testing.T) {
			in, err := containerd.Load(nodeOf(t, "testdata/load/imported.txtar"), containerd.ConfigFile, v(target))
			require.NoError(t, err)
			assert.Equal(t, []string{containerd.ConfigFile, dropIn}, in.Files)
			c := in.Config
			assert.Equal(t, "registry.example/pause:tweak", c.Images.SandboxImage)
			runc := c.Runtime.Runtimes["runc"].Options
			assert.False(t, runc.SystemdCgroup, "a plugin key the drop-in sets to false replaces true")
			assert.Equal(t, "/usr/local/sbin/runc", runc.BinaryName, "plugin tables merge key by key")
			assert.Equal(t, "/var/lib/containerd-test", c.Root, "an empty top-level value replaces nothing")
			assert.Equal(t, []string{"io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.btrfs"}, c.DisabledPlugins)
			assert.Equal(t, dropIn, in.FileOf(field.NewTOMLPath("plugins", "io.containerd.cri.v1.images", "pinned_images", "sandbox")))
			assert.Equal(t, containerd.ConfigFile, in.FileOf(field.NewTOMLPath("plugins", "io.containerd.cri.v1.runtime", "containerd", "runtimes", "runc", "runtime_type")))

			in, err = containerd.Load(nodeOf(t, "testdata/load/not-imported.txtar"), containerd.ConfigFile, v(target))
			require.NoError(t, err)
			assert.Equal(t, []string{containerd.ConfigFile}, in.Files)
			assert.Equal(t, "registry.k8s.io/pause:3.10.1", in.Config.Images.SandboxImage)
			assert.True(t, in.Config.Runtime.Runtimes["runc"].Options.SystemdCgroup)
			assert.Equal(t, []string{"io.containerd.snapshotter.v1.zfs"}, in.Config.DisabledPlugins)
		})
	}
}

// containerd 2.2 migrates the merged files from the last one's version;
// 2.3 and later migrate each before merging (measured with 2.2.9 and
// 2.4.2, see the txtar).
func TestLoadMixedVersions(t *testing.T) {
	for target, systemd := range map[string]bool{"2.2": true, "2.4": false} {
		in, err := containerd.Load(nodeOf(t, "testdata/load/mixed-versions.txtar"), containerd.ConfigFile, v(target))
		require.NoError(t, err, target)
		cv, _ := containerd.ConfigVersion(v(target))
		assert.Equal(t, cv, in.Config.Version, target)
		assert.Equal(t, systemd, in.Config.Runtime.Runtimes["runc"].Options.SystemdCgroup, target)
		assert.Equal(t, "registry.k8s.io/pause:3.8", in.Config.Images.SandboxImage, target)
	}
}

func TestLoadMergeRules(t *testing.T) {
	files := map[string]string{
		containerd.ConfigFile: lines(
			`version = 2`,
			`imports = ["conf.d/*.toml", "/etc/containerd/conf.d/a.toml"]`,
			`[proxy_plugins.stargz]`, `type = "snapshot"`, `address = "/run/stargz.sock"`,
			`[plugins."io.containerd.grpc.v1.cri"]`, `sandbox_image = "registry.k8s.io/pause:3.9"`,
		),
		"/etc/containerd/conf.d/a.toml": lines(
			`imports = ["../more/b.toml"]`,
			`[proxy_plugins.stargz]`, `address = "/run/other.sock"`,
			`[plugins."io.containerd.grpc.v1.cri"]`, `max_concurrent_downloads = 5`,
		),
		"/etc/containerd/more/b.toml": lines(`imports = ["/etc/containerd/config.toml"]`, `oom_score = -999`),
	}
	// 1.x replaces a plugin table an import sets; 2.x merges it.
	for target, sandbox := range map[string]string{"1.7": "", "2.2": "registry.k8s.io/pause:3.9"} {
		in, err := containerd.Load(nodeFiles(files), containerd.ConfigFile, v(target))
		require.NoError(t, err, target)
		assert.Empty(t, in.Findings, target)
		assert.Equal(t, []string{containerd.ConfigFile, "/etc/containerd/conf.d/a.toml", "/etc/containerd/more/b.toml"}, in.Files,
			"imports relative to the importing file, each file once")
		assert.Equal(t, sandbox, in.Config.Images.SandboxImage, target)
		assert.Equal(t, 5, in.Config.Images.MaxConcurrentDownloads, target)
		assert.Equal(t, map[string]any{"address": "/run/other.sock"}, in.Config.Extra["proxy_plugins"].(map[string]any)["stargz"],
			"a proxy plugin is replaced whole")
		assert.Equal(t, "/etc/containerd/more/b.toml", in.FileOf(field.NewTOMLPath("oom_score")))
	}
}

func TestLoadReportsImportsContainerdRefuses(t *testing.T) {
	in, err := containerd.Load(nodeFiles(map[string]string{
		containerd.ConfigFile:           lines(`version = 3`, `imports = ["/etc/containerd/missing.toml", "conf.d/*.toml"]`),
		"/etc/containerd/conf.d/x.toml": "not [toml\n",
	}), containerd.ConfigFile, v("2.2"))
	require.NoError(t, err)
	require.Len(t, in.Findings, 2)
	assert.Equal(t, containerd.ConfigFile, in.Findings[0].File)
	fieldtest.RequireExactly(t, in.Findings[0].Err, fieldtest.Match(field.ErrInvalid, "imports").Value("/etc/containerd/missing.toml"))
	assert.Equal(t, "/etc/containerd/conf.d/x.toml", in.Findings[1].File)
	fieldtest.RequireExactly(t, in.Findings[1].Err, fieldtest.Match(field.ErrInvalid, ""))

	_, err = containerd.Load(nodeFiles(map[string]string{containerd.ConfigFile: "version = 3\nroot = 1\n"}), containerd.ConfigFile, v("2.2"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "root")
}
