package kubenode

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime/field"
)

// Hooks edit each component's configuration after the Node has filled it,
// for what the Node does not say itself: any key of config.toml,
// daemon.json, cri-dockerd's flags or CRI-O's drop-in. The result is
// validated again, and a hook may not change what the Node keeps one of
// across components (the cgroup driver, the pause image, the CRI
// endpoint): that is a conflict at hooks.<component>. A hook for a
// component the node does not run is an error.
type Hooks struct {
	// Containerd edits containerd's config.toml.
	Containerd func(*containerd.Config)
	// Docker edits Docker's daemon.json.
	Docker func(*docker.DaemonConfig)
	// CRIDockerd edits cri-dockerd's flags.
	CRIDockerd func(*cridockerd.Flags)
	// CRIO edits CRI-O's drop-in.
	CRIO func(*crio.Config)
}

// hookErrs collects what hooks broke while a component's builder ran them.
type hookErrs struct{ errs field.ErrorList }

// hookErrs is where the node's hooks report, or nil for a node without
// hooks, which then allocates nothing for them.
func (d *Node) hookErrs() *hookErrs {
	h := d.Hooks
	if h.Containerd == nil && h.Docker == nil && h.CRIDockerd == nil && h.CRIO == nil {
		return nil
	}
	return &hookErrs{}
}

// list is what the hooks broke; nil h has nothing.
func (h *hookErrs) list() field.ErrorList {
	if h == nil {
		return nil
	}
	return h.errs
}

// conflict records a hook's change of a value the Node keeps.
func (h *hookErrs) conflict(hook, key string, before, after any) {
	if fmt.Sprint(before) != fmt.Sprint(after) {
		h.errs = append(h.errs, field.Conflict(field.NewPath("hooks", hook).Child(key), fmt.Sprint(after),
			fmt.Sprintf("the node sets it to %v for every component; change it on the Node", before)))
	}
}

// checkHooks refuses hooks of components the node does not run.
func (d *Node) checkHooks() field.ErrorList {
	var errs field.ErrorList
	for _, h := range []struct {
		name string
		set  bool
		runs bool
	}{
		{"containerd", d.Hooks.Containerd != nil, d.Runtime == Containerd},
		{"docker", d.Hooks.Docker != nil, d.Runtime == Docker},
		{"criDockerd", d.Hooks.CRIDockerd != nil, d.Runtime == Docker},
		{"crio", d.Hooks.CRIO != nil, d.Runtime == CRIO},
	} {
		if h.set && !h.runs {
			errs = append(errs, field.Forbidden(field.NewPath("hooks", h.name), "set", "the node's runtime is "+string(d.Runtime)))
		}
	}
	return errs
}

// The edits below run a hook, keeping the Node's invariants, and report
// to h what it broke. Each holds the hook alone, not the Node: the
// defaulted Node a plan works on then stays on the stack.

// containerdEdit runs the Containerd hook.
func (h *hookErrs) containerdEdit(hook func(*containerd.Config)) func(*containerd.Config) {
	return func(c *containerd.Config) {
		type kept struct {
			systemd []bool
			pause   string
			address string
		}
		keep := func() kept {
			k := kept{pause: c.Images.SandboxImage, address: c.GRPCAddress}
			for _, name := range slices.Sorted(maps.Keys(c.Runtime.Runtimes)) {
				if r := c.Runtime.Runtimes[name]; containerd.IsRunc(r.Type) {
					k.systemd = append(k.systemd, r.Options.SystemdCgroup)
				}
			}
			return k
		}
		before := keep()
		hook(c)
		after := keep()
		h.conflict("containerd", "SystemdCgroup", before.systemd, after.systemd)
		h.conflict("containerd", "sandboxImage", before.pause, after.pause)
		h.conflict("containerd", "grpc.address", before.address, after.address)
	}
}

// dockerEdit runs the Docker hook, keeping the cgroup driver.
func (h *hookErrs) dockerEdit(hook func(*docker.DaemonConfig)) func(*docker.DaemonConfig) {
	return func(c *docker.DaemonConfig) {
		before := slices.Clone(c.ExecOpts)
		hook(c)
		h.conflict("docker", "exec-opts", before, c.ExecOpts)
	}
}

// criDockerdEdit runs the cri-dockerd hook, keeping the pause image and
// the endpoint.
func (h *hookErrs) criDockerdEdit(hook func(*cridockerd.Flags)) func(*cridockerd.Flags) {
	return func(f *cridockerd.Flags) {
		pause, endpoint := f.PodInfraContainerImage, f.ContainerRuntimeEndpoint
		hook(f)
		h.conflict("criDockerd", "pod-infra-container-image", pause, f.PodInfraContainerImage)
		h.conflict("criDockerd", "container-runtime-endpoint", endpoint, f.ContainerRuntimeEndpoint)
	}
}

// crioEdit runs the CRI-O hook, keeping the cgroup manager, the pause
// image and the socket.
func (h *hookErrs) crioEdit(hook func(*crio.Config)) func(*crio.Config) {
	return func(c *crio.Config) {
		driver, pause, listen := c.Runtime.CgroupManager, c.Image.PauseImage, c.API.Listen
		hook(c)
		h.conflict("crio", "cgroup_manager", driver, c.Runtime.CgroupManager)
		h.conflict("crio", "pause_image", pause, c.Image.PauseImage)
		h.conflict("crio", "listen", listen, c.API.Listen)
	}
}
