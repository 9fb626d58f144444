package crio_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// validConfig sets every typed field to a valid value.
func validConfig() *crio.Config {
	cmd := "/pause"
	return &crio.Config{
		Root:    "/var/lib/containers/storage",
		RunRoot: "/run/containers/storage",
		API:     crio.API{Listen: "/var/run/crio/crio.sock"},
		Runtime: crio.Runtime{
			CgroupManager:  runtime.CgroupSystemd,
			ConmonCgroup:   "pod",
			DefaultRuntime: "crun",
			Runtimes: map[string]crio.RuntimeHandler{
				"crun": {
					RuntimePath: "/usr/libexec/crio/crun", RuntimeType: crio.RuntimeTypeOCI, RuntimeRoot: "/run/crun",
					MonitorPath: "/usr/libexec/crio/conmon", MonitorCgroup: "pod", MonitorEnv: []string{"PATH=/usr/bin:/bin"},
					AllowedAnnotations: []string{"io.containers.trace-syscall"},
				},
				"kata": {
					RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: crio.RuntimeTypeVM,
					RuntimeConfigPath: "/etc/kata-containers/configuration.toml", PrivilegedWithoutHostDevices: true,
				},
			},
			Extra: map[string]any{"log_level": "info"},
		},
		Image: crio.Image{
			PauseImage:         "registry.k8s.io/pause:3.10.1",
			PauseImageAuthFile: "/etc/crio/pause-auth.json",
			PauseCommand:       &cmd,
			SignaturePolicy:    "/etc/crio/policy.json",
			GlobalAuthFile:     "/etc/crio/auth.json",
		},
		Network: crio.Network{NetworkDir: "/etc/cni/net.d/", PluginDirs: []string{"/opt/cni/bin/", "/usr/libexec/cni"}},
		Extra:   map[string]any{"metrics": map[string]any{"enable_metrics": true}},
	}
}

func TestValidConfigIsValid(t *testing.T) {
	for _, v := range crio.SupportedVersions {
		warnings, err := validConfig().Validate(v)
		require.NoError(t, err, v.String())
		assert.Empty(t, warnings, v.String())
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(*crio.Config)
		sentinel error
		path     string
	}{
		{"relative root", func(c *crio.Config) { c.Root = "var/lib/containers" }, field.ErrInvalid, "crio.root"},
		{"root at the file system root", func(c *crio.Config) { c.Root = "/" }, field.ErrInvalid, "crio.root"},
		{"runroot with dot dot", func(c *crio.Config) { c.RunRoot = "/run/../containers" }, field.ErrInvalid, "crio.runroot"},
		{"runroot inside root", func(c *crio.Config) { c.RunRoot = c.Root + "/run" }, field.ErrConflict, "crio.runroot"},
		{"root inside runroot", func(c *crio.Config) { c.Root = c.RunRoot + "/graph/" }, field.ErrConflict, "crio.runroot"},
		{"runroot is root", func(c *crio.Config) { c.RunRoot = c.Root }, field.ErrConflict, "crio.runroot"},
		{"typed storage key in Extra", func(c *crio.Config) { c.Extra["runroot"] = "/run/x" }, field.ErrConflict, "crio.runroot"},
		{"relative listen", func(c *crio.Config) { c.API.Listen = "crio.sock" }, field.ErrInvalid, "crio.api.listen"},
		{"listen too long", func(c *crio.Config) { c.API.Listen = "/run/" + longName(110) }, field.ErrTooLong, "crio.api.listen"},
		{"unknown cgroup manager", func(c *crio.Config) { c.Runtime.CgroupManager = "cgroup" }, field.ErrNotSupported, "crio.runtime.cgroup_manager"},
		{"slice conmon cgroup with cgroupfs", func(c *crio.Config) {
			c.Runtime.CgroupManager, c.Runtime.ConmonCgroup = runtime.CgroupCgroupfs, "kubepods.slice"
		}, field.ErrInvalid, "crio.runtime.conmon_cgroup"},
		{"plain conmon cgroup with systemd", func(c *crio.Config) { c.Runtime.ConmonCgroup = "conmon" }, field.ErrInvalid, "crio.runtime.conmon_cgroup"},
		{"plain conmon cgroup with the default manager", func(c *crio.Config) {
			c.Runtime.CgroupManager, c.Runtime.ConmonCgroup = "", "conmon"
		}, field.ErrInvalid, "crio.runtime.conmon_cgroup"},
		{"default runtime without a table", func(c *crio.Config) { c.Runtime.DefaultRuntime = "youki" }, field.ErrInvalid, "crio.runtime.default_runtime"},
		{"handler name not a DNS label", func(c *crio.Config) {
			c.Runtime.Runtimes["Kata_2"] = c.Runtime.Runtimes["kata"]
		}, field.ErrInvalid, "crio.runtime.runtimes.Kata_2"},
		{"unknown runtime type", func(c *crio.Config) { setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.RuntimeType = "wasm" }) },
			field.ErrNotSupported, "crio.runtime.runtimes.crun.runtime_type"},
		{"relative runtime path", func(c *crio.Config) { setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.RuntimePath = "crun" }) },
			field.ErrInvalid, "crio.runtime.runtimes.crun.runtime_path"},
		{"runtime root with dot dot", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.RuntimeRoot = "/run/../crun" })
		},
			field.ErrInvalid, "crio.runtime.runtimes.crun.runtime_root"},
		{"relative monitor path", func(c *crio.Config) { setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.MonitorPath = "conmon" }) },
			field.ErrInvalid, "crio.runtime.runtimes.crun.monitor_path"},
		{"vm binary misnamed", func(c *crio.Config) {
			setHandler(c, "kata", func(h *crio.RuntimeHandler) { h.RuntimePath = "/usr/bin/kata-runtime" })
		},
			field.ErrInvalid, "crio.runtime.runtimes.kata.runtime_path"},
		{"vm without path and misnamed handler", func(c *crio.Config) { setHandler(c, "kata", func(h *crio.RuntimeHandler) { h.RuntimePath = "" }) },
			field.ErrInvalid, "crio.runtime.runtimes.kata.runtime_path"},
		{"config path on an oci runtime", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.RuntimeConfigPath = "/etc/crun.toml" })
		}, field.ErrForbidden, "crio.runtime.runtimes.crun.runtime_config_path"},
		{"monitor cgroup with systemd", func(c *crio.Config) {
			c.Runtime.ConmonCgroup = "" // else it replaces every oci runtime's
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.MonitorCgroup = "conmon" })
		}, field.ErrInvalid, "crio.runtime.runtimes.crun.monitor_cgroup"},
		{"monitor cgroup of a pod runtime with cgroupfs", func(c *crio.Config) {
			c.Runtime.CgroupManager = runtime.CgroupCgroupfs
			c.Runtime.Runtimes["crun-rs"] = crio.RuntimeHandler{RuntimeType: crio.RuntimeTypePod, MonitorCgroup: "system.slice/x"}
		}, field.ErrInvalid, "crio.runtime.runtimes.crun-rs.monitor_cgroup"},
		{"monitor env without =", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.MonitorEnv = []string{"PATH"} })
		},
			field.ErrInvalid, "crio.runtime.runtimes.crun.monitor_env[0]"},
		{"duplicate annotation", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.AllowedAnnotations = []string{"a", "a"} })
		}, field.ErrDuplicate, "crio.runtime.runtimes.crun.allowed_annotations[1]"},
		{"empty annotation", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.AllowedAnnotations = []string{""} })
		},
			field.ErrRequired, "crio.runtime.runtimes.crun.allowed_annotations[0]"},
		{"pause image not a reference", func(c *crio.Config) { c.Image.PauseImage = "Registry.k8s.io/Pause:3.10" }, field.ErrInvalid, "crio.image.pause_image"},
		{"pause image untagged", func(c *crio.Config) { c.Image.PauseImage = "registry.k8s.io/pause" }, field.ErrInvalid, "crio.image.pause_image"},
		{"relative pause auth file", func(c *crio.Config) { c.Image.PauseImageAuthFile = "auth.json" }, field.ErrInvalid, "crio.image.pause_image_auth_file"},
		{"relative pause command", func(c *crio.Config) { cmd := "pause"; c.Image.PauseCommand = &cmd }, field.ErrInvalid, "crio.image.pause_command"},
		{"relative signature policy", func(c *crio.Config) { c.Image.SignaturePolicy = "policy.json" }, field.ErrInvalid, "crio.image.signature_policy"},
		{"relative global auth file", func(c *crio.Config) { c.Image.GlobalAuthFile = "auth.json" }, field.ErrInvalid, "crio.image.global_auth_file"},
		{"typed auth file key in Extra", func(c *crio.Config) { c.Image.Extra = map[string]any{"global_auth_file": "/x"} }, field.ErrConflict, "crio.image.global_auth_file"},
		{"insecure registry with a scheme", func(c *crio.Config) { c.Image.InsecureRegistries = []string{"http://r.example"} }, field.ErrInvalid, "crio.image.insecure_registries[0]"},
		{"relative network dir", func(c *crio.Config) { c.Network.NetworkDir = "net.d" }, field.ErrInvalid, "crio.network.network_dir"},
		{"no plugin dirs", func(c *crio.Config) { c.Network.PluginDirs = []string{} }, field.ErrRequired, "crio.network.plugin_dirs"},
		{"duplicate plugin dir", func(c *crio.Config) { c.Network.PluginDirs = []string{"/opt/cni/bin", "/opt/cni/bin/"} }, field.ErrDuplicate, "crio.network.plugin_dirs[1]"},
		{"typed key in Extra", func(c *crio.Config) { c.Runtime.Extra["cgroup_manager"] = "cgroupfs" }, field.ErrConflict, "crio.runtime.cgroup_manager"},
		{"typed table in Extra", func(c *crio.Config) { c.Extra["image"] = map[string]any{} }, field.ErrConflict, "crio.image"},
		{"typed handler key in Extra", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.Extra = map[string]any{"runtime_path": "/x"} })
		}, field.ErrConflict, "crio.runtime.runtimes.crun.runtime_path"},
		{"crio in TopLevel", func(c *crio.Config) { c.TopLevel = map[string]any{"crio": map[string]any{}} }, field.ErrConflict, "crio"},
		{"nil in Extra", func(c *crio.Config) { c.Extra["log_dir"] = nil }, field.ErrInvalid, "crio.log_dir"},
		{"Go struct in Extra", func(c *crio.Config) { c.Runtime.Extra["log_level"] = struct{}{} }, field.ErrInvalid, "crio.runtime.log_level"},
		{"integer above TOML's range in Extra", func(c *crio.Config) { c.Runtime.Extra["pids_limit"] = uint64(math.MaxUint64) }, field.ErrInvalid, "crio.runtime.pids_limit"},
		{"runtimes tables not tables", func(c *crio.Config) { c.Runtime.Extra["workloads"] = "x" }, field.ErrInvalid, "crio.runtime.workloads"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.mutate(c)
			_, err := c.Validate(v134)
			fieldtest.RequireProblem(t, err, tt.sentinel, tt.path)
		})
	}
}

func TestValidateWarnings(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		mutate   func(*crio.Config)
		sentinel error
		path     string
	}{
		{"unknown key", "1.34", func(c *crio.Config) { c.Runtime.Extra["no_such_key"] = true }, field.ErrUnknown, "crio.runtime.no_such_key"},
		{"key of a later release", "1.29", func(c *crio.Config) { c.Runtime.Extra["timezone"] = "Local" }, field.ErrUnknown, "crio.runtime.timezone"},
		{"removed key", "1.31", func(c *crio.Config) { c.Image.Extra = map[string]any{"registries": []any{"docker.io"}} }, field.ErrRemoved, "crio.image.registries"},
		{"nri before 1.26", "1.25", func(c *crio.Config) { c.Extra["nri"] = map[string]any{"enable_nri": true} }, field.ErrUnknown, "crio.nri"},
		{"unknown key in a known table", "1.34", func(c *crio.Config) { c.Extra["metrics"] = map[string]any{"port": int64(1)} }, field.ErrUnknown, "crio.metrics.port"},
		{"unknown handler key", "1.34", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.Extra = map[string]any{"timezone": "UTC"} })
		}, field.ErrUnknown, "crio.runtime.runtimes.crun.timezone"},
		{"unknown workload key", "1.34", func(c *crio.Config) {
			c.Runtime.Extra["workloads"] = map[string]any{"w": map[string]any{"activation_annotation": "a", "resource": map[string]any{}}}
		}, field.ErrUnknown, "crio.runtime.workloads.w.resource"},
		{"key outside crio", "1.34", func(c *crio.Config) { c.TopLevel = map[string]any{"runtime": map[string]any{}} }, field.ErrUnknown, "runtime"},
		{"deprecated key", "1.30", func(c *crio.Config) { c.Runtime.Extra["selinux"] = true }, field.ErrDeprecated, "crio.runtime.selinux"},
		{"deprecated typed key", "1.34", func(c *crio.Config) { c.Image.InsecureRegistries = []string{"10.0.0.0/8"} }, field.ErrDeprecated, "crio.image.insecure_registries"},
		{"packaged runtime as default", "1.34", func(c *crio.Config) { c.Runtime.DefaultRuntime = "runc" }, field.ErrRequired, "crio.runtime.default_runtime"},
		{"monitor cgroup replaced by conmon_cgroup", "1.34", func(c *crio.Config) {
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.MonitorCgroup = "system.slice" })
		}, field.ErrConflict, "crio.runtime.runtimes.crun.monitor_cgroup"},
		{"systemd default conmon cgroup with cgroupfs", "1.34", func(c *crio.Config) {
			c.Runtime.CgroupManager, c.Runtime.ConmonCgroup = runtime.CgroupCgroupfs, "system.slice"
			setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.MonitorCgroup = "" })
		}, field.ErrInvalid, "crio.runtime.conmon_cgroup"},
		{"monitor settings on a vm runtime", "1.34", func(c *crio.Config) {
			setHandler(c, "kata", func(h *crio.RuntimeHandler) { h.MonitorPath = "/usr/bin/conmon" })
		}, field.ErrForbidden, "crio.runtime.runtimes.kata.monitor_path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.mutate(c)
			warnings, err := c.Validate(runtime.MustParseVersion(tt.target))
			require.NoError(t, err)
			fieldtest.RequireProblem(t, warnings.Err(), tt.sentinel, tt.path)
		})
	}
}

func TestValidateBuiltinRuntimeByRelease(t *testing.T) {
	c := validConfig()
	c.Runtime.Runtimes = nil
	c.Runtime.DefaultRuntime = "runc"
	warnings, err := c.Validate(runtime.MustParseVersion("1.30"))
	require.NoError(t, err)
	assert.Empty(t, warnings, "runc is CRI-O 1.30's own")
	warnings, err = c.Validate(runtime.MustParseVersion("1.31.2"))
	require.NoError(t, err)
	fieldtest.RequireProblem(t, warnings.Err(), field.ErrRequired, "crio.runtime.default_runtime")
}

func TestValidateCollectsEveryProblem(t *testing.T) {
	c := validConfig()
	c.API.Listen = "relative"
	c.Runtime.CgroupManager = "bogus"
	c.Runtime.DefaultRuntime = "youki"
	setHandler(c, "crun", func(h *crio.RuntimeHandler) { h.RuntimeType = "x"; h.MonitorEnv = []string{"=1"} })
	c.Image.PauseImage = "UPPER:1"
	c.Network.NetworkDir = "x"
	c.Extra["bogus"] = true
	warnings, err := c.Validate(v134)
	want := []fieldtest.Matcher{
		fieldtest.Match(field.ErrInvalid, "crio.api.listen"),
		fieldtest.Match(field.ErrNotSupported, "crio.runtime.cgroup_manager"),
		fieldtest.Match(field.ErrInvalid, "crio.runtime.default_runtime"),
		fieldtest.Match(field.ErrNotSupported, "crio.runtime.runtimes.crun.runtime_type"),
		fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.crun.monitor_env[0]"),
		fieldtest.Match(field.ErrInvalid, "crio.image.pause_image"),
		fieldtest.Match(field.ErrInvalid, "crio.network.network_dir"),
	}
	fieldtest.RequireExactly(t, err, want...)
	for i, e := range field.AsList(err) {
		assert.True(t, want[i].Matches(e), "in file order: problem %d is %v, want %s", i, e, want[i])
	}
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrUnknown, "crio.bogus"))
}

func TestValidateDoesNotChangeConfig(t *testing.T) {
	c := validConfig()
	c.Runtime.CgroupManager = ""
	before := c.Clone()
	_, err := c.Validate(v134)
	require.NoError(t, err)
	assert.Equal(t, before, c)
}

func TestValidateRefusesUnsupportedTarget(t *testing.T) {
	for _, v := range []string{"1.23", "1.35", "2.0"} {
		_, err := validConfig().Validate(runtime.MustParseVersion(v))
		fieldtest.RequireProblem(t, err, field.ErrNotSupported, "target")
	}
}

func setHandler(c *crio.Config, name string, edit func(*crio.RuntimeHandler)) {
	h := c.Runtime.Runtimes[name]
	edit(&h)
	c.Runtime.Runtimes[name] = h
}

func longName(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}
