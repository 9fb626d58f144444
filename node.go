package kubenode

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime"
)

// Runtime names the way a node runs containers.
type Runtime string

// The three container runtimes kubenode sets up.
const (
	// Containerd is containerd with its CRI plugin.
	Containerd Runtime = "containerd"
	// Docker is Docker Engine with cri-dockerd in front of it, for
	// Kubernetes 1.24 and later, which no longer ship dockershim.
	Docker Runtime = "docker"
	// CRIO is CRI-O, the runtime made only for Kubernetes.
	CRIO Runtime = "crio"
)

// Runtimes lists the valid Runtime values.
var Runtimes = []Runtime{Containerd, Docker, CRIO}

// Node is one description of a Kubernetes node's container runtime and
// kubelet. [Node.Plan] turns it into every file and unit action the node
// needs, built from this one description so that the runtime and the
// kubelet cannot disagree on the cgroup driver, the pause image or the CRI
// socket. Fields left empty take the defaults each field names; Validate and
// Plan never change the Node.
type Node struct {
	// Kubernetes is the kubelet's version, "1.37" or "v1.35.2": it decides
	// which kubelet flags and config fields exist, the default pause image
	// and which runtime releases fit. Default: DefaultKubernetes.
	Kubernetes string
	// Runtime is containerd, docker or crio. Default: containerd.
	Runtime Runtime
	// RuntimeVersion is the release of containerd, Docker Engine or CRI-O
	// the files are written for. Default: for containerd the newest release
	// line containerd recommends for Kubernetes; for Docker the newest
	// kubenode knows; for CRI-O the one matching Kubernetes' minor version.
	RuntimeVersion string
	// CRIDockerdVersion is cri-dockerd's release, with Runtime docker.
	// Default: the newest kubenode knows.
	CRIDockerdVersion string
	// CgroupDriver is the one cgroup driver of the runtime and the kubelet.
	// Default: systemd, as kubeadm sets it.
	CgroupDriver runtime.CgroupDriver
	// PauseImage is the sandbox ("pause") image of every pod, pinned once in
	// the runtime: containerd's pinned sandbox image, cri-dockerd's
	// --pod-infra-container-image or CRI-O's pause_image. Default: the one
	// kubeadm pins for the Kubernetes version, from registry.k8s.io.
	PauseImage string
	// Mirrors are pull-through registry mirrors, rendered for the runtime:
	// hosts.toml files for containerd, registry-mirrors for Docker (which
	// mirrors only docker.io), a registries.conf drop-in for CRI-O.
	Mirrors []runtime.Mirror
	// NodeIPs are the kubelet's --node-ip: one address, or an IPv4 and an
	// IPv6 address for a dual-stack node.
	NodeIPs []string
	// NodeLabels are the kubelet's --node-labels.
	NodeLabels map[string]string
	// Taints are the kubelet's --register-with-taints, each
	// "key[=value]:Effect".
	Taints []string
	// KubeletConfig, when set, edits the kubelet's KubeletConfiguration
	// after kubenode has filled it (cgroup driver, runtime endpoint, ...).
	// Whatever it sets is still validated, and the cgroup driver and runtime
	// endpoint must stay what the node says.
	KubeletConfig func(*v1beta1.KubeletConfiguration)
	// Binaries are the paths of the programs the units start.
	Binaries Binaries
	// Downloads, when set, adds the release binaries of the runtime and the
	// kubelet to the plan (see Downloads). A Docker node then lets dockerd
	// run the containerd of Docker's static archive itself.
	Downloads *Downloads
}

// Binaries are where the node's programs are installed; empty fields take
// the component's default (the path its upstream unit uses).
type Binaries struct {
	// Containerd is the containerd binary (default /usr/local/bin/containerd,
	// as containerd's release tarball installs it).
	Containerd string
	// Dockerd is the dockerd binary (default /usr/bin/dockerd).
	Dockerd string
	// CRIDockerd is the cri-dockerd binary (default /usr/bin/cri-dockerd).
	CRIDockerd string
	// Kubelet is the kubelet binary (default /usr/bin/kubelet, as the
	// Kubernetes packages install it).
	Kubelet string
}
