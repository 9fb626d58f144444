// Package docker models Docker Engine on a Kubernetes node: daemon.json as a
// typed [DaemonConfig], the docker.service and docker.socket units, and an
// [Installer] that plans them with the docker group.
//
// # Shape
//
// The package has the shape every kubenode component has:
//
//   - [DefaultVersion], [SupportedVersions] and [ValidateVersion]: the
//     Docker Engine releases kubenode knows;
//   - [New] builds a validated [DaemonConfig] from options: [WithVersion],
//     [WithCgroupDriver], [WithMirrors], [WithLogDriver], [WithLogOpts],
//     [WithStorageDriver], [WithDataRoot], [WithInsecureRegistries];
//   - [Parse] reads daemon.json, [DaemonConfig.Validate] judges it for a
//     release and the unit's dockerd flags, [DaemonConfig.Render] writes it;
//   - [NewInstaller] plans it from the same options, or from [WithConfig],
//     with the unit options [WithBinary], [WithContainerdSocket],
//     [WithExtraFlags], [WithSocketGroup] and [WithUnitDir];
//   - [Inspect] lints Docker's files on a node, and [Load] reads dockerd as
//     docker.service runs it: its arguments, the daemon.json they name, and
//     the cgroup driver both set (which is cri-dockerd's too).
//
// An option that means one thing to New and NewInstaller is both an
// [Option] and an [InstallerOption] ([VersionOption], [ConfigOption]); a
// [UnitOption] is taken by [Service], [Socket] and NewInstaller.
//
// # daemon.json
//
// [DaemonConfig] types the keys a node needs (cgroup driver, mirrors,
// logging, storage, networking, TLS, runtimes, proxies) under their own
// names; every other key dockerd knows is kept, as written, in
// [DaemonConfig.Extra]. [Parse] reads a file the way dockerd does (a wrong
// type is an error); [DaemonConfig.Render] writes indented JSON, keys in
// alphabetical order, with a trailing newline, so equal configurations give
// equal bytes.
//
// # Validation against dockerd
//
// [DaemonConfig.Validate] judges a file for one Docker release and for the
// dockerd flags of the unit that starts it, as dockerd itself would at start
// and later when containers are created:
//
//   - a key the target does not know stops dockerd ("the following directives
//     don't match any configuration option"), so it is an error
//     ([field.ErrUnknown]); a key that was removed is [field.ErrRemoved]; a key
//     that is deprecated, or that dockerd knows but kubenode does not model,
//     is a warning;
//   - a key also set by a flag of the unit (hosts and -H, containerd and
//     --containerd, data-root and --data-root, ...) stops dockerd ("the
//     following directives are specified both as a flag and in the
//     configuration file"): [field.ErrConflict];
//   - values dockerd checks only later, when the first container starts
//     (native.cgroupdriver, log-opts such as max-size, the storage driver),
//     are checked here, because on a Kubernetes node that is every pod.
//
// The facts are taken from the moby sources of each supported release
// (20.10, and 23.0 through 29.7); see [SupportedVersions].
//
// # Mirrors
//
// Docker's registry-mirrors are pull-through mirrors of Docker Hub only:
// dockerd never asks them for images of another registry. [WithMirrors]
// therefore refuses a mirror of any other registry (and of "_default")
// instead of dropping it silently: a node would then pull from the origin
// its operator meant to avoid. [HubMirrors] splits a node's mirror list so
// a caller can decide what to do with the rest.
//
// # Units
//
// [Service] and [Socket] build docker.service and docker.socket as the
// packaged units and the seed guide write them, with the guide's mistakes
// corrected: StartLimitIntervalSec and StartLimitBurst in [Unit], and no
// After=cri-docker.service (cri-docker.service orders itself after
// docker.service; ordering both ways is a cycle systemd breaks by dropping a
// start job). [ValidateService] reports those mistakes in a unit a person
// wrote: without Requires=docker.socket, dockerd -H fd:// gets no socket and
// exits; an ExecReload= kill without $MAINPID (an unquoted heredoc, as in
// the seed guide, expands it to nothing) signals no process; systemd reads
// StartLimitInterval= in [Service] only under its old name; and with a Type
// other than notify, docker.socket may hand over connections before dockerd
// is ready.
//
// # Release artifacts
//
// [Artifacts] installs the static docker-<version>.tgz as Docker's
// install-from-binaries guide copies it: dockerd, the CLI, docker-init,
// docker-proxy, and the containerd, shim, ctr and runc it bundles. A
// changed dockerd or containerd restarts docker.service: the archive has no
// unit for its containerd, which dockerd starts and supervises itself (a
// containerd.service named here would not exist on such a node, and
// restarting it would fail the apply). The archive carries containerd and
// runc, so a Docker node needs no containerd.Artifacts. kubenode never
// installs content it cannot verify, and Docker publishes no checksum file:
// the digest must be pinned. Mirrors that copy the static directory
// (upstream.WithMirror("https://mirror.example.com/docker-ce")) serve
// the same path.
package docker
