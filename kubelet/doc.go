// Package kubelet models what a node needs to run the kubelet of Kubernetes
// 1.24 to 1.37 on top of a CRI runtime: its command-line flags, its config
// file, its systemd units and the Installer that plans them.
//
//   - [Flags] are the kubelet's flags, rendered as argv by Args and read back
//     by ParseFlags (from a unit's ExecStart= or from kubeadm-flags.env).
//     Flags.Validate knows, for each target release, which flags the kubelet
//     lacks (the dockershim flags from 1.24, --container-runtime from 1.27,
//     --pod-infra-container-image from 1.35, ...) and which it marks
//     deprecated in favour of the config file; the table behind it
//     (internal/flagtable) records where each entry was confirmed.
//   - [Config] is the upstream KubeletConfiguration
//     (k8s.io/kubelet/config/v1beta1), built by New, rendered by Render
//     without the zero values the plain encoder prints, and read strictly by
//     Parse. From 1.27 the runtime endpoint goes in the file
//     (containerRuntimeEndpoint), not in a flag.
//   - [Service] and [KubeadmDropIn] are kubelet.service as the Kubernetes
//     packages ship it and kubeadm's 10-kubeadm.conf; [KubeadmFlagsEnv] is
//     the kubeadm-flags.env they read. The single-unit style of hand-written
//     guides puts every flag in kubelet.service instead.
//   - [Installer] writes the config file, the unit(s) and the env file, and
//     enables and starts kubelet.service, ordered after the runtime's unit.
//     With [WithCredentialProvider] it also writes the image credential
//     provider's config, the upstream CredentialProviderConfig
//     (k8s.io/kubelet/config/v1; v1beta1 for a 1.24 or 1.25 target), to
//     [CredentialProviderConfigPath], and passes it and the plugins'
//     directory to the kubelet.
//   - [Inspect] lints the kubelet's files on a node.
//
// Every value that ends up in a unit or env file is checked for what would
// break it: whitespace, quotes, a backslash, "$", "%" or a control
// character in a flag value is refused with the flag's path.
//
// # Shape
//
// kubelet has the shape every component of kubenode has: [New] (options
// [Option]) builds a validated [Config]; [Parse], [Config.Validate] and
// [Config.Render] read, check and write one; [NewInstaller] (options
// [InstallerOption]) plans it; [Inspect] lints it on a node.
// [WithVersion] and every [ConfigOption] ([WithCgroupDriver],
// [WithRuntimeEndpoint], [WithClusterDNS], [WithClusterDomain],
// [WithStaticPodPath], [WithClientCAFile], [WithEdit]) are taken by both,
// so NewInstaller can build the Config itself; [WithConfig] hands it a
// Config instead, and [WithBinary], [WithRuntime], [WithNodeIPs],
// [WithNodeLabels], [WithTaints], [WithUnitStyle], [WithCloudProvider],
// [WithHostnameOverride], [WithRootDir], [WithCredentialProvider] and
// [WithExtraFlags] are the Installer's own. Each flag they set is judged
// for the target kubelet, at kubelet --<flag>: an extra flag the target
// lacks or marks deprecated is refused, and so is an in-tree cloud
// provider where the target refuses it.
// [DefaultVersion] and [SupportedVersions] are runtime.Versions. The
// runtime owns the pause image and the mirrors, so there is no
// WithSandboxImage or WithMirrors.
//
// The kubelet reads two kinds of input, so it has two parsers: [Parse]
// reads its config file, as every component's Parse reads its file, and
// [ParseFlags] reads its command line, where kubeadm and hand-written
// units put the rest.
//
// # Inspect
//
// Inspect reads kubelet.service as systemd runs it (drop-ins merged, the
// environment substituted into its command line), validates the flags for
// the target, then reads the --config file and the --config-dir drop-ins
// in the kubelet's order. The kubelet decodes its files strictly and, when
// that fails, logs it and decodes leniently, so an unknown key is a
// warning and the rest is still judged. It reports the kubelet as a CRI
// client: its endpoint, cgroup driver and pause image, each where the node
// sets it or, when left to the kubelet's default, the default and the file
// it belongs in. A target not given is the newest release kubenode
// supports, and the report says it assumed so.
package kubelet
