package crio_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestRenderGolden(t *testing.T) {
	data, err := validConfig().Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/valid.toml", data, *update)
}

func TestRenderParseRenderIsStable(t *testing.T) {
	c := validConfig()
	c.Image.InsecureRegistries = []string{}
	c.TopLevel = map[string]any{"unrelated": map[string]any{"k": int64(1)}}
	first, err := c.Render()
	require.NoError(t, err)
	parsed, err := crio.Parse(first)
	require.NoError(t, err)
	assert.Equal(t, c, parsed, "parse(render(c)) == c")
	second, err := parsed.Render()
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
	for range 20 {
		again, err := c.Render()
		require.NoError(t, err)
		require.Equal(t, string(first), string(again), "Render is deterministic")
	}
}

func TestRenderKeepsEmptyAndUnsetApart(t *testing.T) {
	empty := ""
	c := &crio.Config{Image: crio.Image{PauseCommand: &empty, InsecureRegistries: []string{}}}
	data, err := c.Render()
	require.NoError(t, err)
	assert.Equal(t, "[crio]\n[crio.image]\ninsecure_registries = []\npause_command = ''\n", string(data))
	back, err := crio.Parse(data)
	require.NoError(t, err)
	require.NotNil(t, back.Image.PauseCommand)
	assert.Equal(t, "", *back.Image.PauseCommand)
	assert.NotNil(t, back.Image.InsecureRegistries)

	data, err = (&crio.Config{}).Render()
	require.NoError(t, err)
	assert.Equal(t, "[crio]\n", string(data))
}

func TestRenderWritesEmptyRuntimeTable(t *testing.T) {
	c := &crio.Config{Runtime: crio.Runtime{Runtimes: map[string]crio.RuntimeHandler{"crun": {}}}}
	data, err := c.Render()
	require.NoError(t, err)
	back, err := crio.Parse(data)
	require.NoError(t, err)
	assert.Contains(t, back.Runtime.Runtimes, "crun", "an empty table still defines the handler")
}

func TestRenderRefusesWhatItCannotWrite(t *testing.T) {
	c := validConfig()
	c.Image.Extra = map[string]any{"pause_image": "x"}
	c.Network.Extra = map[string]any{"bad": make(chan int)}
	_, err := c.Render()
	fieldtest.RequireProblem(t, err, field.ErrConflict, "crio.image.pause_image")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "crio.network.bad")
}

// TestParseKeepsEveryKey reads CRI-O 1.34.0's WriteTemplate(true) output
// (every key its config package knows) and writes it back.
func TestParseKeepsEveryKey(t *testing.T) {
	data, err := os.ReadFile("testdata/crio-1.34.0-all-keys.toml")
	require.NoError(t, err)
	c, err := crio.Parse(data)
	require.NoError(t, err)
	assert.Equal(t, runtime.CgroupSystemd, c.Runtime.CgroupManager)
	assert.Equal(t, "pod", c.Runtime.ConmonCgroup)
	assert.Equal(t, "crun", c.Runtime.DefaultRuntime)
	assert.Equal(t, "registry.k8s.io/pause:3.10", c.Image.PauseImage)
	assert.Equal(t, "/pause", *c.Image.PauseCommand)
	assert.Equal(t, []string{}, c.Image.InsecureRegistries)
	assert.Equal(t, "/var/run/crio/crio.sock", c.API.Listen)
	assert.Equal(t, []string{"/opt/cni/bin/"}, c.Network.PluginDirs)
	assert.Equal(t, crio.RuntimeTypeOCI, c.Runtime.Runtimes["crun"].RuntimeType)
	assert.Equal(t, "/var/lib/containers/storage", c.Root)
	assert.Equal(t, "/run/containers/storage", c.RunRoot)
	assert.Equal(t, "", c.Image.GlobalAuthFile)
	assert.Equal(t, int64(83886080), c.API.Extra["grpc_max_send_msg_size"])
	assert.Equal(t, int64(-1), c.Runtime.Extra["pids_limit"])
	assert.Len(t, c.Runtime.Runtimes["crun"].Extra, 6)

	out, err := c.Render()
	require.NoError(t, err)
	back, err := crio.Parse(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)

	// CRI-O's template puts some keys where its decoder does not read them.
	warnings, err := c.Validate(v134)
	require.NoError(t, err)
	fieldtest.RequireExactly(t, warnings.Filter(field.ErrUnknown).Err(),
		fieldtest.Match(field.ErrUnknown, "crio.runtime.runtimes.crun.hostnetwork_disable_selinux"),
		fieldtest.Match(field.ErrUnknown, "crio.runtime.runtimes.crun.disable_hostport_mapping"),
		fieldtest.Match(field.ErrUnknown, "crio.runtime.runtimes.crun.timezone"),
		fieldtest.Match(field.ErrUnknown, "crio.network.included_pod_metrics"))
}

func TestParseRefusesWrongTypes(t *testing.T) {
	tests := []struct {
		name, file, path string
	}{
		{"crio not a table", "crio = 1\n", "crio"},
		{"cgroup manager not a string", "[crio.runtime]\ncgroup_manager = true\n", "crio.runtime.cgroup_manager"},
		{"plugin dirs not a list", "[crio.network]\nplugin_dirs = '/opt/cni/bin'\n", "crio.network.plugin_dirs"},
		{"plugin dir not a string", "[crio.network]\nplugin_dirs = ['/opt/cni/bin', 1]\n", "crio.network.plugin_dirs[1]"},
		{"runtime not a table", "[crio.runtime]\nruntimes = { crun = 1 }\n", "crio.runtime.runtimes.crun"},
		{"monitor env not strings", "[crio.runtime.runtimes.crun]\nmonitor_env = [1]\n", "crio.runtime.runtimes.crun.monitor_env[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crio.Parse([]byte(tt.file))
			fieldtest.RequireProblem(t, err, field.ErrInvalid, tt.path)
		})
	}
	_, err := crio.Parse([]byte("[crio\n"))
	assert.Error(t, err, "not TOML")
}

func TestCloneIsDeep(t *testing.T) {
	c := validConfig()
	d := c.Clone()
	require.Equal(t, c, d)
	setHandler(d, "crun", func(h *crio.RuntimeHandler) { h.MonitorEnv[0] = "X=1" })
	*d.Image.PauseCommand = "/other"
	d.Extra["metrics"].(map[string]any)["enable_metrics"] = false
	d.Network.PluginDirs[0] = "/x"
	assert.Equal(t, validConfig(), c)
	assert.Nil(t, (*crio.Config)(nil).Clone())
}
