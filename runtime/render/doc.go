// Package render turns a [runtime.Plan] into what a provisioning system
// ships to a node: a POSIX shell script ([Shell]), cloud-init user data
// ([CloudInit]), an Ignition config ([Ignition]), a tar archive
// ([WriteTar]) or a directory tree ([WriteDir]); for a node that kubeadm
// joins, a Cluster API KubeadmConfigTemplate ([CAPI]), a
// KubeadmControlPlane's kubeadmConfigSpec ([CAPIControlPlane]) or a
// kubeadm JoinConfiguration ([KubeadmJoin], with [KubeadmPlan]). [Format]
// names them for a command line. Each renderer validates the plan first and renders nothing
// for an invalid one; the same plan always gives the same bytes.
//
// # Shell script
//
// The script writes the tree [github.com/kubenode/kubenode/runtime/apply.Apply]
// writes: `sh script` on the node, or `ROOT=dir sh script` for a root that
// is not booted (files and groups only; systemctl runs only when ROOT is
// /). It runs under any POSIX sh (dash included) with mktemp and find.
//
// Before it writes anything it checks every path the plan writes or reads
// by Apply's rules: each directory on the way is a directory that, links
// followed, lies inside ROOT; a file it replaces (a plan file, a binary,
// /etc/group and /etc/gshadow when it adds a group) is absent or a regular
// file, never a link, directory, FIFO or device; /etc/passwd and
// /etc/group are absent or regular files. A root that breaks one is
// refused with nothing written. Each file then goes to a temp file beside
// it, created exclusively under a name no one can predict (mktemp),
// through a quoted here-document (printf for content without a final
// newline); it gets its mode and, as root, its owner (numeric IDs looked
// up in ROOT's /etc/passwd and /etc/group), and is moved into place unless
// the file there has the same bytes, mode and owner. Then, on the running
// system, the unit steps Apply takes: daemon-reload, enable, start, and
// restart of the units whose files changed.
//
// Unlike Apply the script keeps no backup and stops at the first failure
// (exit status 1, a "kubenode: ..." line on stderr) instead of rolling
// back; and its checks hold against a root prepared before it runs, not
// against one changed while it runs, which Apply's os.Root guards
// against. Content with a NUL byte cannot be carried by sh and is refused.
//
// # Artifacts
//
// The shell script fetches a plan's artifacts before it writes any file:
// each downloaded with curl or wget into ROOT's [runtime.ArtifactCacheDir]
// (continuing a cut download, reusing a cached file), checked with
// sha256sum -c against the pinned digest or its checksum file's, and only
// its mapped members extracted; a mismatch stops the script with nothing
// written. A redirect is followed, one hop at a time, only on the URL's
// own host (or from http on port 80 to https on 443), as Apply does,
// unless the script is rendered with [AllowCrossHostRedirects]. Before
// anything is extracted, every entry of a tar.gz archive is checked on GNU
// tar's listing by Apply's member rules, listed once with the archives
// that break each in internal/hostiletree (ArchiveRules): no entry named
// absolutely or with a ".." element, no link pointing out of the archive,
// each member a regular file, there exactly once. A node without GNU tar
// is refused. Each member is then installed like a file, and a changed
// binary restarts its RestartUnits.
//
// cloud-init, tar and a directory cannot verify or unpack a download, so
// there the artifacts travel as the script [ArtifactScript] renders, a file
// at [ArtifactScriptPath] for the node to run (cloud-init's first runcmd).
//
// # Ignition
//
// Ignition runs before the first boot, so there is nothing to reload or
// restart: a unit the plan enables or starts is marked enabled. A unit file
// or drop-in under /etc/systemd/system that is 0644 root:root becomes a
// unit's contents or dropins; any other file is a storage file. Ignition
// fetches a remote file and checks its verification.hash, but cannot unpack
// an archive or read a checksum file: so a pinned plain binary becomes a
// storage file with its URL as source, a pinned archive such a file in the
// cache named by its digest, and everything else is done on first boot by
// [ArtifactScript], run by the oneshot unit [ArtifactUnitName] after the
// network is online and before every unit the plan starts. Ignition's own
// downloads follow redirects as Ignition does; [AllowCrossHostRedirects]
// governs the script's alone.
//
// # Cluster API and kubeadm
//
// `kubeadm join` writes /var/lib/kubelet/config.yaml and kubeadm-flags.env
// itself, so a node kubeadm joins gets its kubelet settings another way:
// the [Kubeadm] of [WithKubeadm] (the root package's Node.Kubeadm computes
// it) holds the runtime's CRI socket, the kubelet flags kubeadm does not
// set itself, the taints, and the node's KubeletConfiguration as a JSON
// merge patch over kubeadm's (kubeletconfiguration+merge.yaml in
// patches.directory; a merge patch because kubeadm applies a strategic one
// to this target with a type that has no JSON keys). These renderings
// leave out the files kubeadm owns and the starts of the units it starts
// (kubelet.service: enabled, then started by kubeadm).
//
// [CAPI] writes a KubeadmConfigTemplate
// (bootstrap.cluster.x-k8s.io/v1beta2, the version Cluster API 1.14
// serves and stores) and [CAPIControlPlane] a KubeadmControlPlane
// (controlplane.cluster.x-k8s.io/v1beta2) holding only its
// kubeadmConfigSpec, with the same node registration in its
// initConfiguration and joinConfiguration, to merge into the cluster's
// own. Kubeadm.CAPIVersion v1beta1 writes them in the API Cluster API 1.14
// still serves, deprecated, whose kubeletExtraArgs is a map. Their files are the plan's, written as root:root by cloud-init
// before any command; a file of a secret's mode (runtime.SecretMode),
// or one too long for Cluster API to take inline (10240 bytes), becomes a
// contentFrom.secret reference to a key of the Secret Name-files, which
// precedes the object in the same YAML stream: no secret is inline.
// Content Cluster API's cloud-init would not give back (it writes every
// content as a YAML literal block: no final newline, a blank last line, a
// leading space) is base64. preKubeadmCommands are, in order: sh
// [PrepareScriptPath] when the plan has groups, files owned by anyone but
// root or artifacts (cloud-init writes files before anything could create
// a group, so those go into a script [Shell] renders, which honours ROOT),
// then the systemctl steps of a first boot, as cloud-init's runcmd takes
// them. A secret file owned by anyone but root is refused: it would put
// the secret into that script.
//
// [KubeadmJoin] writes a kubeadm.k8s.io/v1beta4 JoinConfiguration with
// file discovery ([DefaultDiscoveryFile]: the bootstrap token is a secret
// and stays out), and [KubeadmPlan] the plan of such a node with that
// configuration at [DefaultJoinConfigPath]: apply it, then run kubeadm
// join --config there.
//
// kubenode does not import Cluster API's module: the few fields it writes
// are mirrored with Cluster API's and kubeadm's own JSON keys, and the e2e
// module decodes every rendering strictly with the real types and runs
// their validation.
package render
