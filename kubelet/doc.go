// Package kubelet models what a node needs to run the kubelet of Kubernetes
// 1.24 to 1.37 on top of a CRI runtime: its command-line flags, its config
// file, its systemd units and the Installer that plans them.
//
//   - [Flags] are the kubelet's flags, rendered as argv by Args and read back
//     by ParseFlags (from a unit's ExecStart= or from kubeadm-flags.env).
//     Flags.Validate knows, for each target release, which flags the kubelet
//     lacks (the dockershim flags from 1.24, --container-runtime from 1.27,
//     --pod-infra-container-image from 1.35, ...) and which it marks
//     deprecated in favour of the config file; the table behind it records
//     where each entry was confirmed.
//   - [Config] is the upstream KubeletConfiguration
//     (k8s.io/kubelet/config/v1beta1), built by NewConfig, rendered by Render
//     without the zero values the plain encoder prints, and read strictly by
//     ParseConfig. From 1.27 the runtime endpoint goes in the file
//     (containerRuntimeEndpoint), not in a flag.
//   - [Service] and [KubeadmDropIn] are kubelet.service as the Kubernetes
//     packages ship it and kubeadm's 10-kubeadm.conf; [KubeadmFlagsEnv] is
//     the kubeadm-flags.env they read. The single-unit style of hand-written
//     guides puts every flag in kubelet.service instead.
//   - [Installer] writes the config file, the unit(s) and the env file, and
//     enables and starts kubelet.service, ordered after the runtime's unit.
//
// Every value that ends up in a unit or env file is checked for what would
// break it: whitespace, quotes, a backslash, "$", "%" or a control
// character in a flag value is refused with the flag's path.
package kubelet
