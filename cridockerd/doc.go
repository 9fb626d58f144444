// Package cridockerd models cri-dockerd, the CRI shim that lets the kubelet
// (1.24 and later, without dockershim) run pods on Docker Engine: its
// command-line [Flags], the cri-docker.service and cri-docker.socket units,
// crictl.yaml, and an [Installer] that composes with package docker's.
//
// # Shape
//
// The package has the shape every kubenode component has:
//
//   - [DefaultVersion], [SupportedVersions] and [ValidateVersion]: the
//     cri-dockerd releases kubenode knows;
//   - [New] builds validated [Flags] from options: [WithVersion],
//     [WithSandboxImage], [WithNetworkPlugin], [WithEndpoint],
//     [WithIPv6DualStack], [WithEdit];
//   - [Parse] reads a command line, [Flags.Validate] judges it for a
//     release, [Flags.Args] renders it;
//   - [NewInstaller] plans it from the same options, or from [WithConfig],
//     with [WithBinary] and [WithUnitDir];
//   - [Inspect] lints cri-dockerd's units on a node;
//   - [ValidateRuntimeHandlers] says whether a release runs pods with
//     RuntimeClass handlers ([RuntimeHandlersSince]), and
//     [ValidateDockerVersion] whether it works with a Docker Engine
//     release (0.4.0 and 0.4.1 need 23.0 or later).
//
// An option that means one thing to New and NewInstaller is both an
// [Option] and an [InstallerOption] ([VersionOption], [ConfigOption]).
//
// # Flags
//
// cri-dockerd has no configuration file; everything is a flag on the unit's
// ExecStart= line, so [Parse] takes the words of a command line rather than
// a file's bytes. [Flags] types every flag of cri-dockerd 0.3 and 0.4 (read
// from its cmd/cri/options and config packages), [Flags.Args] renders them
// as "--name=value" words, and [Parse] keeps flags it does not model in
// Extra.
//
// # Units
//
// The packaged units are socket activated: systemd listens on
// %t/cri-dockerd.sock (/run/cri-dockerd.sock) and hands the socket to
// "cri-dockerd --container-runtime-endpoint fd://". A unit that requires the
// socket but lets cri-dockerd bind its default endpoint itself (as the seed
// guide's does) fights systemd over one path; [ValidateService] refuses it.
//
// # Runtime handlers
//
// cri-dockerd has no runtime table of its own: it runs a pod whose
// RuntimeClass names handler H with the Docker runtime named H (daemon.json's
// runtimes, which docker.WithRuntimeHandlers writes), and pods without one,
// or with handler "docker", with Docker's default-runtime. It does so from
// 0.4.0 (its PR #350), and in 0.4.0 and 0.4.1 only: 0.4.2 and 0.4.3 were
// cut from the 0.3 branch, which, like every 0.3 release, fails such a
// pod's sandbox ("RuntimeHandler ... not supported"). Read from the
// releases' core/sandbox_run.go. [ValidateRuntimeHandlers] refuses the
// handlers for those releases, each at its name. Pod annotations do not
// reach a handler: cri-dockerd turns them into container labels.
package cridockerd
