package crio_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// target is the release of the checker's CRI-O config package.
const target = realcheck.CRIOVersion

// packagedDropIn is what the upstream CRI-O packages (cri-o/packaging,
// templates/latest/cri-o/bundle/10-crio.conf) install as
// /etc/crio/crio.conf.d/10-crio.conf, the file kubenode's drop-in is read
// after.
const packagedDropIn = `[crio.image]
signature_policy = "/etc/crio/policy.json"

[crio.runtime]
default_runtime = "crun"

[crio.runtime.runtimes.crun]
runtime_path = "/usr/libexec/crio/crun"
runtime_root = "/run/crun"
monitor_path = "/usr/libexec/crio/conmon"
allowed_annotations = [
    "io.containers.trace-syscall",
]

[crio.runtime.runtimes.runc]
runtime_path = "/usr/libexec/crio/runc"
runtime_root = "/run/runc"
monitor_path = "/usr/libexec/crio/conmon"
`

// plannedDropIn builds the Installer's plan for cfg, writes it under a
// fresh root and returns the path of the CRI-O drop-in there.
func plannedDropIn(t *testing.T, cfg *crio.Config) string {
	t.Helper()
	in, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(target))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	root := writePlan(t, plan)
	return filepath.Join(root, in.DropInPath())
}

func TestCRIOLoadsRenderedDropIn(t *testing.T) {
	pauseCommand := "/pause"
	tests := []struct {
		name   string
		opts   []crio.Option
		driver string
		pause  string
	}{
		{"defaults", nil, "systemd", crio.DefaultPauseImage(runtime.MustParseVersion(target))},
		{"cgroupfs", []crio.Option{
			crio.WithCgroupDriver(runtime.CgroupCgroupfs),
			crio.WithSandboxImage("registry.k8s.io/pause:3.10"),
		}, "cgroupfs", "registry.k8s.io/pause:3.10"},
		{"every typed key", []crio.Option{
			crio.WithCgroupDriver(runtime.CgroupSystemd),
			crio.WithSandboxImage("registry.aliyuncs.com/google_containers/pause:3.9"),
			crio.WithEndpoint("unix:///run/crio/crio.sock"),
			crio.WithCNI("/etc/cni/net.d", "/opt/cni/bin", "/usr/libexec/cni"),
			crio.WithRuntime("crun", crio.RuntimeHandler{
				RuntimePath: "/usr/libexec/crio/crun", RuntimeType: crio.RuntimeTypeOCI, RuntimeRoot: "/run/crun",
				MonitorPath: "/usr/libexec/crio/conmon", MonitorCgroup: "pod",
				MonitorEnv:         []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
				AllowedAnnotations: []string{"io.containers.trace-syscall", "io.kubernetes.cri-o.userns-mode"},
			}),
			crio.WithRuntime("kata", crio.RuntimeHandler{
				RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: crio.RuntimeTypeVM,
				RuntimeRoot: "/run/vc", RuntimeConfigPath: "/etc/kata-containers/configuration.toml",
				PrivilegedWithoutHostDevices: true,
			}),
			crio.WithDefaultRuntime("crun"),
			crio.WithStorage("/data/containers/storage", "/run/containers/storage"),
			crio.WithEdit(func(c *crio.Config) {
				c.Image.PauseCommand = &pauseCommand
				c.Image.PauseImageAuthFile = "/etc/crio/pause-auth.json"
				c.Image.SignaturePolicy = "/etc/crio/policy.json"
				c.Image.GlobalAuthFile = "/etc/crio/auth.json"
				c.Runtime.Extra = map[string]any{"log_level": "warn"}
				c.Extra = map[string]any{"metrics": map[string]any{"enable_metrics": true}}
			}),
		}, "systemd", "registry.aliyuncs.com/google_containers/pause:3.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := crio.New(append([]crio.Option{crio.WithVersion(target)}, tt.opts...)...)
			require.NoError(t, err)
			dropIn := plannedDropIn(t, cfg)
			r, refused := realcheck.CheckCRIO(t, dropIn)
			require.False(t, refused, r.Error)
			got := r.Crio

			assert.Equal(t, tt.driver, got.CgroupManager)
			assert.Equal(t, "pod", got.ConmonCgroup)
			assert.Equal(t, tt.pause, got.PauseImage)
			for name, h := range got.Runtimes {
				if h.RuntimeType == "oci" || h.RuntimeType == "" {
					assert.Equal(t, "pod", h.MonitorCgroup, "conmon_cgroup reaches runtime %s", name)
				}
			}
			assert.Empty(t, got.HandlerErrors, "CRI-O's handler checks")
			assertKnownKeys(t, got, dropIn)
			if tt.name != "every typed key" {
				return
			}
			assert.Equal(t, "/run/crio/crio.sock", got.Listen)
			assert.Equal(t, "/etc/cni/net.d", got.NetworkDir)
			assert.Equal(t, []string{"/opt/cni/bin", "/usr/libexec/cni"}, got.PluginDirs)
			assert.Equal(t, "crun", got.DefaultRuntime)
			assert.Equal(t, realcheck.CRIORuntime{
				RuntimePath: "/usr/libexec/crio/crun", RuntimeType: "oci", RuntimeRoot: "/run/crun",
				MonitorPath: "/usr/libexec/crio/conmon", MonitorCgroup: "pod",
				MonitorEnv:         []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
				AllowedAnnotations: []string{"io.containers.trace-syscall", "io.kubernetes.cri-o.userns-mode"},
			}, got.Runtimes["crun"])
			assert.Equal(t, realcheck.CRIORuntime{
				RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: "vm", RuntimeRoot: "/run/vc",
				RuntimeConfigPath: "/etc/kata-containers/configuration.toml", PrivilegedWithoutHostDevices: true,
			}, got.Runtimes["kata"])
			assert.Equal(t, "/data/containers/storage", got.Root)
			assert.Equal(t, "/run/containers/storage", got.RunRoot)
			assert.Equal(t, "/etc/crio/auth.json", got.GlobalAuthFile)
			assert.Equal(t, "/pause", got.PauseCommand)
			assert.Equal(t, "/etc/crio/pause-auth.json", got.PauseImageAuthFile)
			assert.Equal(t, "/etc/crio/policy.json", got.SignaturePolicy)
			assert.Contains(t, got.Template, "\nlog_level = \"warn\"\n", "Extra keys reach CRI-O")
			assert.Contains(t, got.Template, "\nenable_metrics = true\n", "Extra tables reach CRI-O")
		})
	}
}

// assertKnownKeys checks that CRI-O uses every key of the drop-in: its
// decoder leaves none unused, and each is one its WriteTemplate(true)
// prints (it prints every key it documents, with its value).
func assertKnownKeys(t *testing.T, got *realcheck.CRIOConfig, dropIn string) {
	t.Helper()
	assert.Empty(t, got.Undecoded[dropIn], "keys CRI-O ignores")
	keys := got.Keys[dropIn]
	require.NotEmpty(t, keys)
	for _, k := range keys {
		assert.True(t, inTemplate(got.TemplateKeys, k), "CRI-O's template has no %s", k)
	}
}

// inTemplate reports whether the template has key k, or keys under it
// when k is a table the template only implies ([crio.runtime.runtimes]).
func inTemplate(templateKeys []string, k string) bool {
	for _, tk := range templateKeys {
		if tk == k || strings.HasPrefix(tk, k+".") {
			return true
		}
	}
	return false
}

func TestCRIOLoadsDropInOverPackagedConfig(t *testing.T) {
	cfg, err := crio.New(crio.WithVersion(target), crio.WithCgroupDriver(runtime.CgroupCgroupfs))
	require.NoError(t, err)
	ours := plannedDropIn(t, cfg)
	packaged := filepath.Join(filepath.Dir(ours), "10-crio.conf")
	require.Less(t, filepath.Base(packaged), filepath.Base(ours), "kubenode's drop-in must sort after the packaged one")
	writeAt(t, packaged, packagedDropIn)

	r, refused := realcheck.CheckCRIO(t, packaged, ours)
	require.False(t, refused, r.Error)
	got := r.Crio
	assert.Equal(t, "cgroupfs", got.CgroupManager)
	assert.Equal(t, "crun", got.DefaultRuntime, "the packaged default runtime stays")
	assert.Equal(t, "/etc/crio/policy.json", got.SignaturePolicy, "the packaged keys stay")
	require.Contains(t, got.Runtimes, "runc")
	for _, name := range []string{"crun", "runc"} {
		assert.Equal(t, "pod", got.Runtimes[name].MonitorCgroup, "conmon_cgroup reaches the packaged runtime %s", name)
		assert.Equal(t, "/usr/libexec/crio/"+name, got.Runtimes[name].RuntimePath)
	}
	assert.Empty(t, got.Undecoded[ours])
}

// refusedThenChecked changes a new config for the target, requires
// Validate to refuse it with sentinel at path, and gives its rendering
// (Render alone does not judge values) to CRI-O's checker.
func refusedThenChecked(t *testing.T, mutate func(*crio.Config), sentinel error, path string) (realcheck.CRIOReport, bool) {
	t.Helper()
	cfg, err := crio.New(crio.WithVersion(target))
	require.NoError(t, err)
	mutate(cfg)
	_, verr := cfg.Validate(runtime.MustParseVersion(target))
	fieldtest.RequireProblem(t, verr, sentinel, path)
	data, err := cfg.Render()
	require.NoError(t, err)
	return realcheck.CheckCRIO(t, writeFile(t, "20-kubenode.conf", data))
}

// TestCRIORefusesWhatValidateRefuses feeds CRI-O configurations Validate
// refuses: what CRI-O's Validate(false) or its handler checks refuse,
// kubenode must refuse at the same key.
func TestCRIORefusesWhatValidateRefuses(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(*crio.Config)
		sentinel error
		path     string
		handler  string // the runtime whose CRI-O handler checks fail, if not the whole load
	}{
		{"default runtime without a table", func(c *crio.Config) { c.Runtime.DefaultRuntime = "kata" },
			field.ErrInvalid, "crio.runtime.default_runtime", ""},
		{"pause image not a reference", func(c *crio.Config) { c.Image.PauseImage = "Registry.k8s.io/Pause:3.10" },
			field.ErrInvalid, "crio.image.pause_image", ""},
		{"unknown runtime type", func(c *crio.Config) {
			c.Runtime.Runtimes = map[string]crio.RuntimeHandler{"crun": {RuntimePath: "/usr/bin/crun", RuntimeType: "wasm"}}
		}, field.ErrNotSupported, "crio.runtime.runtimes.crun.runtime_type", "crun"},
		{"a pod annotation glob as allowed_annotations", func(c *crio.Config) {
			c.Runtime.Runtimes = map[string]crio.RuntimeHandler{"kata": {RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: "vm",
				AllowedAnnotations: []string{"io.katacontainers.*"}}}
		}, field.ErrNotSupported, "crio.runtime.runtimes.kata.allowed_annotations[0]", "kata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, refused := refusedThenChecked(t, tt.mutate, tt.sentinel, tt.path)
			if tt.handler == "" {
				assert.True(t, refused, "CRI-O accepted it")
				return
			}
			require.False(t, refused, r.Error)
			assert.NotEmpty(t, r.Crio.HandlerErrors[tt.handler], "CRI-O's handler checks accepted it")
		})
	}
}

// TestKubenodeChecksWhatCRIOChecksOnlyAtStart pins down why kubenode
// validates the cgroup settings itself: CRI-O's Validate(false), the check
// that needs no host, accepts them; only a starting daemon refuses them.
func TestKubenodeChecksWhatCRIOChecksOnlyAtStart(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(*crio.Config)
		sentinel error
		path     string
	}{
		{"unknown cgroup manager", func(c *crio.Config) { c.Runtime.CgroupManager = "systemd-cgroup" },
			field.ErrNotSupported, "crio.runtime.cgroup_manager"},
		{"slice conmon cgroup with cgroupfs", func(c *crio.Config) {
			c.Runtime.CgroupManager, c.Runtime.ConmonCgroup = runtime.CgroupCgroupfs, "kubepods.slice"
		}, field.ErrInvalid, "crio.runtime.conmon_cgroup"},
		{"plain conmon cgroup with systemd", func(c *crio.Config) { c.Runtime.ConmonCgroup = "conmon" },
			field.ErrInvalid, "crio.runtime.conmon_cgroup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, refused := refusedThenChecked(t, tt.mutate, tt.sentinel, tt.path)
			assert.False(t, refused, "CRI-O's Validate(false) now refuses it too (%s): the note on this test is stale", r.Error)
		})
	}
}

// TestParseKnowsWhatCRIODecodes feeds CRI-O's own WriteTemplate(true)
// output, every key it documents, through kubenode: Validate must flag
// exactly the keys CRI-O's decoder leaves unused (the template prints
// several [crio.runtime] keys after the runtimes tables, and
// included_pod_metrics under [crio.network], where CRI-O does not read
// them), and Parse then Render must lose nothing CRI-O sees.
func TestParseKnowsWhatCRIODecodes(t *testing.T) {
	cfg, err := crio.New(crio.WithVersion(target))
	require.NoError(t, err)
	r, refused := realcheck.CheckCRIO(t, plannedDropIn(t, cfg))
	require.False(t, refused, r.Error)
	template := writeFile(t, "crio.conf", []byte(r.Crio.Template))

	fromTemplate, refused := realcheck.CheckCRIO(t, template)
	require.False(t, refused, fromTemplate.Error)
	unused := fromTemplate.Crio.Undecoded[template]
	require.NotEmpty(t, unused, "CRI-O's template puts some keys where CRI-O does not read them")

	parsed, err := crio.Parse([]byte(r.Crio.Template))
	require.NoError(t, err)
	warnings, err := parsed.Validate(runtime.MustParseVersion(target))
	require.NoError(t, err)
	var flagged []string
	for _, w := range warnings.Filter(field.ErrUnknown, field.ErrRemoved) {
		flagged = append(flagged, w.Path.String())
	}
	assert.ElementsMatch(t, unused, flagged)

	rendered, err := parsed.Render()
	require.NoError(t, err)
	roundTrip := writeFile(t, "crio.conf", rendered)
	again, refused := realcheck.CheckCRIO(t, roundTrip)
	require.False(t, refused, again.Error)
	assert.Equal(t, fromTemplate.Crio.Template, again.Crio.Template, "CRI-O sees the same configuration after Parse and Render")
	assert.ElementsMatch(t, unused, again.Crio.Undecoded[roundTrip])
}

func writeAt(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, writeFileAt(path, []byte(content)))
}

// TestCRIOLoadsEveryReleaseDropIn loads the drop-in New writes for each
// supported release and both cgroup managers. The loader is 1.34's; what
// New writes for older releases (cgroup_manager, conmon_cgroup,
// pause_image) are keys every release since 1.24 reads the same way.
func TestCRIOLoadsEveryReleaseDropIn(t *testing.T) {
	for _, v := range crio.SupportedVersions {
		for _, d := range runtime.CgroupDrivers {
			t.Run(v.String()+"/"+string(d), func(t *testing.T) {
				cfg, err := crio.New(crio.WithVersion(v.String()), crio.WithCgroupDriver(d))
				require.NoError(t, err)
				in, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(v.String()))
				require.NoError(t, err)
				plan, err := in.Plan(context.Background())
				require.NoError(t, err)
				dropIn := filepath.Join(writePlan(t, plan), in.DropInPath())
				r, refused := realcheck.CheckCRIO(t, dropIn)
				require.False(t, refused, r.Error)
				assert.Equal(t, string(d), r.Crio.CgroupManager)
				assert.Equal(t, crio.DefaultPauseImage(v), r.Crio.PauseImage)
				assertKnownKeys(t, r.Crio, dropIn)
			})
		}
	}
}
