// Package crio models what a Kubernetes node needs from CRI-O as typed Go
// values: a configuration drop-in for /etc/crio/crio.conf.d ([Config]), a
// containers-registries.conf(5) drop-in for
// /etc/containers/registries.conf.d ([RegistriesConfig]), and an
// [Installer] that plans both with crictl.yaml and crio.service.
//
// # Drop-ins, not crio.conf
//
// CRI-O reads /etc/crio/crio.conf, then every file of /etc/crio/crio.conf.d
// in lexical order, each key of a later file replacing the same key of an
// earlier one (a runtimes table replaces the whole handler of its name).
// The upstream packages (the cri-o/packaging project) install
// crio.conf.d/10-crio.conf, which defines the crun and runc runtimes, and
// /etc/containers/registries.conf.d/registries.conf; distribution packages
// may ship a whole crio.conf instead. kubenode leaves those untouched and
// writes only the keys the node needs in a later drop-in
// (DefaultDropInName). A Config therefore holds what the
// drop-in says, not the whole configuration: an empty field is a key the
// drop-in does not write, so CRI-O keeps the packaged value or its default.
// Lists are the exception that needs care: a nil list is not written, an
// empty non-nil list is written as [] and clears the earlier value.
//
// # Shape
//
// crio has the shape every component of kubenode has: [New] (options
// [Option]) builds a validated [Config]; [Parse], [Config.Validate] and
// [Config.Render] read, check and write one; [NewInstaller] (options
// [InstallerOption]) plans it. [WithVersion] and every [ConfigOption]
// ([WithCgroupDriver], [WithSandboxImage], [WithEndpoint], [WithRuntime],
// [WithDefaultRuntime], [WithRuntimeHandlers], [WithStorage], [WithCNI],
// [WithEdit]) are taken by both, so NewInstaller can build the Config
// itself; [WithConfig] hands it a Config instead, and [WithMirrors],
// [WithRegistries], [WithRegistryHosts] and [WithDropInName] are the
// Installer's own. [DefaultVersion] and [SupportedVersions] are
// runtime.Versions, checked by [ValidateVersion]; [CheckKubernetes] judges
// a release for a Kubernetes release and [ReleaseFor] picks one for it.
// [Inspect] lints CRI-O's files on a node. CRI-O's packages ship
// crio.service, so there is no WithBinary or WithUnitDir.
//
// # Registries, runtime handlers and data locations
//
// [WithRegistryHosts] renders kubenode's registries (runtime.Registry) the
// way containers/image, which pulls for CRI-O, reads them: a
// [[registry]] entry with insecure and [[registry.mirror]] entries in the
// registries.conf drop-in; the CA and client certificate in
// [CertsDir]/HOST (the key mode 0600); the credentials in [AuthFile]
// (mode 0600), which the drop-in names as global_auth_file (every CRI-O
// release since 1.15 knows it, so every supported one). containers/image
// reads certs.d and the auth file on each pull, so changing them restarts
// nothing; CRI-O keeps registries.conf from its start (it rereads it on
// SIGHUP, which a plan cannot send), so changing that restarts
// crio.service. A secret is revealed only into those two 0600 files.
//
// [WithRuntimeHandlers] renders kubenode's runtime handlers
// (runtime.RuntimeHandler), a RuntimeClass's handler each, as
// [crio.runtime.runtimes.NAME] tables: a runc-compatible binary as an oci
// runtime, a containerd shim v2 (Kata Containers) as a vm runtime, and the
// default one as default_runtime. CRI-O's cgroup_manager is global, so
// every handler follows the node's one driver with nothing to set per
// handler. What CRI-O cannot run or express (a v1 shim such as gVisor's
// io.containerd.runsc.v1, pod annotations it cannot gate) is refused at
// the handler's table. [WithStorage] sets root and runroot in [crio].
//
// # Inspect
//
// Inspect reads what CRI-O and containers/image read: /etc/crio/crio.conf,
// then /etc/crio/crio.conf.d/*.conf in lexical order, and
// /etc/containers/registries.conf with registries.conf.d/*.conf. Each file
// is validated on its own, for the target release; a key of a later file
// replaces an earlier one's, so the endpoint (listen), cgroup driver
// (cgroup_manager) and pause image (pause_image) of the Report's Server are
// those of the last file that sets each, located there. CRI-O tells the
// kubelet its cgroup driver over CRI from 1.28. CRI-O's minor releases
// follow Kubernetes', so with no release given Inspect judges for the one
// of the kubelet's minor and says so in a warning.
//
// # Keys, versions and Extra
//
// The typed fields are the keys a node installer decides (cgroup manager,
// pause image, runtimes, CNI directories, the socket, the storage
// locations, the auth file). Every other key,
// under [crio] or any of its tables, survives Parse and Render in the Extra
// map of the table it belongs to. CRI-O ignores a key it does not know
// without a word, so Validate reports every key the target CRI-O release
// does not know as a warning (field.ErrUnknown), keys a release removed as
// field.ErrRemoved and deprecated keys as field.ErrDeprecated. The known
// keys per release come from the toml tags of CRI-O's config types at each
// release tag from v1.24.0 to v1.34.0 (SupportedVersions).
//
// Parse keeps values, not layout: comments and the order of keys are lost,
// and Render writes keys in sorted order through go-toml/v2.
package crio
