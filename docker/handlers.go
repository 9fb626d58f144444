package docker

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// ShimConfigPath is the key of a shim runtime's options that names the
// shim's own configuration file: dockerd hands the options of any shim
// but runc's to containerd as its runtimeoptions.Options, whose
// ConfigPath a shim such as kata reads.
const ShimConfigPath = "ConfigPath"

// runcShim is the runtime type of runc's shim, whose options dockerd reads
// as runc's own.
const runcShim = "io.containerd.runc.v2"

// WithRuntimeHandlers adds a runtimes entry per handler, named after it,
// which is the Docker runtime cri-dockerd (from
// cridockerd.RuntimeHandlersSince) runs a RuntimeClass's pods with:
//
//   - a runc-kind handler is {"path": Binary}: dockerd runs the binary
//     under its own runc shim, with the cgroup driver of exec-opts
//     (native.cgroupdriver is global in Docker: there is nothing to set per
//     runtime, and a handler follows the node's driver by itself);
//   - a shim-kind handler is {"runtimeType": Shim} with, when ConfigPath is
//     set, {"options": {"ConfigPath": ...}}; dockerd reads runtimeType and
//     options from 24.0 on (20.10 and 23.0 ignore them: Validate refuses
//     them there, at runtimes.<name>.runtimeType);
//   - the Default handler is default-runtime, the runtime of pods without
//     a RuntimeClass.
//
// It refuses, at runtime-handlers.<name>, what Docker cannot carry rather
// than drop it: a ConfigPath on a runc-kind handler (dockerd passes no
// options to a path runtime), PrivilegedWithoutHostDevices (Docker has no
// such setting, per runtime or at all) and PodAnnotations (cri-dockerd
// turns pod annotations into container labels; none reaches the runtime).
// The list itself is checked by runtime.ValidateRuntimeHandlers, at
// runtime-handlers[i].
func WithRuntimeHandlers(hs []runtime.RuntimeHandler) ConfigOption {
	return ConfigOption{Name: "WithRuntimeHandlers", Set: func(b *builder) error {
		p := field.NewPath("runtime-handlers")
		errs := runtime.ValidateRuntimeHandlers(p, hs)
		for _, h := range hs {
			errs = append(errs, checkHandler(p.Key(h.Name), h)...)
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		for _, h := range hs {
			if b.cfg.Runtimes == nil {
				b.cfg.Runtimes = map[string]Runtime{}
			}
			b.cfg.Runtimes[h.Name] = handlerRuntime(h)
			if h.Default {
				b.cfg.DefaultRuntime = h.Name
			}
		}
		return nil
	}}
}

// checkHandler refuses the settings of a valid handler Docker has no place
// for.
func checkHandler(p *field.Path, h runtime.RuntimeHandler) field.ErrorList {
	var errs field.ErrorList
	switch {
	case h.ConfigPath == "":
	case h.Kind == runtime.HandlerRunc:
		errs = append(errs, field.Forbidden(p.Child("configPath"), h.ConfigPath,
			"dockerd passes no options to a runtime given by path; a runc-kind handler reads its configuration itself"))
	case h.Shim == runcShim:
		errs = append(errs, field.Forbidden(p.Child("configPath"), h.ConfigPath,
			"dockerd reads the options of "+runcShim+" as runc's, which have no ConfigPath"))
	}
	if h.PrivilegedWithoutHostDevices {
		errs = append(errs, field.Forbidden(p.Child("privilegedWithoutHostDevices"), true,
			"Docker has no setting that keeps host devices out of privileged containers of one runtime"))
	}
	if len(h.PodAnnotations) > 0 {
		errs = append(errs, field.Forbidden(p.Child("podAnnotations"), h.PodAnnotations,
			"cri-dockerd turns pod annotations into Docker container labels; none reaches the runtime"))
	}
	return errs
}

// handlerRuntime is the runtimes entry of a handler.
func handlerRuntime(h runtime.RuntimeHandler) Runtime {
	if h.Kind == runtime.HandlerRunc {
		return Runtime{Path: h.Binary}
	}
	r := Runtime{RuntimeType: h.Shim}
	if h.ConfigPath != "" {
		r.Options = map[string]any{ShimConfigPath: h.ConfigPath}
	}
	return r
}
