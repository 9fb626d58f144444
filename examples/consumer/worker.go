package consumer

import (
	"context"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// WorkerSpec is a worker node as this installer's users describe it.
type WorkerSpec struct {
	// Pool is the node pool, set as the node label example.com/pool.
	Pool string
	// Kubernetes is the kubelet's release, such as "1.35".
	Kubernetes string
	// Runtime is "containerd", "docker" or "crio"; empty means containerd.
	Runtime string
	// RuntimeVersion is the runtime's release; empty takes kubenode's
	// choice for Kubernetes.
	RuntimeVersion string
	// IPv4 is the node's address; IPv6, when set, makes it dual-stack.
	IPv4, IPv6 string
	// GPU marks a node with accelerators: it is tainted so that only pods
	// that tolerate example.com/gpu land there.
	GPU bool
	// HubMirror is a pull-through mirror of Docker Hub, if any.
	HubMirror string
}

// Node translates the spec into kubenode's description of the node.
func (s WorkerSpec) Node() *kubenode.Node {
	n := &kubenode.Node{
		Kubernetes:     s.Kubernetes,
		Runtime:        kubenode.Runtime(s.Runtime),
		RuntimeVersion: s.RuntimeVersion,
		NodeIPs:        []string{s.IPv4},
		NodeLabels:     map[string]string{"example.com/pool": s.Pool},
	}
	if s.IPv6 != "" {
		n.NodeIPs = append(n.NodeIPs, s.IPv6)
	}
	if s.GPU {
		n.Taints = []string{"example.com/gpu=true:NoSchedule"}
	}
	if s.HubMirror != "" {
		n.Mirrors = []runtime.Mirror{{Registry: "docker.io", URL: s.HubMirror}}
	}
	return n
}

// Plan returns every file and systemd action the worker needs, or every
// problem with the spec as a field.ErrorList: the installer's own (pool) and
// kubenode's, each at the kubenode path it concerns (nodeIPs[0],
// mirrors[0].url, ...).
func (s WorkerSpec) Plan(ctx context.Context) (*runtime.Plan, error) {
	var errs field.ErrorList
	if s.Pool == "" {
		errs = append(errs, field.Required(field.NewPath("pool"), "every worker belongs to a pool"))
	}
	plan, err := s.Node().Plan(ctx)
	if errs = append(errs, field.AsList(err)...); len(errs) > 0 {
		return nil, errs
	}
	return plan, nil
}
