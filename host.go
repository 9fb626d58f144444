package kubenode

import (
	"net/netip"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/hostprep"
)

// Host is how a Node prepares the machine it runs on, beyond the runtime
// and the kubelet: the kernel modules and sysctls every node needs (see
// runtime/hostprep), what the node does about swap, and whether it runs on
// cgroup v1. The zero value prepares everything and allows no swap.
type Host struct {
	// OmitModules leaves out /etc/modules-load.d/kubenode.conf, which
	// loads overlay and br_netfilter at boot (and now, through
	// systemd-modules-load.service).
	OmitModules bool
	// OmitSysctls leaves out /etc/sysctl.d/99-kubenode.conf, which turns
	// on IPv4 forwarding, the bridge-nf-call sysctls and, for a node with
	// an IPv6 address, IPv6 forwarding, at boot and now (through
	// systemd-sysctl.service).
	OmitSysctls bool
	// Swap is whether the node may have swap. Default SwapOff.
	Swap Swap
	// AcceptCgroupV1 runs the kubelet on a cgroup v1 (or hybrid) host:
	// the kubelet config gets failCgroupV1: false, which kubelets 1.35 and
	// later need there (they refuse v1 by default).
	AcceptCgroupV1 bool
	// Facts, when set, is the host the node is planned for (host.Read of
	// its root), and the plan follows it: cgroup v1 under a kubelet that
	// refuses it is an error naming AcceptCgroupV1; with SwapOff, the
	// swap units of the devices in use are masked; a host where
	// oom_score_adj cannot be lowered gets the runtime's restriction
	// (containerd's restrict_oom_score_adj). Each decision shows in the
	// plan's files. Nil plans for no host in particular.
	Facts *host.Facts
}

// Swap is a node's choice about swap; the kubelet and the host agree on it.
type Swap string

// The choices of Host.Swap.
const (
	// SwapOff is a node without swap: the kubelet keeps failSwapOn (it
	// will not start while swap is on), and the swap units the host has
	// (Facts) are masked, so swap stays off from the next boot.
	SwapOff Swap = "off"
	// SwapAllowed is a node whose host may have swap: the kubelet gets
	// failSwapOn: false and, from 1.30, memorySwap.swapBehavior: NoSwap
	// (pods do not use the swap).
	SwapAllowed Swap = "allowed"
)

// Swaps lists the valid Swap values.
var Swaps = []Swap{SwapOff, SwapAllowed}

// swapBehaviorSince is the first kubelet whose memorySwap.swapBehavior
// knows NoSwap (1.30; it had LimitedSwap and UnlimitedSwap before).
var swapBehaviorSince = runtime.NewVersion(1, 30)

// failCgroupV1Since is the first kubelet with failCgroupV1 (1.31); from
// failCgroupV1Default on (1.35) it defaults to true.
var (
	failCgroupV1Since   = runtime.NewVersion(1, 31)
	failCgroupV1Default = runtime.NewVersion(1, 35)
)

// checkHost validates the Host fields.
func (d *Node) checkHost() field.ErrorList {
	switch d.Host.Swap {
	case "", SwapOff, SwapAllowed:
		return nil
	}
	return field.ErrorList{field.NotSupported(field.NewPath("host", "swap"), string(d.Host.Swap), Swaps)}
}

// hostConfig is the host preparation the node asks for.
func (d *Node) hostConfig() hostprep.Config {
	c := hostprep.Kubernetes(d.hasIPv6())
	if d.Host.OmitModules {
		c.Modules = nil
	}
	if d.Host.OmitSysctls {
		c.Sysctls = nil
	}
	if d.Host.Swap != SwapAllowed && d.Host.Facts != nil {
		for _, dev := range d.Host.Facts.Swap.Devices {
			c.MaskedUnits = append(c.MaskedUnits, hostprep.SwapUnit(dev))
		}
	}
	return c
}

// hostInstaller writes the host preparation; nil when there is none.
func (d *Node) hostInstaller() (runtime.Installer, field.ErrorList) {
	c := d.hostConfig()
	if len(c.Modules)+len(c.Sysctls)+len(c.MaskedUnits) == 0 {
		return nil, nil
	}
	in, err := hostprep.NewInstaller(c)
	if err != nil {
		return nil, componentErrors("host", err)
	}
	return in, nil
}

// editKubelet sets what the host's choices mean for the kubelet, before
// the caller's KubeletConfig edit, which may still change them.
func (h *Host) editKubelet(kube runtime.Version, c *kubelet.Config) {
	if h.Swap == SwapAllowed {
		c.FailSwapOn = new(false)
		if kube.AtLeast(swapBehaviorSince) {
			c.MemorySwap.SwapBehavior = "NoSwap"
		}
	}
	if h.AcceptCgroupV1 && kube.AtLeast(failCgroupV1Since) {
		c.FailCgroupV1 = new(false)
	}
}

// checkKubelet refuses a kubelet config the host's facts say will not
// start: cgroup v1 under a kubelet that fails on it. It runs on the final
// config, after the caller's KubeletConfig edit.
func (h *Host) checkKubelet(kube runtime.Version, c *kubelet.Config) field.ErrorList {
	f := h.Facts
	if f == nil || f.Cgroup.Mode.V1() != host.Yes || !kube.AtLeast(failCgroupV1Since) {
		return nil
	}
	fail := kube.AtLeast(failCgroupV1Default)
	if c.FailCgroupV1 != nil {
		fail = *c.FailCgroupV1
	}
	if !fail {
		return nil
	}
	return field.ErrorList{field.Forbidden(field.NewPath("host", "facts", "cgroup", "mode"), string(f.Cgroup.Mode),
		"kubelet "+kube.String()+" fails on a cgroup v1 host (failCgroupV1 is true): set host.acceptCgroupV1, which writes failCgroupV1: false, or boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1)")}
}

// swapWarnings says what SwapOff cannot do by itself on a host with swap
// in use: the masked units keep it off from the next boot, and the kubelet
// will not start before then unless swap is turned off now.
func (d *Node) swapWarnings() field.ErrorList {
	f := d.Host.Facts
	if f == nil || d.Host.Swap == SwapAllowed || f.Swap.On != host.Yes {
		return nil
	}
	return field.ErrorList{field.Invalid(field.NewPath("host", "facts", "swap", "on"), string(f.Swap.On),
		"swap is in use and the node allows none: the plan masks its units from the next boot; run swapoff -a before the kubelet starts, or set host.swap: allowed")}
}

// restrictOOMScoreAdj reports whether the host's facts say a runtime may
// not lower oom_score_adj, as it does for a pod sandbox.
func (d *Node) restrictOOMScoreAdj() bool {
	return d.Host.Facts != nil && d.Host.Facts.LowerOOMScoreAdj == host.No
}

// hasIPv6 reports whether a node IP is an IPv6 address.
func (d *Node) hasIPv6() bool {
	return d.hasIP(func(a netip.Addr) bool { return a.Is6() && !a.Is4In6() })
}

// hasIPv4 reports whether a node IP is an IPv4 address.
func (d *Node) hasIPv4() bool {
	return d.hasIP(func(a netip.Addr) bool { return a.Is4() || a.Is4In6() })
}

func (d *Node) hasIP(is func(netip.Addr) bool) bool {
	for _, s := range d.NodeIPs {
		if a, err := netip.ParseAddr(s); err == nil && is(a) {
			return true
		}
	}
	return false
}
