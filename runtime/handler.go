package runtime

import (
	"regexp"

	"github.com/kubenode/kubenode/runtime/field"
)

// RuntimeHandler is one way a node runs containers beside its default, a
// Kubernetes RuntimeClass's handler: a runc-compatible binary (crun,
// nvidia-container-runtime) or a shim of its own (kata, gVisor). Each
// runtime renders it in its own table (containerd's runtimes, CRI-O's
// crio.runtime.runtimes, daemon.json's runtimes for cri-dockerd).
type RuntimeHandler struct {
	// Name is the handler a RuntimeClass names: a DNS label such as
	// nvidia or kata.
	Name string
	// Kind is HandlerRunc or HandlerShim.
	Kind HandlerKind
	// Binary is, for HandlerRunc, the runc-compatible program:
	// /usr/bin/nvidia-container-runtime, /usr/bin/crun.
	Binary string
	// Shim is, for HandlerShim, containerd's runtime type of the shim:
	// io.containerd.kata.v2, io.containerd.runsc.v1.
	Shim string
	// ConfigPath is the handler's own configuration file, where it has one
	// (kata's configuration.toml, runsc's runsc.toml).
	ConfigPath string
	// PrivilegedWithoutHostDevices keeps the host's devices out of
	// privileged pods of this handler (what VM-based handlers need).
	PrivilegedWithoutHostDevices bool
	// PodAnnotations are the pod annotations (globs, such as
	// "io.katacontainers.*") passed through to the handler.
	PodAnnotations []string
	// Default makes the handler the one pods without a RuntimeClass use.
	// At most one handler is the default; without one, runc is.
	Default bool
}

// HandlerKind is how a RuntimeHandler runs containers.
type HandlerKind string

// The kinds of handler.
const (
	// HandlerRunc is a runc-compatible binary behind the runtime's own
	// runc shim: the node's cgroup driver applies to it.
	HandlerRunc HandlerKind = "runc"
	// HandlerShim is a containerd shim of the handler's own.
	HandlerShim HandlerKind = "shim"
)

// HandlerKinds lists the HandlerKind values.
var HandlerKinds = []HandlerKind{HandlerRunc, HandlerShim}

// IsHandlerName reports whether s can name a RuntimeClass handler, as
// Kubernetes validates RuntimeClass.handler: a DNS label (RFC 1123) of 1 to
// 63 lower-case letters, digits and '-', starting and ending with a letter
// or a digit. containerd's and CRI-O's runtime tables are named so, since
// the kubelet can ask for no other name.
func IsHandlerName(s string) bool {
	return len(s) <= 63 && dnsLabel(s)
}

// shimType is a containerd runtime type: io.containerd.NAME.vN.
var shimType = regexp.MustCompile(`^[a-z0-9]+(\.[a-z0-9_-]+)+\.v[0-9]+$`)

// ValidateRuntimeHandlers checks each handler and the list: names unique
// and not "runc" (every runtime's built-in), at most one Default, the
// fields of each kind given and the others empty.
func ValidateRuntimeHandlers(p *field.Path, hs []RuntimeHandler) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	defaults := 0
	for i, h := range hs {
		// The paths are built only for a problem: valid handlers cost none.
		hp := func(key string) *field.Path { return p.Index(i).Child(key) }
		switch {
		case !IsHandlerName(h.Name):
			errs = append(errs, field.Invalid(hp("name"), h.Name, "a RuntimeClass handler: a DNS label of at most 63 lower-case letters, digits and '-'"))
		case h.Name == "runc":
			errs = append(errs, field.Forbidden(hp("name"), h.Name, "runc is every runtime's built-in handler"))
		case seen[h.Name]:
			errs = append(errs, field.Duplicate(hp("name"), h.Name))
		}
		seen[h.Name] = true
		if h.Default {
			if defaults++; defaults > 1 {
				errs = append(errs, field.Forbidden(hp("default"), true, "only one handler is the default"))
			}
		}
		switch h.Kind {
		case HandlerRunc:
			if len(ValidateExecPath(nil, h.Binary)) > 0 {
				errs = append(errs, ValidateExecPath(hp("binary"), h.Binary)...)
			}
			if h.Shim != "" {
				errs = append(errs, field.Forbidden(hp("shim"), h.Shim, "a runc handler runs under the runc shim"))
			}
		case HandlerShim:
			if !shimType.MatchString(h.Shim) {
				errs = append(errs, field.Invalid(hp("shim"), h.Shim, "a containerd runtime type such as io.containerd.kata.v2"))
			}
			if h.Binary != "" {
				errs = append(errs, field.Forbidden(hp("binary"), h.Binary, "a shim handler names its shim, not a binary"))
			}
		default:
			errs = append(errs, field.NotSupported(hp("kind"), string(h.Kind), HandlerKinds))
		}
		if h.ConfigPath != "" && nodePathProblem(h.ConfigPath) {
			errs = append(errs, ValidateNodePath(hp("configPath"), h.ConfigPath)...)
		}
		for j, a := range h.PodAnnotations {
			if a == "" || containsControl(a) || len(a) > 317 {
				errs = append(errs, field.Invalid(hp("podAnnotations").Index(j), a, "an annotation key or glob"))
			}
		}
	}
	return errs
}
