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
//     [WithStorageDriver], [WithDataRoot], [WithInsecureRegistries],
//     [WithRuntimeHandlers], [WithEdit];
//   - [Parse] reads daemon.json, [DaemonConfig.Validate] judges it for a
//     release and the unit's dockerd flags, [DaemonConfig.Render] writes it;
//   - [NewInstaller] plans it from the same options, or from [WithConfig],
//     with the unit options [WithBinary], [WithContainerdSocket],
//     [WithExtraFlags], [WithSocketGroup] and [WithUnitDir], and
//     [WithRegistryHosts], which writes certs.d files besides daemon.json;
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
// # Registries
//
// [WithRegistryHosts] renders a node's runtime.Registry list as far as
// Docker can, and refuses the rest, naming the registry:
//
//   - PlainHTTP and SkipVerify are one setting to Docker: the host goes in
//     insecure-registries, and dockerd then tries HTTPS accepting any
//     certificate, then plain HTTP. For such a registry dockerd reads no
//     certs.d, so a client certificate next to SkipVerify is refused (a CA
//     is written, and unused while the registry stays insecure). Docker Hub
//     is always verified: docker.io cannot be insecure.
//   - CA, ClientCert and ClientKey are [CertsDir]/<host>/ca.crt,
//     client.cert and client.key (the key mode 0600, and shown in no
//     problem). dockerd reads the directory on every pull, so a change
//     restarts nothing. For Docker Hub itself dockerd reads none, only
//     those of its mirrors: docker.io's CA and client pair go in the
//     directory of each https:// mirror.
//   - Mirrors of docker.io are registry-mirrors, used both to pull and to
//     resolve; a mirror of any other registry, or one for only one of the
//     two, is refused.
//   - Credentials are refused: dockerd has no daemon-level pull
//     credentials; the kubelet passes them to cri-dockerd with each pull,
//     from an image pull secret or a kubelet image credential provider.
//
// Facts from moby's registry package (newTLSConfig, lookupV2Endpoints,
// loadInsecureRegistries) of 20.10 and 28.5.
//
// # Runtime handlers
//
// [WithRuntimeHandlers] makes each runtime.RuntimeHandler a runtimes entry
// of its name, which cri-dockerd 0.4.0 and 0.4.1 run a RuntimeClass's pods
// with (see cridockerd.ValidateRuntimeHandlers): a runc-compatible binary
// as {"path": ...}, a shim as {"runtimeType": ..., "options":
// {"ConfigPath": ...}} (24.0 and later; 20.10 and 23.0 ignore both keys,
// so [DaemonConfig.Validate] refuses them there), the default handler as
// default-runtime. Docker's cgroup driver (exec-opts native.cgroupdriver)
// is global: dockerd gives every runc-kind runtime the node's one driver,
// and there is nothing to set per runtime. What Docker has no place for
// (privileged-without-host-devices, pod annotations, a configuration file
// of a runc-kind handler) is refused.
//
// # Data root
//
// [WithDataRoot] sets data-root, where dockerd keeps images, containers
// and volumes; it must be absolute, and a --data-root flag of the unit
// conflicts with it.
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
