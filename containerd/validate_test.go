package containerd_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// fullConfig sets every typed field to a valid value, plus a known Extra
// key, for target 2.2 and later.
func fullConfig() *containerd.Config {
	no := false
	return &containerd.Config{
		Root:            "/var/lib/containerd",
		State:           "/run/containerd",
		GRPCAddress:     "/run/containerd/containerd.sock",
		TTRPCAddress:    "/run/containerd/containerd.sock.ttrpc",
		DisabledPlugins: []string{"io.containerd.snapshotter.v1.zfs"},
		Imports:         []string{"/etc/containerd/conf.d/*.toml"},
		Runtime: containerd.CRIRuntime{
			DefaultRuntimeName: "runc",
			Runtimes: map[string]containerd.Runtime{
				"runc": {Type: containerd.RuntimeTypeRuncV2, Options: containerd.RuncOptions{SystemdCgroup: true}},
				"crun": {Type: containerd.RuntimeTypeRuncV2, Sandboxer: "podsandbox", Snapshotter: "overlayfs",
					BaseRuntimeSpec: "/etc/containerd/crun-spec.json", PrivilegedWithoutHostDevices: true,
					Options: containerd.RuncOptions{SystemdCgroup: true, BinaryName: "/usr/bin/crun"}},
				"kata": {Type: "io.containerd.kata.v2"},
			},
			CNI: containerd.CNI{BinDirs: []string{"/opt/cni/bin", "/usr/lib/cni"}, ConfDir: "/etc/cni/net.d"},
		},
		Images: containerd.CRIImages{
			Snapshotter:              "overlayfs",
			SandboxImage:             "registry.k8s.io/pause:3.10.1",
			ConfigPath:               "/etc/containerd/certs.d",
			MaxConcurrentDownloads:   5,
			ImagePullProgressTimeout: "10m0s",
			DiscardUnpackedLayers:    true,
		},
		DisableNRI: &no,
		Extra: map[string]any{"plugins": map[string]any{
			"io.containerd.cri.v1.runtime": map[string]any{"enable_selinux": true},
		}},
	}
}

// validFor is fullConfig without what the target cannot hold.
func validFor(target string) *containerd.Config {
	c := fullConfig()
	t := v(target)
	if t.Before(v("2.1")) {
		c.Runtime.CNI.BinDirs = c.Runtime.CNI.BinDirs[:1]
	}
	if t.Before(v("2.0")) {
		c.Extra = map[string]any{"plugins": map[string]any{"io.containerd.grpc.v1.cri": map[string]any{"enable_selinux": true}}}
	}
	if t.Before(v("1.7")) {
		c.DisableNRI = nil
		c.Images.ImagePullProgressTimeout = ""
		c.Runtime.Runtimes["crun"] = containerd.Runtime{Type: containerd.RuntimeTypeRuncV2, Options: containerd.RuncOptions{SystemdCgroup: true}}
	}
	return c
}

func TestValidForEveryTarget(t *testing.T) {
	for _, target := range containerd.SupportedVersions {
		warnings, err := validFor(target.String()).Validate(target)
		assertNoProblems(t, warnings, err)
	}
}

func TestFullConfigIsValidAndStable(t *testing.T) {
	for _, target := range []string{"2.2", "2.4"} {
		c := fullConfig()
		warnings, err := c.Validate(v(target))
		assertNoProblems(t, warnings, err)
		out, err := c.Render(v(target))
		require.NoError(t, err)
		back, err := containerd.Parse(out)
		require.NoError(t, err)
		again, err := back.Render(v(target))
		require.NoError(t, err)
		assert.Equal(t, string(out), string(again))
		back.Version = 0
		assert.Equal(t, c, back, "parse(render(c)) == c")
	}
}

// withRuntime sets a runtime of the config.
func withRuntime(name string, r containerd.Runtime) func(*containerd.Config) {
	return func(c *containerd.Config) { c.Runtime.Runtimes[name] = r }
}

// changeRuntime changes a runtime of the config.
func changeRuntime(name string, change func(r *containerd.Runtime)) func(*containerd.Config) {
	return func(c *containerd.Config) {
		r := c.Runtime.Runtimes[name]
		change(&r)
		c.Runtime.Runtimes[name] = r
	}
}

// withPlugin sets the config's Extra to one plugin's table.
func withPlugin(id string, table map[string]any) func(*containerd.Config) {
	return func(c *containerd.Config) { c.Extra = map[string]any{"plugins": map[string]any{id: table}} }
}

// Each case changes one thing of a valid config and expects one problem at
// one key, as an error or as a warning.
func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		target  string
		mutate  func(c *containerd.Config)
		want    fieldtest.Matcher
		warning bool
	}{
		{"unsupported target", "1.5", func(c *containerd.Config) {}, fieldtest.Match(field.ErrNotSupported, "target"), false},
		{"config version 1", "2.2", func(c *containerd.Config) { c.Version = 1 }, fieldtest.Match(field.ErrRemoved, "version"), false},
		{"config version too new for 1.7", "1.7", func(c *containerd.Config) { c.Version = 3 }, fieldtest.Match(field.ErrNotSupported, "version"), false},
		{"config version 4 for 2.2", "2.2", func(c *containerd.Config) { c.Version = 4 }, fieldtest.Match(field.ErrNotSupported, "version"), false},
		{"relative root", "2.2", func(c *containerd.Config) { c.Root = "var/lib/containerd" }, fieldtest.Match(field.ErrInvalid, "root"), false},
		{"state with newline", "2.2", func(c *containerd.Config) { c.State = "/run/a\nb" }, fieldtest.Match(field.ErrInvalid, "state"), false},
		{"socket path too long", "2.2", func(c *containerd.Config) { c.GRPCAddress = "/" + strings.Repeat("s", 107) }, fieldtest.Match(field.ErrTooLong, "grpc.address"), false},
		{"socket path too long in v4", "2.4", func(c *containerd.Config) { c.GRPCAddress = "/" + strings.Repeat("s", 107) },
			fieldtest.Match(field.ErrTooLong, `plugins."io.containerd.server.v1.grpc".address`), false},
		{"derived ttrpc socket too long", "2.2", func(c *containerd.Config) {
			c.TTRPCAddress = ""
			c.GRPCAddress = "/" + strings.Repeat("s", 103)
		}, fieldtest.Match(field.ErrTooLong, "grpc.address"), false},
		{"ttrpc equals grpc", "2.2", func(c *containerd.Config) { c.TTRPCAddress = c.GRPCAddress }, fieldtest.Match(field.ErrConflict, "ttrpc.address"), false},
		{"short plugin name", "2.2", func(c *containerd.Config) { c.DisabledPlugins = []string{"cri"} }, fieldtest.Match(field.ErrInvalid, "disabled_plugins[0]"), false},
		{"CRI disabled", "2.2", func(c *containerd.Config) { c.DisabledPlugins = []string{"io.containerd.cri.v1.images"} }, fieldtest.Match(field.ErrForbidden, "disabled_plugins[0]"), false},
		{"duplicate disabled plugin", "2.2", func(c *containerd.Config) {
			c.DisabledPlugins = append(c.DisabledPlugins, c.DisabledPlugins[0])
		}, fieldtest.Match(field.ErrDuplicate, "disabled_plugins[1]"), false},
		{"empty import", "2.2", func(c *containerd.Config) { c.Imports = []string{""} }, fieldtest.Match(field.ErrRequired, "imports[0]"), false},
		{"default runtime missing", "2.2", func(c *containerd.Config) { c.Runtime.DefaultRuntimeName = "gvisor" },
			fieldtest.Match(field.ErrInvalid, v3Runtime+".containerd.default_runtime_name"), false},
		{"runtime name not a DNS label", "2.2", func(c *containerd.Config) {
			c.Runtime.Runtimes["Fast_Runc"] = c.Runtime.Runtimes["crun"]
		}, fieldtest.Match(field.ErrInvalid, v3Runtime+".containerd.runtimes.Fast_Runc"), false},
		{"runtime without type", "2.2", withRuntime("kata", containerd.Runtime{}),
			fieldtest.Match(field.ErrRequired, v3Runtime+".containerd.runtimes.kata.runtime_type"), false},
		{"runtime v1 on 2.x", "2.2", withRuntime("runc", containerd.Runtime{Type: containerd.RuntimeTypeLinuxV1}), fieldtest.Match(field.ErrRemoved, runcKey(v3Runtime, "runtime_type")), false},
		{"runc v1 on 2.4", "2.4", withRuntime("runc", containerd.Runtime{Type: containerd.RuntimeTypeRuncV1, Options: containerd.RuncOptions{SystemdCgroup: true}}), fieldtest.Match(field.ErrRemoved, runcKey(v3Runtime, "runtime_type")), false},
		{"runtime v1 on 1.7 warns", "1.7", withRuntime("runc", containerd.Runtime{Type: containerd.RuntimeTypeLinuxV1}), fieldtest.Match(field.ErrDeprecated, runcKey(v2CRI, "runtime_type")), true},
		{"runc v1 on 1.6 warns", "1.6", withRuntime("runc", containerd.Runtime{Type: containerd.RuntimeTypeRuncV1, Options: containerd.RuncOptions{SystemdCgroup: true}}), fieldtest.Match(field.ErrDeprecated, runcKey(v2CRI, "runtime_type")), true},
		{"relative base spec", "2.2", changeRuntime("crun", func(r *containerd.Runtime) { r.BaseRuntimeSpec = "spec.json" }), fieldtest.Match(field.ErrInvalid, v3Runtime+".containerd.runtimes.crun.base_runtime_spec"), false},
		{"unknown sandboxer", "2.2", changeRuntime("crun", func(r *containerd.Runtime) { r.Sandboxer = "vm" }), fieldtest.Match(field.ErrNotSupported, v3Runtime+".containerd.runtimes.crun.sandboxer"), false},
		{"aufs for a runtime on 2.x", "2.2", changeRuntime("crun", func(r *containerd.Runtime) { r.Snapshotter = "aufs" }), fieldtest.Match(field.ErrRemoved, v3Runtime+".containerd.runtimes.crun.snapshotter"), false},
		{"binary name with a space", "2.2", changeRuntime("crun", func(r *containerd.Runtime) { r.Options.BinaryName = "/usr/bin/crun --debug" }), fieldtest.Match(field.ErrInvalid, v3Runtime+".containerd.runtimes.crun.options.BinaryName"), false},
		{"runc runtimes disagree on SystemdCgroup", "2.2", changeRuntime("crun", func(r *containerd.Runtime) { r.Options.SystemdCgroup = false }), fieldtest.Match(field.ErrConflict, v3Runtime+".containerd.runtimes.crun.options.SystemdCgroup"), false},
		{"relative CNI bin dir", "2.2", func(c *containerd.Config) { c.Runtime.CNI.BinDirs[1] = "cni" },
			fieldtest.Match(field.ErrInvalid, v3Runtime+".cni.bin_dirs[1]"), false},
		{"duplicate CNI bin dir", "2.2", func(c *containerd.Config) { c.Runtime.CNI.BinDirs[1] = c.Runtime.CNI.BinDirs[0] },
			fieldtest.Match(field.ErrDuplicate, v3Runtime+".cni.bin_dirs[1]"), false},
		{"two CNI bin dirs before 2.1", "2.0", func(c *containerd.Config) { c.Runtime.CNI.BinDirs = []string{"/opt/cni/bin", "/usr/lib/cni"} }, fieldtest.Match(field.ErrNotSupported, v3Runtime+".cni.bin_dir"), false},
		{"relative CNI conf dir", "2.2", func(c *containerd.Config) { c.Runtime.CNI.ConfDir = "net.d" }, fieldtest.Match(field.ErrInvalid, v3Runtime+".cni.conf_dir"), false},
		{"aufs snapshotter on 2.x", "2.2", func(c *containerd.Config) { c.Images.Snapshotter = "aufs" }, fieldtest.Match(field.ErrRemoved, v3Images+".snapshotter"), false},
		{"aufs snapshotter on 1.7 warns", "1.7", func(c *containerd.Config) { c.Images.Snapshotter = "aufs" },
			fieldtest.Match(field.ErrDeprecated, v2CRI+".containerd.snapshotter"), true},
		{"malformed pause image", "2.2", func(c *containerd.Config) { c.Images.SandboxImage = "registry.k8s.io/Pause:3.10" },
			fieldtest.Match(field.ErrInvalid, v3Images+".pinned_images.sandbox"), false},
		{"pause image without tag", "1.7", func(c *containerd.Config) { c.Images.SandboxImage = "registry.k8s.io/pause" },
			fieldtest.Match(field.ErrInvalid, v2CRI+".sandbox_image"), false},
		{"relative config path", "2.2", func(c *containerd.Config) { c.Images.ConfigPath = "certs.d" },
			fieldtest.Match(field.ErrInvalid, v3Images+".registry.config_path"), false},
		{"negative downloads", "2.2", func(c *containerd.Config) { c.Images.MaxConcurrentDownloads = -1 },
			fieldtest.Match(field.ErrInvalid, v3Images+".max_concurrent_downloads"), false},
		{"bad pull timeout", "2.2", func(c *containerd.Config) { c.Images.ImagePullProgressTimeout = "5 minutes" },
			fieldtest.Match(field.ErrInvalid, v3Images+".image_pull_progress_timeout"), false},
		{"pull timeout on 1.6", "1.6", func(c *containerd.Config) { c.Images.ImagePullProgressTimeout = "5m" }, fieldtest.Match(field.ErrNotSupported, v2CRI+".image_pull_progress_timeout"), false},
		{"runtime snapshotter on 1.6", "1.6", changeRuntime("crun", func(r *containerd.Runtime) { r.Snapshotter = "overlayfs" }), fieldtest.Match(field.ErrNotSupported, v2CRI+".containerd.runtimes.crun.snapshotter"), false},
		{"sandbox mode on 1.7", "1.7", changeRuntime("crun", func(r *containerd.Runtime) { r.Sandboxer = "sandbox" }), fieldtest.Match(field.ErrNotSupported, v2CRI+".containerd.runtimes.crun.sandbox_mode"), false},
		{"NRI on 1.6", "1.6", func(c *containerd.Config) {
			no := false
			c.DisableNRI = &no
		}, fieldtest.Match(field.ErrNotSupported, `plugins."io.containerd.nri.v1.nri".disable`), false},
		{"Extra collides with a typed key", "2.2", func(c *containerd.Config) {
			c.Extra = map[string]any{"root": "/elsewhere"}
		}, fieldtest.Match(field.ErrConflict, "root"), false},
		{"Extra holds no TOML value", "2.2", func(c *containerd.Config) {
			c.Extra = map[string]any{"oom_score": struct{}{}}
		}, fieldtest.Match(field.ErrInvalid, "oom_score"), false},
		{"Extra integer above TOML's range", "2.2", func(c *containerd.Config) {
			c.Extra = map[string]any{"oom_score": uint64(math.MaxUint64)}
		}, fieldtest.Match(field.ErrInvalid, "oom_score"), false},
		{"Extra key unknown to the target", "2.2", withPlugin("io.containerd.cri.v1.runtime", map[string]any{"enable_selinx": true}), fieldtest.Match(field.ErrUnknown, v3Runtime+".enable_selinx"), true},
		{"mirrors with config_path", "2.2", withPlugin("io.containerd.cri.v1.images", map[string]any{"registry": map[string]any{
			"mirrors": map[string]any{"docker.io": map[string]any{"endpoint": []any{"https://m.example"}}}}}), fieldtest.Match(field.ErrConflict, v3Images+".registry.mirrors"), false},
		{"systemd_cgroup on 2.x", "2.2", withPlugin("io.containerd.cri.v1.runtime", map[string]any{"systemd_cgroup": true}), fieldtest.Match(field.ErrRemoved, v3Runtime+".systemd_cgroup"), false},
		{"systemd_cgroup with runc v2 on 1.7", "1.7", func(c *containerd.Config) {
			c.Runtime.Runtimes["crun"] = containerd.Runtime{Type: containerd.RuntimeTypeRuncV2, Options: containerd.RuncOptions{SystemdCgroup: true}}
			c.Extra = map[string]any{"plugins": map[string]any{"io.containerd.grpc.v1.cri": map[string]any{"systemd_cgroup": true}}}
		}, fieldtest.Match(field.ErrInvalid, v2CRI+".systemd_cgroup"), false},
		{"CriuPath on 1.7 warns", "1.7", func(c *containerd.Config) {
			c.Runtime.Runtimes["crun"] = containerd.Runtime{Type: containerd.RuntimeTypeRuncV2, Options: containerd.RuncOptions{SystemdCgroup: true}}
			c.Extra = map[string]any{"plugins": map[string]any{"io.containerd.grpc.v1.cri": map[string]any{"containerd": map[string]any{
				"runtimes": map[string]any{"runc": map[string]any{"options": map[string]any{"CriuPath": "/usr/sbin/criu"}}}}}}}
		}, fieldtest.Match(field.ErrDeprecated, runcKey(v2CRI, "options.CriuPath")), true},
		{"untrusted workload runtime on 2.x", "2.2", withPlugin("io.containerd.cri.v1.runtime", map[string]any{"containerd": map[string]any{
			"untrusted_workload_runtime": map[string]any{"runtime_type": "io.containerd.kata.v2"}}}), fieldtest.Match(field.ErrRemoved, v3Runtime+".containerd.untrusted_workload_runtime"), false},
		{"enable_cdi off on 2.4", "2.4", withPlugin("io.containerd.cri.v1.runtime", map[string]any{"enable_cdi": false}), fieldtest.Match(field.ErrRemoved, v3Runtime+".enable_cdi"), true},
		{"enable_cdi off on 2.2 warns", "2.2", withPlugin("io.containerd.cri.v1.runtime", map[string]any{"enable_cdi": false}), fieldtest.Match(field.ErrDeprecated, v3Runtime+".enable_cdi"), true},
		{"registry configs warn", "2.2", withPlugin("io.containerd.cri.v1.images", map[string]any{"registry": map[string]any{
			"configs": map[string]any{"r.example": map[string]any{"tls": map[string]any{"insecure_skip_verify": true}}}}}), fieldtest.Match(field.ErrDeprecated, v3Images+".registry.configs"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validFor(tt.target)
			tt.mutate(c)
			before := c.Clone()
			warnings, err := c.Validate(v(tt.target))
			assert.Equal(t, before, c, "Validate must not change the config")
			if tt.warning {
				require.NoError(t, err)
				fieldtest.Require(t, warnings.Err(), tt.want)
				_, rerr := c.Render(v(tt.target))
				assert.NoError(t, rerr, "a warning does not stop Render")
				return
			}
			fieldtest.Require(t, err, tt.want)
			_, rerr := c.Render(v(tt.target))
			fieldtest.Require(t, rerr, tt.want) // Render refuses what Validate refuses
		})
	}
}

func TestValidateCollectsEveryProblem(t *testing.T) {
	c := fullConfig()
	c.Root = "relative"
	c.Images.SandboxImage = "pause"
	c.Runtime.Runtimes["kata"] = containerd.Runtime{}
	c.DisabledPlugins = []string{"cri"}
	c.Extra = map[string]any{"plugins": map[string]any{"io.containerd.cri.v1.runtime": map[string]any{"bogus": 1}}}
	warnings, err := c.Validate(v("2.2"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "root"),
		fieldtest.Match(field.ErrInvalid, v3Images+".pinned_images.sandbox"),
		fieldtest.Match(field.ErrRequired, v3Runtime+".containerd.runtimes.kata.runtime_type"),
		fieldtest.Match(field.ErrInvalid, "disabled_plugins[0]"),
	)
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrUnknown, v3Runtime+".bogus"))
}

func TestValidateReportsTheBadValue(t *testing.T) {
	c := fullConfig()
	c.Images.SandboxImage = "registry.k8s.io/pause"
	_, err := c.Validate(v("2.2"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, v3Images+".pinned_images.sandbox").Value("registry.k8s.io/pause"))
}
