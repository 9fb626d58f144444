package verify

import (
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Report is what Node found: every drift as a finding, and what the
// running node answered, for a caller that wants to show or log it.
type Report struct {
	// Findings are the drifts and failures, sorted by file, path and
	// message. None means the node runs as planned.
	Findings []inspect.Finding
	// Runtime is what the container runtime answered over CRI, or nil when
	// it did not answer.
	Runtime *Runtime
	// KubeletHealthz is the kubelet's healthz answer ("ok" when healthy),
	// or "" when it was not asked or did not answer.
	KubeletHealthz string
	// Node is the Node object's status as the API server holds it, or nil
	// without WithKubeconfig or when it could not be read.
	Node *NodeStatus
}

// Errors returns the findings of severity error: what makes the node
// differ from its plan. Warnings (no CNI configured yet) are left out.
func (r *Report) Errors() []inspect.Finding {
	var out []inspect.Finding
	for _, f := range r.Findings {
		if f.Severity == inspect.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// Runtime is what a container runtime answered over CRI.
type Runtime struct {
	// Endpoint is the unix:// endpoint asked.
	Endpoint string
	// Name and Version are the runtime's name and release as its Version
	// call gives them: containerd and "v2.2.9" or "1.6.20~ds1", cri-o and
	// "1.34.0", docker and the Engine's release for cri-dockerd.
	Name, Version string
	// APIVersion is the CRI version it speaks, "v1".
	APIVersion string
	// Conditions are its Status conditions, by type (RuntimeReady,
	// NetworkReady, ...).
	Conditions map[string]Condition
	// CgroupDriver is the driver its RuntimeConfig call answers, or ""
	// where the runtime does not implement it (containerd before 2.0).
	CgroupDriver string
	// SandboxImage is the pause image it says it uses, or "" where it does
	// not say.
	SandboxImage string
	// Handlers are the runtime handlers it offers, sorted.
	Handlers []string
	// Info is the verbose Status info: JSON documents by key, as the
	// runtime publishes them (containerd's "config", CRI-O's "config"),
	// with every credential in them (containerd 1.x's registry auths)
	// replaced by "[redacted]".
	Info map[string]string
}

// Condition is one of a runtime's Status conditions.
type Condition struct {
	Status  bool
	Reason  string
	Message string
}

// NodeStatus is what a Node object says of the node.
type NodeStatus struct {
	// Name is the Node object's name.
	Name string
	// Ready is its Ready condition's status: "True", "False" or
	// "Unknown", "" when it has none.
	Ready string
	// ContainerRuntimeVersion is status.nodeInfo.containerRuntimeVersion,
	// such as "containerd://2.2.9".
	ContainerRuntimeVersion string
	// KubeletVersion is status.nodeInfo.kubeletVersion, such as "v1.37.2".
	KubeletVersion string
}
