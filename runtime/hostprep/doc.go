// Package hostprep is the part of a node that is neither its runtime nor
// its kubelet: the kernel modules loaded at boot, the sysctls set at boot
// and the units masked (a host's swap), written as plan files that
// systemd's own loaders read.
//
// A Kubernetes node needs IPv4 forwarding (and IPv6 forwarding for an IPv6
// node address) for pod traffic to leave the node, br_netfilter with the
// bridge-nf-call sysctls so that iptables sees bridged pod traffic, and
// overlay for the runtimes' overlayfs snapshotter. Every installer writes
// the same few lines (kubespray's preinstall role, EKS nodeadm's
// 99-kubernetes-cri.conf, kubeadm's install guide); [Kubernetes] is that
// list, and [Config] lets a caller add to it or leave parts out.
//
// The files take effect at boot and now: systemd-modules-load.service and
// systemd-sysctl.service are oneshot services that read every file of
// their directories when started, so each file names its service to
// restart when it changed, and an unchanged file restarts nothing. Both
// services order themselves early at boot (systemd-sysctl after
// systemd-modules-load), so the bridge sysctls find br_netfilter loaded.
//
// A unit is masked by an empty unit file in /etc/systemd/system, which
// systemd loads as "masked" exactly as it does a link to /dev/null: data a
// plan can carry, so masking needs no action of its own. Masking a swap unit
// keeps it off from the next boot on; it does not turn off swap that is in
// use now (swapoff does).
//
// The two file formats have no encoder of their own: modules-load.d(5) is
// one module name per line, sysctl.d(5) one "key = value" per line. Render
// writes only values Validate accepts, so no value can add a line.
package hostprep
