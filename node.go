package kubenode

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
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
	// Kubelet holds the kubelet's own settings: hostname override, cloud
	// provider, extra flags, image credential provider.
	Kubelet KubeletSettings
	// Binaries are the paths of the programs the units start.
	Binaries Binaries
	// Registries are how the node reaches registries that need more than
	// a mirror: their mirrors, CA, client certificate, skip-verify, plain
	// HTTP and credentials (runtime.Registry), rendered in each runtime's
	// own files: containerd's hosts.toml beside the certificates (and its
	// CRI registry.configs for credentials, deprecated upstream), Docker's
	// certs.d and insecure-registries, containers' registries.conf,
	// certs.d and an auth file for CRI-O. Secrets go only into files of
	// mode 0600. What a runtime cannot do is an error at the entry.
	Registries []runtime.Registry
	// DataDirs are where the runtime and the kubelet keep their data.
	// Default: each component's own.
	DataDirs DataDirs
	// RuntimeHandlers are the runtime's handlers beside runc, each a
	// RuntimeClass's handler (GPU runtimes, kata, gVisor); one may be the
	// default. The plan carries a RuntimeClass manifest for each handler
	// that is not the default (RuntimeClassDir).
	RuntimeHandlers []runtime.RuntimeHandler
	// Proxy, when set, is the HTTP proxy of the runtime's unit (dockerd's
	// on a Docker node) and, when it asks, the kubelet's: an Environment=
	// drop-in (ProxyDropIn) whose change restarts exactly those units.
	// NO_PROXY always holds localhost and the node IPs.
	Proxy *runtime.Proxy
	// Hooks edit each component's configuration after the Node filled it.
	Hooks Hooks
	// ContainerdDropIn, on a containerd node, writes the node's containerd
	// settings as /etc/containerd/conf.d/<ContainerdDropIn> (a name ending
	// in .toml) and a config.toml that only imports that directory, for a
	// node where a distribution or another tool owns config.toml.
	ContainerdDropIn string
	// DropIns are more drop-ins of the node's units (its runtime's, the
	// kubelet's), written to /etc/systemd/system/<unit>.d/<name>; a change
	// reloads systemd and restarts the unit. A name kubenode writes
	// itself (10-kubeadm.conf, ProxyDropIn) is refused.
	DropIns []systemd.DropIn
	// Host is how the plan prepares the machine itself: kernel modules,
	// sysctls, swap and cgroup v1 (see Host). The zero value writes the
	// modules and sysctls every node needs and allows no swap.
	Host Host
	// CNI, when set, writes the simple bridge pod network of containerd's
	// cri-containerd-cni bundle (see BridgeCNI) for a single-node or test
	// cluster. Nil writes none: a CNI add-on brings its own.
	CNI *BridgeCNI
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
