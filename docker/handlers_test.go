package docker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// testHandlers are a GPU node's handlers: nvidia's runc-compatible binary
// as the default, kata's shim with its configuration, gVisor's shim.
func testHandlers() []runtime.RuntimeHandler {
	return []runtime.RuntimeHandler{
		{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
		{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/opt/kata/share/defaults/kata-containers/configuration.toml"},
		{Name: "gvisor", Kind: runtime.HandlerShim, Shim: "io.containerd.runsc.v1"},
	}
}

func TestWithRuntimeHandlers(t *testing.T) {
	cfg, err := docker.New(docker.WithVersion("24.0"), docker.WithRuntimeHandlers(testHandlers()))
	require.NoError(t, err)
	assert.Equal(t, map[string]docker.Runtime{
		"nvidia": {Path: "/usr/bin/nvidia-container-runtime"},
		"kata": {RuntimeType: "io.containerd.kata.v2",
			Options: map[string]any{"ConfigPath": "/opt/kata/share/defaults/kata-containers/configuration.toml"}},
		"gvisor": {RuntimeType: "io.containerd.runsc.v1"},
	}, cfg.Runtimes)
	assert.Equal(t, "nvidia", cfg.DefaultRuntime)
	assert.Equal(t, runtime.CgroupSystemd, cfg.CgroupDriver(), "the one cgroup driver is global, for every runtime")

	// runc-kind handlers only, and none the default: what 20.10 and 23.0
	// read.
	for _, v := range []string{"20.10", "23.0"} {
		cfg, err = docker.New(docker.WithVersion(v), docker.WithRuntimeHandlers(testHandlers()[:1:1]))
		require.NoError(t, err)
		assert.Equal(t, "nvidia", cfg.DefaultRuntime)
	}
	hs := testHandlers()[:1:1]
	hs[0].Default = false
	cfg, err = docker.New(docker.WithRuntimeHandlers(hs))
	require.NoError(t, err)
	assert.Empty(t, cfg.DefaultRuntime, "runc stays the default")
}

func TestWithRuntimeHandlersRefuses(t *testing.T) {
	tests := []struct {
		name    string
		version string
		edit    func(hs []runtime.RuntimeHandler)
		want    []fieldtest.Matcher
	}{
		{"a shim before 24.0", "23.0", func([]runtime.RuntimeHandler) {}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrUnknown, "runtimes.kata.runtimeType"),
			fieldtest.Match(field.ErrUnknown, "runtimes.kata.options"),
			fieldtest.Match(field.ErrUnknown, "runtimes.gvisor.runtimeType"),
		}},
		{"a config path of a runc handler", "28.5", func(hs []runtime.RuntimeHandler) { hs[0].ConfigPath = "/etc/nvidia-container-runtime/config.toml" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "runtime-handlers.nvidia.configPath")}},
		{"a config path of runc's shim", "28.5", func(hs []runtime.RuntimeHandler) {
			hs[2].Shim = "io.containerd.runc.v2"
			hs[2].ConfigPath = "/etc/x.toml"
		},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "runtime-handlers.gvisor.configPath")}},
		{"privileged without host devices", "28.5", func(hs []runtime.RuntimeHandler) { hs[1].PrivilegedWithoutHostDevices = true },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "runtime-handlers.kata.privilegedWithoutHostDevices")}},
		{"pod annotations", "28.5", func(hs []runtime.RuntimeHandler) { hs[1].PodAnnotations = []string{"io.katacontainers.*"} },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "runtime-handlers.kata.podAnnotations")}},
		{"the shared checks", "28.5", func(hs []runtime.RuntimeHandler) { hs[2].Name = "runc"; hs[1].Default = true },
			[]fieldtest.Matcher{
				fieldtest.Match(field.ErrForbidden, "runtime-handlers[2].name"),
				fieldtest.Match(field.ErrForbidden, "runtime-handlers[1].default"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := testHandlers()
			tt.edit(hs)
			_, err := docker.New(docker.WithVersion(tt.version), docker.WithRuntimeHandlers(hs))
			fieldtest.RequireExactly(t, err, tt.want...)
		})
	}
}

// dockerd 24.0 and later refuse options on a runtime given by path.
func TestValidateRuntimeOptions(t *testing.T) {
	cfg := &docker.DaemonConfig{Runtimes: map[string]docker.Runtime{"x": {Path: "/usr/bin/crun", Options: map[string]any{"ConfigPath": "/x"}}}}
	_, err := cfg.Validate(runtime.MustParseVersion("28.5"), nil)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "runtimes.x.options"))
	_, err = cfg.Validate(runtime.MustParseVersion("23.0"), nil)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrUnknown, "runtimes.x.options"))
}

func TestWithDataRoot(t *testing.T) {
	_, err := docker.NewInstaller(docker.WithDataRoot("var/lib/docker"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "data-root"))
	_, err = docker.NewInstaller(docker.WithDataRoot("/data/docker"), docker.WithExtraFlags("--data-root=/srv/docker"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "data-root"))
}

// TestNodePlanGolden pins the plan of a node with every issue-15 setting:
// registries, runtime handlers and a data root.
func TestNodePlanGolden(t *testing.T) {
	in, err := docker.NewInstaller(docker.WithVersion("28.5"),
		docker.WithRegistryHosts(testRegistries(t)),
		docker.WithRuntimeHandlers(testHandlers()),
		docker.WithDataRoot("/data/docker"))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	cfg := daemonJSON(t, plan)
	assert.Equal(t, "/data/docker", cfg.DataRoot)
	assert.Equal(t, "nvidia", cfg.DefaultRuntime)
	plantest.Golden(t, "testdata/node-28.5.txtar", plan, *update)
}
