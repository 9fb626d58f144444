package containerd

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// WithRuntimeHandlers adds a containerd.runtimes table per handler, named
// after it, as a RuntimeClass's handler names it: a runc-compatible
// binary runs under the runc shim with options.BinaryName and the runc
// runtime's SystemdCgroup (so the node's one cgroup driver holds for it
// too); a shim runs as its own runtime_type with options.ConfigPath. Both
// take privileged_without_host_devices and pod_annotations; the Default
// one becomes default_runtime_name. Give it after WithCgroupDriver.
func WithRuntimeHandlers(hs []runtime.RuntimeHandler) ConfigOption {
	return ConfigOption{Name: "WithRuntimeHandlers", Set: func(b *builder) error {
		if errs := runtime.ValidateRuntimeHandlers(optionPath("runtime-handlers"), hs); len(errs) > 0 {
			return errs.Err()
		}
		systemd := b.cfg.Runtime.Runtimes[DefaultRuntimeName].Options.SystemdCgroup
		for _, h := range hs {
			r := Runtime{PrivilegedWithoutHostDevices: h.PrivilegedWithoutHostDevices, PodAnnotations: h.PodAnnotations}
			switch h.Kind {
			case runtime.HandlerRunc:
				if h.ConfigPath != "" {
					return field.ErrorList{field.Forbidden(optionPath("runtime-handlers").Key(h.Name).Child("configPath"), h.ConfigPath,
						"the runc shim reads no configuration file of the binary's")}.Err()
				}
				r.Type = RuntimeTypeRuncV2
				r.Options = RuncOptions{BinaryName: h.Binary, SystemdCgroup: systemd}
			default:
				r.Type, r.ConfigPath = h.Shim, h.ConfigPath
			}
			if b.cfg.Runtime.Runtimes == nil {
				b.cfg.Runtime.Runtimes = map[string]Runtime{}
			}
			b.cfg.Runtime.Runtimes[h.Name] = r
			if h.Default {
				b.cfg.Runtime.DefaultRuntimeName = h.Name
			}
		}
		return nil
	}}
}
