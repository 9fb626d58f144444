package inspect

import "github.com/kubenode/kubenode/runtime"

// Server is a container runtime on the node that serves CRI, as the checks
// between it and its clients need it.
type Server struct {
	// Name is the runtime's name for messages: containerd, cri-dockerd,
	// CRI-O.
	Name string
	// Unit is the unit that runs it.
	Unit string
	// Config is the file that says most about it (its configuration file,
	// else its unit), where a problem of the runtime as a whole goes.
	Config string
	// Endpoints are the unix:// endpoints it serves CRI on.
	Endpoints []Located
	// CgroupDriver is the cgroup driver it uses; Value "" when the node
	// leaves it to the host (Docker's default depends on the cgroup
	// version).
	CgroupDriver Located
	// PauseImage is the pause image it pins; Value "" when left to its
	// default.
	PauseImage Located
	// ReportsDriver is whether it tells the kubelet its cgroup driver over
	// CRI (the RuntimeConfig call); NotReports says why not.
	ReportsDriver bool
	NotReports    string
	// Version is its target release, and Given whether it was given.
	Version runtime.Version
	Given   bool
	// Withheld are its component's problems that matter only when the
	// kubelet talks to it (containerd's CRI plugin disabled, on a node
	// whose kubelet uses Docker).
	Withheld []Finding
	// NoCRI is why it serves no CRI at all, or "".
	NoCRI string
}

// Client is a CRI client on the node (the kubelet, crictl): what must
// agree with the runtime it talks to.
type Client struct {
	// Name is the client's name for messages: kubelet, crictl.
	Name string
	// Endpoints are the CRI endpoints it talks to (the kubelet's one;
	// crictl's runtime-endpoint and image-endpoint); a Value that is no
	// unix socket is not checked.
	Endpoints []Located
	// CgroupDriver is the cgroup driver it uses, or Value "".
	CgroupDriver Located
	// PauseImage is the sandbox image it keeps from garbage collection, or
	// Value "".
	PauseImage Located
	// FailSwapOn and FailCgroupV1 are the kubelet's failSwapOn and
	// failCgroupV1, or Value "" when left to the kubelet's default: what
	// the host must agree with (swap, the cgroup version).
	FailSwapOn, FailCgroupV1 Located
	// ConfigUnknown is set when its settings are unknown (a config file
	// that cannot be read or parsed): nothing is compared with them.
	ConfigUnknown bool
	// File is where a problem of a setting the node leaves to its default
	// goes: its config file, else its unit's command line.
	File string
}
