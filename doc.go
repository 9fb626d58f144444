// Package kubenode turns one description of a Kubernetes node's container
// runtime into the exact files and systemd actions that node needs, checks
// them the way the real daemons will, and renders them byte for byte
// deterministic.
//
// Every installer of Kubernetes nodes (kops nodeup, minikube, kubekey, k3s,
// k0s, EKS nodeadm, kubespray) used to keep its own text templates for
// containerd's config.toml, Docker's daemon.json, cri-dockerd's units and
// the kubelet's flags, and each shipped the same bugs: a containerd 2 node
// handed a config version it cannot read, SystemdCgroup disagreeing with the
// kubelet's cgroup driver, a pause image set in one place and not the
// other, --network-plugin passed to a kubelet that no longer has it. kubenode
// models those files as typed Go values instead.
//
// # Packages
//
// Each package has one job:
//
//   - kubenode (this package): [Node], one description of a node, becomes
//     one consistent [runtime.Plan]; [Lint] checks an existing node.
//   - runtime: the shared vocabulary — Plan, File, Artifact, Installer,
//     Compose, Version, Lifecycle, CgroupDriver, Mirror, endpoints, images.
//   - runtime/field: problems with paths in each file's own syntax and
//     sentinels errors.Is matches; runtime/field/fieldtest matches them in
//     tests.
//   - runtime/apply: make a node match a plan (confined, atomic, backed
//     up, rolled back, release binaries fetched and verified).
//   - runtime/render: the same plan as a shell script, cloud-init,
//     Ignition, a tar archive, a directory tree, or a Cluster API
//     KubeadmConfigTemplate / kubeadm JoinConfiguration (with [Node.Kubeadm]).
//   - verify: ask a running node whether it runs as planned (over CRI, the
//     kubelet's healthz and the API server), drift as Lint findings.
//   - runtime/inspect: what every component's Inspect shares — a node's
//     files read as its daemons read them, findings, reports.
//   - runtime/host: a host's facts read from its root (cgroup mode, swap,
//     modules, sysctls); runtime/hostprep: its preparation as plan data
//     (modules-load.d, sysctl.d, masked units).
//   - runtime/crictl: crictl.yaml. runtime/plantest: golden files.
//   - systemd: typed units and drop-ins; systemd/manager: D-Bus, offline
//     and recording service managers.
//   - containerd (with containerd/hosts and containerd/release), docker,
//     cridockerd, crio, kubelet: one component each.
//
// # Component shape
//
// The five components expose the same names for the same ideas, each
// with its own config type named after its file (containerd.Config,
// docker.DaemonConfig, cridockerd.Flags, crio.Config, kubelet.Config):
//
//	DefaultVersion                      runtime.Version the builders target by default
//	SupportedVersions, ValidateVersion  the releases kubenode knows; a check at the caller's path
//	New(opts ...Option)                 a validated config for a target release
//	Parse(data)                         what the daemon reads, unknown keys kept
//	(*Config).Validate(target)          every problem, warnings apart
//	(*Config).Render(...)               bytes through a real encoder
//	NewInstaller(opts ...InstallerOption) the files and unit actions (runtime.Installer)
//	Inspect(node, target)               Lint of the component's own files (*inspect.Report)
//	WithVersion, WithCgroupDriver, WithSandboxImage, WithMirrors, WithEndpoint,
//	WithEdit                            options of both New and NewInstaller
//	WithConfig, WithBinary, WithUnitDir options of NewInstaller
//	WithRegistryHosts, WithRuntimeHandlers, WithStorage
//	                                    a node's registries (runtime.Registry), RuntimeClass
//	                                    handlers (runtime.RuntimeHandler) and data locations,
//	                                    in the runtimes (docker: WithDataRoot; the kubelet:
//	                                    WithRootDir, WithCredentialProvider)
//
// A component has only the options whose idea it has: CRI-O ships no
// binary or unit of kubenode's, cri-dockerd reads no mirrors and takes
// dockerd's cgroup driver, Docker's sandbox image is cri-dockerd's, and
// the kubelet, a CRI client, names the endpoint it talks to
// (WithRuntimeEndpoint) instead of one it serves. containerd and
// CRI-O also say which of their releases serve a Kubernetes release
// (containerd.CheckKubernetes, crio.CheckKubernetes).
//
// # Lint
//
// [Lint] runs each component's Inspect on the node, then the checks that
// span components. It reads /etc/containerd/config.toml with its imports
// (containerd.Load) and the hosts.toml files under its
// registry.config_path; /etc/docker/daemon.json (or the dockerd
// --config-file of docker.service); /etc/crio/crio.conf and
// /etc/crio/crio.conf.d/*.conf in lexical order, with
// /etc/containers/registries.conf and registries.conf.d/*.conf;
// /etc/crictl.yaml; and the units containerd, docker, docker.socket,
// cri-docker, cri-docker.socket, crio and kubelet as systemd loads them
// (runtime/inspect's Node). Symbolic links are followed inside the node's
// root, so an absolute link resolves in the node's root, not the host's.
//
// Between components it reports a kubelet or crictl endpoint no runtime on
// the node serves (unix:///var/run/x and unix:///run/x are one socket),
// cgroup drivers that differ between the kubelet and the runtime it talks to
// (an error unless the kubelet takes the runtime's driver over CRI, as
// KubeletCgroupDriverFromCRI does from 1.31 with containerd 2.0, CRI-O 1.28
// and cri-dockerd 0.3.17 and later), pause images that differ between the
// runtime and the kubelet's --pod-infra-container-image, a socket unit whose
// service ignores the socket, ordering cycles among the units read (once per
// cycle, naming its units), Requires=/BindsTo= units that are not on the
// node (a warning: a package may bring them), and a containerd or CRI-O
// release outside what it supports for the kubelet's (when both are given).
// A component's complaint that matters only to the runtime the kubelet uses
// (containerd's CRI plugin disabled) is left out when the kubelet uses
// another (Docker's own containerd).
//
// [LintDir] also reads the host's facts from its root (runtime/host) and
// runs the preflight checks of kubeadm's join that a root's files answer,
// each finding saying what to change and where: net.ipv4.ip_forward off
// (kubeadm's FileContent check); br_netfilter absent, or
// net.bridge.bridge-nf-call-iptables off; swap in use under a kubelet with
// failSwapOn (kubeadm's Swap check); cgroup v1 under a kubelet that fails
// on it (failCgroupV1, true by default from 1.35); the kubelet, or the
// runtime it talks to, not enabled (kubeadm's Service check, a warning).
// kubeadm's other node checks need a live machine or a cluster and are not
// Lint's: the kubelet's port 10250 free, the kubeconfig and CA files a join
// writes, the programs on PATH (crictl, iptables, mount, nsenter, ...),
// the hostname, the CPU count and memory.
//
// # Host
//
// A Node prepares its host too ([Host]): /etc/modules-load.d/kubenode.conf
// and /etc/sysctl.d/99-kubenode.conf (runtime/hostprep), which take effect
// now through a restart of their loaders, taken in plan order before the
// runtime starts and only when a file changed; and one answer on swap for
// the host and the kubelet. Given the host's facts (Host.Facts, from
// host.Read), the plan follows them: cgroup v1 under a kubelet that refuses
// it is an error naming host.acceptCgroupV1; with no swap allowed, the
// swap units in use are masked; a host where oom_score_adj cannot be
// lowered gets containerd's restrict_oom_score_adj. Every such decision is
// in the plan's files, so a golden file shows it.
//
// # Golden tests
//
// A consumer pins kubenode's output in its own golden tests:
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
//	func TestNode(t *testing.T) {
//		plan, err := installer.Plan(context.Background())
//		require.NoError(t, err)
//		plantest.Golden(t, "testdata/node.txtar", plan, *update)
//	}
package kubenode
