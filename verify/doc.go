// Package verify asks a running node whether it runs as its kubenode.Node
// plans it, and reports every difference as a finding, the way Lint
// reports a file's problems: a file check cannot see what a daemon really
// does with its file, the runtime can say.
//
//	report, err := verify.Node(ctx, node, verify.WithKubeconfig("/etc/kubernetes/kubelet.conf"))
//	// err: the Node does not plan, or an option is wrong.
//	// report.Findings: none when the node runs as planned.
//
// # Contract
//
// [Node] plans the Node (every default made explicit, as Node.Targets
// does), reads back from the planned files what the runtime and the
// kubelet should run with, each value where the plan writes it, then asks
// the running node within one bounded time ([WithTimeout]). Every finding
// is an inspect.Finding whose problem wraps one of this package's
// sentinels ([ErrDrift], [ErrMissing], [ErrNotReady], [ErrUnreachable]);
// a drift's bad value is a [Drift] with both values, the planned and the
// running one. Nothing is written and nothing restarted.
//
// # Where a finding is
//
// A drift of a setting is reported in the planned file that sets it, at
// the setting's path in that file's syntax: containerd's sandbox image at
// plugins."io.containerd.grpc.v1.cri".sandbox_image (config version 2) or
// plugins."io.containerd.cri.v1.images".pinned_images.sandbox (3 and 4),
// cri-dockerd's at its unit's --pod-infra-container-image, CRI-O's at
// crio.image.pause_image of its drop-in. A setting the plan leaves to the
// program's default is reported on that program's main file as a whole.
// What is no setting is reported on what was asked: the runtime's socket
// as the plan names it (/run/containerd/containerd.sock) for its name,
// release, conditions and reachability; the kubelet's healthz URL; and
// nodes/NAME for the Node object.
//
// # What is asked
//
// Over CRI (runtime/v1 on the unix socket the kubelet of the plan talks
// to, or [WithEndpoint]): Version, whose runtime name and release must be
// the plan's (cri-dockerd answers "docker" with the Engine's release; a
// release planned as major.minor matches every patch); Status with its
// verbose info, where RuntimeReady false is an error and NetworkReady
// false a warning (a node has no CNI config until its network add-on
// brings one; the kubelet then keeps the Node NotReady, which
// WithKubeconfig reports), and any other condition false a warning:
// containerd's deprecations name the deprecated settings in use, leaving
// out cgroup v1, a property of the host; RuntimeConfig, the cgroup driver
// the runtime tells the kubelet, where implemented (containerd 2.0 and later, CRI-O,
// cri-dockerd), else the default runtime's SystemdCgroup in the verbose
// info. From the verbose info: containerd's CRI config (its runtimes with
// SystemdCgroup, the default runtime and, in 1.6 and 1.7 only, the
// sandbox image and registry.config_path: 2.x publishes neither over
// CRI, and its sandbox image is read from the images it pins, once it has
// pulled it: a runtime that holds no copy of the planned image yet, and
// still pins the one it pulled last, is a warning, not an error);
// CRI-O's and cri-dockerd's sandbox image. Every runtime
// handler the Node asks for must be offered (Status' runtime_handlers,
// else the runtimes of the verbose info); a missing one is reported at its
// table in the planned file (containerd's containerd.runtimes.NAME,
// CRI-O's crio.runtime.runtimes.NAME, daemon.json's runtimes.NAME, which
// cri-dockerd offers as handlers).
//
// The kubelet's healthz (DefaultKubeletHealthz, or what the planned
// KubeletConfiguration's healthzBindAddress and healthzPort say, or
// [WithKubeletHealthz]) must answer 200 "ok"; [WithoutKubelet] leaves it
// out. With [WithKubeconfig], the Node object (named by [WithNodeName],
// the kubelet's hostname override, or this host's name) must be Ready,
// with status.nodeInfo's containerRuntimeVersion ("containerd://2.2.9")
// and kubeletVersion ("v1.37.2") the plan's.
//
// # A node in namespaces
//
// A node whose daemons run in namespaces of their own (a booted systemd
// in a test, a container) is asked from outside: [WithRoot] names the
// directory that is its / (/proc/PID/root), under which the CRI socket is
// found, and the files its own kubeconfig names; [WithNetworkNamespace] (/proc/PID/ns/net) makes the TCP
// connections to the kubelet and the API server from inside its network
// namespace. A socket path longer than a unix address holds is reached
// through /proc/self/fd.
//
// # Bounded
//
// One deadline covers the whole call. A socket that is absent, refuses or
// does not answer, a kubelet or an API server that does not, is an
// [ErrUnreachable] finding naming the address asked, never a hang.
package verify
