package crio

import (
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// handlersPath names the list WithRuntimeHandlers was given, in problems
// of runtime.ValidateRuntimeHandlers.
var handlersPath = field.NewPath("runtimeHandlers")

// ShimDir is where WithRuntimeHandlers expects the binary of a shim
// handler: /usr/bin, where Kata Containers' packages install
// containerd-shim-kata-v2.
const ShimDir = "/usr/bin"

// WithRuntimeHandlers adds a [crio.runtime.runtimes.NAME] table per
// handler, which a RuntimeClass names, and makes the Default one
// default_runtime. A table replaces an earlier one of the same name, as
// WithRuntime does, and CRI-O replaces a packaged handler of that name
// (crun) with it as a whole.
//
//   - A runc handler (runtime.HandlerRunc) is runtime_type "oci" with
//     runtime_path its Binary: crun, nvidia-container-runtime, or gVisor's
//     runsc, which CRI-O drives as an OCI runtime. CRI-O passes a
//     configuration file only to a vm runtime, so a ConfigPath is refused.
//   - A shim handler (runtime.HandlerShim) is runtime_type "vm", the
//     containerd shim v2 API CRI-O speaks to Kata Containers: runtime_path
//     is the shim's binary, named as containerd names it
//     (io.containerd.kata.v2 is containerd-shim-kata-v2) in ShimDir, and
//     runtime_config_path its ConfigPath. CRI-O runs no other shim API, so
//     a shim type not ending in .v2 (gVisor's io.containerd.runsc.v1) is
//     refused: give gVisor as a runc handler with Binary /usr/bin/runsc.
//   - PrivilegedWithoutHostDevices is privileged_without_host_devices.
//   - PodAnnotations become allowed_annotations where CRI-O needs them:
//     CRI-O passes every pod annotation to the runtime except those it
//     gates (GatedAnnotations), so "io.katacontainers.*" needs no entry,
//     and a gated one is allowed by its name or by a prefix ending in
//     "*". A pattern CRI-O cannot express (part of a gated prefix, or a
//     glob beyond one trailing "*" over gated names) is refused.
//
// Nothing is set per handler for the cgroup driver: CRI-O's
// cgroup_manager (WithCgroupDriver) is global and applies to every
// handler, and conmon_cgroup "pod" (which New writes) reaches every oci
// handler's monitor. monitor_path, runtime_root and the other keys are
// left to CRI-O: it looks conmon up in $PATH, where the upstream packages
// (which install it as /usr/libexec/crio/conmon) do not put it, so on such
// a node set MonitorPath with WithEdit. Problems of the list itself are
// at runtimeHandlers[i]; what CRI-O cannot do is at the handler's table,
// crio.runtime.runtimes.NAME.
func WithRuntimeHandlers(hs []runtime.RuntimeHandler) ConfigOption {
	return ConfigOption{Name: "WithRuntimeHandlers", Set: func(b *builder) error {
		if errs := runtime.ValidateRuntimeHandlers(handlersPath, hs); len(errs) > 0 {
			return errs.Err()
		}
		var errs field.ErrorList
		tables := map[string]RuntimeHandler{}
		for _, h := range hs {
			t, herrs := handlerTable(h, b.target)
			errs = append(errs, herrs...)
			tables[h.Name] = t
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		if b.cfg.Runtime.Runtimes == nil {
			b.cfg.Runtime.Runtimes = map[string]RuntimeHandler{}
		}
		for _, h := range hs {
			b.cfg.Runtime.Runtimes[h.Name] = tables[h.Name]
			if h.Default {
				b.cfg.Runtime.DefaultRuntime = h.Name
			}
		}
		return nil
	}}
}

// handlerTable is the runtimes table of one valid handler for the target,
// or what CRI-O cannot do with it, at the table's keys.
func handlerTable(h runtime.RuntimeHandler, target runtime.Version) (RuntimeHandler, field.ErrorList) {
	hp := runtimesPath.Child(h.Name)
	var errs field.ErrorList
	t := RuntimeHandler{PrivilegedWithoutHostDevices: h.PrivilegedWithoutHostDevices}
	switch h.Kind {
	case runtime.HandlerRunc:
		t.RuntimeType, t.RuntimePath = RuntimeTypeOCI, h.Binary
		if h.ConfigPath != "" {
			errs = append(errs, field.Forbidden(hp.Child("runtime_config_path"), h.ConfigPath,
				"CRI-O passes a configuration file only to a vm runtime (a shim handler): the runc handler's binary must find its own"))
		}
	case runtime.HandlerShim:
		binary, err := shimBinary(h.Shim)
		if err != "" {
			errs = append(errs, field.Invalid(hp.Child("runtime_path"), h.Shim, err))
		}
		t.RuntimeType, t.RuntimePath, t.RuntimeConfigPath = RuntimeTypeVM, binary, h.ConfigPath
	}
	allowed, aerrs := allowedAnnotations(hp.Child("allowed_annotations"), h.PodAnnotations, target)
	t.AllowedAnnotations = allowed
	return t, append(errs, aerrs...)
}

// shimBinary is the binary of a containerd runtime type, named as
// containerd names it (containerd-shim-NAME-VERSION from
// io.containerd.NAME.VERSION) in ShimDir, or why CRI-O cannot run it.
func shimBinary(shim string) (string, string) {
	parts := strings.Split(shim, ".")
	name, version := parts[len(parts)-2], parts[len(parts)-1]
	if version != "v2" {
		return "", fmt.Sprintf("CRI-O runs only containerd shim v2 binaries (runtime_type vm), not a %s shim; "+
			"a runc-compatible runtime such as gVisor's runsc is a runc handler with its binary (/usr/bin/runsc)", version)
	}
	return ShimDir + "/containerd-shim-" + name + "-" + version, ""
}
