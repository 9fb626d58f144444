package crio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// gpuHandlers are the handlers of the gpu pool: nvidia as the
// default, kata beside it.
func gpuHandlers() []runtime.RuntimeHandler {
	return []runtime.RuntimeHandler{
		{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
		{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/etc/kata-containers/configuration.toml",
			PrivilegedWithoutHostDevices: true, PodAnnotations: []string{"io.katacontainers.*"}},
	}
}

func TestWithRuntimeHandlers(t *testing.T) {
	cfg, err := crio.New(crio.WithRuntimeHandlers(gpuHandlers()))
	require.NoError(t, err)
	assert.Equal(t, "nvidia", cfg.Runtime.DefaultRuntime)
	assert.Equal(t, map[string]crio.RuntimeHandler{
		"nvidia": {RuntimePath: "/usr/bin/nvidia-container-runtime", RuntimeType: crio.RuntimeTypeOCI},
		"kata": {RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: crio.RuntimeTypeVM,
			RuntimeConfigPath: "/etc/kata-containers/configuration.toml", PrivilegedWithoutHostDevices: true},
	}, cfg.Runtime.Runtimes, "io.katacontainers.* reaches kata without allowed_annotations")
	assert.Equal(t, runtime.CgroupSystemd, cfg.Runtime.CgroupManager, "the one cgroup_manager, for every handler")
}

func TestWithRuntimeHandlersReplacesAndKeepsDefault(t *testing.T) {
	cfg, err := crio.New(
		crio.WithRuntime("nvidia", crio.RuntimeHandler{RuntimePath: "/opt/nvidia"}),
		crio.WithDefaultRuntime("crun"),
		crio.WithRuntimeHandlers([]runtime.RuntimeHandler{{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime"}}),
	)
	require.NoError(t, err)
	assert.Equal(t, "/usr/bin/nvidia-container-runtime", cfg.Runtime.Runtimes["nvidia"].RuntimePath, "a later table replaces the earlier one")
	assert.Equal(t, "crun", cfg.Runtime.DefaultRuntime, "no handler is the default: default_runtime stays")
}

func TestWithRuntimeHandlersAnnotations(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		patterns []string
		want     []string
	}{
		{"not gated: nothing to allow", "1.34", []string{"io.katacontainers.*", "example.com/x", "nvidia.com/gpu?"}, nil},
		{"a gated name", "1.34", []string{"io.kubernetes.cri-o.userns-mode"}, []string{"io.kubernetes.cri-o.userns-mode"}},
		{"a prefix covers every gated name under it, in CRI-O's order", "1.34", []string{"io.kubernetes.cri-o.Pod*", "io.kubernetes.cri-o.LinkLogs"},
			[]string{"io.kubernetes.cri-o.PodLinuxOverhead", "io.kubernetes.cri-o.PodLinuxResources", "io.kubernetes.cri-o.LinkLogs"}},
		{"a gated prefix whole", "1.34", []string{"run.oci.*", "org.systemd.property.*"}, []string{"org.systemd.property.", "run.oci."}},
		{"everything", "1.24", []string{"*"}, []string{
			"io.kubernetes.cri-o.userns-mode", "io.kubernetes.cri-o.cgroup2-mount-hierarchy-rw", "io.kubernetes.cri-o.UnifiedCgroup",
			"io.kubernetes.cri-o.ShmSize", "io.kubernetes.cri-o.Devices", "cpu-load-balancing.crio.io", "cpu-quota.crio.io",
			"irq-load-balancing.crio.io", "io.containers.trace-syscall", "io.kubernetes.cri.rdt-class",
			"io.kubernetes.cri-o.TrySkipVolumeSELinuxLabel"}},
		{"gated only from 1.30: passes through before", "1.29", []string{"run.oci.*"}, nil},
		{"twice is once", "1.34", []string{"io.containers.trace-syscall", "io.containers.*"}, []string{"io.containers.trace-syscall"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := crio.New(crio.WithVersion(tt.target), crio.WithRuntimeHandlers([]runtime.RuntimeHandler{
				{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", PodAnnotations: tt.patterns},
			}))
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg.Runtime.Runtimes["kata"].AllowedAnnotations)
		})
	}
}

func TestWithRuntimeHandlersRefuses(t *testing.T) {
	kata := func(edit func(*runtime.RuntimeHandler)) []runtime.RuntimeHandler {
		h := runtime.RuntimeHandler{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2"}
		edit(&h)
		return []runtime.RuntimeHandler{h}
	}
	tests := []struct {
		name     string
		target   string
		handlers []runtime.RuntimeHandler
		errs     []fieldtest.Matcher
	}{
		{"the list's own problems, at its index", "1.34", []runtime.RuntimeHandler{
			{Name: "runc", Kind: runtime.HandlerRunc, Binary: "/usr/bin/runc"},
			{Name: "crun", Kind: runtime.HandlerRunc, Binary: "crun"},
		}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrForbidden, "runtimeHandlers[0].name"),
			fieldtest.Match(field.ErrInvalid, "runtimeHandlers[1].binary"),
		}},
		{"gVisor's v1 shim", "1.34", []runtime.RuntimeHandler{{Name: "gvisor", Kind: runtime.HandlerShim, Shim: "io.containerd.runsc.v1"}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.gvisor.runtime_path").Value("io.containerd.runsc.v1")}},
		{"a config file for a runc handler", "1.34", []runtime.RuntimeHandler{
			{Name: "gvisor", Kind: runtime.HandlerRunc, Binary: "/usr/bin/runsc", ConfigPath: "/etc/runsc.toml"},
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "crio.runtime.runtimes.gvisor.runtime_config_path")}},
		{"part of a gated prefix", "1.34", kata(func(h *runtime.RuntimeHandler) {
			h.PodAnnotations = []string{"ok.example/*", "org.systemd.property.CPUQuota", "io.kubernetes.cri-o.UnifiedCgroup.app"}
		}), []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.kata.allowed_annotations[1]").Value("org.systemd.property.CPUQuota"),
			fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.kata.allowed_annotations[2]").Value("io.kubernetes.cri-o.UnifiedCgroup.app"),
		}},
		{"a glob over gated names", "1.34", kata(func(h *runtime.RuntimeHandler) { h.PodAnnotations = []string{"cpu-*.crio.io"} }),
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.kata.allowed_annotations[0]").Value("cpu-*.crio.io")}},
		{"a shim name CRI-O's vm runtime refuses", "1.34", kata(func(h *runtime.RuntimeHandler) { h.Shim = "io.containerd.kata_fc.v2" }),
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "crio.runtime.runtimes.kata.runtime_path").Value("containerd-shim-kata_fc-v2")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crio.New(crio.WithVersion(tt.target), crio.WithRuntimeHandlers(tt.handlers))
			fieldtest.RequireExactly(t, err, tt.errs...)
		})
	}
}

// TestWithRuntimeHandlersForTheFinalTarget: a version-dependent table is
// judged for the release New ends with, even when WithVersion comes
// after.
func TestWithRuntimeHandlersForTheFinalTarget(t *testing.T) {
	handlers := []runtime.RuntimeHandler{{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2",
		PodAnnotations: []string{"io.kubernetes.cri-o.LinkLogs"}}}
	_, err := crio.New(crio.WithRuntimeHandlers(handlers), crio.WithVersion("1.27"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "crio.runtime.runtimes.kata.allowed_annotations[0]"))
	_, err = crio.NewInstaller(crio.WithRuntimeHandlers(handlers), crio.WithVersion("1.27"))
	require.NoError(t, err, "NewInstaller builds the Config for its target: 1.27 passes the annotation on ungated")
}

func TestGatedAnnotations(t *testing.T) {
	assert.Len(t, crio.GatedAnnotations(runtime.MustParseVersion("1.24")), 11)
	assert.Len(t, crio.GatedAnnotations(runtime.MustParseVersion("1.29.3")), 19)
	assert.Len(t, crio.GatedAnnotations(runtime.MustParseVersion("1.34")), 27)
	assert.NotContains(t, crio.GatedAnnotations(runtime.MustParseVersion("1.27")), "io.kubernetes.cri-o.LinkLogs")
}
