package verify

import (
	"encoding/json"
	"slices"
	"strings"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// checkVersion compares the runtime's name and release with the plan's: a
// release planned as major.minor matches every patch of it.
func (v *verifier) checkVersion(file string, rt *Runtime) {
	if want := runtimeNames[v.plan.kind]; !strings.EqualFold(rt.Name, want) {
		v.add(file, &field.Error{Type: ErrDrift, Path: runtimeNamePath, BadValue: Drift{Planned: want, Running: rt.Name},
			Detail: "the kubelet's endpoint is served by another runtime than the plan's"})
		return
	}
	got, err := runtime.ParseVersion(rt.Version)
	want := v.plan.version
	if err == nil && !want.HasPatch {
		got = got.MinorOf()
	}
	if err != nil || got.Compare(want) != 0 {
		v.add(file, &field.Error{Type: ErrDrift, Path: runtimeVersionPath, BadValue: Drift{Planned: want.String(), Running: rt.Version},
			Detail: "the files were written for another release than the one running"})
	}
}

// checkConditions reports the runtime's conditions: RuntimeReady false is
// an error; NetworkReady false a warning, since a node has no CNI config
// until its network add-on or its plan brings one (the kubelet then keeps
// the node NotReady, which the Node object shows); containerd's
// deprecations (ContainerdHasNoDeprecationWarnings) a warning naming them,
// but for those of the host rather than of the files (hostDeprecations);
// any other condition false a warning.
func (v *verifier) checkConditions(file string, rt *Runtime) {
	if _, ok := rt.Conditions[runtimeapi.RuntimeReady]; !ok {
		v.add(file, &field.Error{Type: ErrNotReady, Path: conditionsPath.Key(runtimeapi.RuntimeReady), Detail: "the runtime reports no RuntimeReady condition"})
	}
	for _, name := range sortedKeys(rt.Conditions) {
		c := rt.Conditions[name]
		if c.Status {
			continue
		}
		e := &field.Error{Type: ErrNotReady, Path: conditionsPath.Key(name), BadValue: c.Reason, Detail: c.Message}
		switch name {
		case runtimeapi.RuntimeReady:
			v.add(file, e)
			continue
		case deprecationCondition:
			left, ok := fileDeprecations(c.Message)
			if ok && len(left) == 0 {
				continue
			}
			if ok {
				e.BadValue, e.Detail = left, "containerd reports deprecated settings in use"
			}
		}
		v.warn(file, e)
	}
}

// deprecationCondition is containerd 2.x's condition listing what of its
// configuration is deprecated.
const deprecationCondition = "ContainerdHasNoDeprecationWarnings"

// hostDeprecations are containerd deprecations of the host, not of the
// node's files: cgroup v1 (deprecated from containerd 2.2), which Lint's
// host checks judge against the kubelet's failCgroupV1.
var hostDeprecations = []string{"io.containerd.deprecation/cgroup-v1"}

// fileDeprecations are the IDs of the deprecations in the condition's
// message (a JSON object of ID to text) but the host's; ok is false when
// the message is not such an object.
func fileDeprecations(message string) (ids []string, ok bool) {
	var all map[string]string
	if err := json.Unmarshal([]byte(message), &all); err != nil {
		return nil, false
	}
	for _, id := range sortedKeys(all) {
		if !slices.Contains(hostDeprecations, id) {
			ids = append(ids, id)
		}
	}
	return ids, true
}

// published is what a runtime's verbose info says it runs with; an empty
// field is one it does not publish.
type published struct {
	cgroupDriver string
	sandboxImage string
	handlers     []string
	// located are more settings of the plan's files compared with what
	// the runtime runs (containerd's SystemdCgroup per handler, registry
	// config_path), each with the value the runtime uses.
	located []runningValue
}

// runningValue is one planned setting and the value the runtime runs with.
type runningValue struct {
	want    inspect.Located
	running string
	detail  string
}

// published reads what the runtime's verbose info publishes of its
// configuration.
func (v *verifier) published(rt *Runtime) published {
	switch v.plan.kind {
	case kubenode.Containerd:
		return v.containerdPublished(rt)
	case kubenode.CRIO:
		return crioPublished(rt)
	}
	// cri-dockerd publishes only {"sandboxImage"}.
	return published{sandboxImage: parseInfoConfig(rt.Info).SandboxImage}
}

// checkPublished compares the cgroup driver, the pause image, the
// handlers and each located setting with the plan's.
func (v *verifier) checkPublished(rt *Runtime, e published) {
	cfg := v.plan.config
	if want := v.plan.cgroupDriver; want.Value != "" && rt.CgroupDriver != "" && rt.CgroupDriver != want.Value {
		v.drift(want, cfg, rt.CgroupDriver, "the runtime runs pods with another cgroup driver than planned")
	}
	if want := v.plan.pauseImage; want.Value != "" && rt.SandboxImage != "" && rt.SandboxImage != want.Value {
		if v.sandboxNotPulled {
			file, p := want.At(cfg)
			v.warn(file, &field.Error{Type: ErrDrift, Path: p, BadValue: Drift{Planned: want.Value, Running: rt.SandboxImage},
				Detail: "the runtime has not pulled the planned pause image yet and still pins the one it pulled last; the next pod sandbox pulls the planned one"})
		} else {
			v.drift(want, cfg, rt.SandboxImage, "the runtime runs pod sandboxes with another pause image than planned")
		}
	}
	for _, l := range e.located {
		if l.running != l.want.Value {
			v.drift(l.want, cfg, l.running, l.detail)
		}
	}
	if len(rt.Handlers) == 0 {
		return // the runtime publishes no handlers
	}
	for _, h := range v.plan.handlers {
		if !slices.Contains(rt.Handlers, h) {
			file, p := v.plan.handlerAt(h)
			v.add(file, &field.Error{Type: ErrMissing, Path: p, BadValue: h,
				Detail: "the runtime offers no handler of this name: a RuntimeClass naming it fails its pods"})
		}
	}
}
