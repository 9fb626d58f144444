package hostprep

import (
	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime/host"
)

// The files and units of a host's preparation.
const (
	// ModulesFile is the modules-load.d(5) file of Config.Modules.
	ModulesFile = "/etc/modules-load.d/kubenode.conf"
	// SysctlFile is the sysctl.d(5) file of Config.Sysctls. Its name sorts
	// after the distributions' own files (10-*, 50-*), so its values win
	// over their defaults; /etc/sysctl.conf (99-sysctl.conf) still wins.
	SysctlFile = "/etc/sysctl.d/99-kubenode.conf"
	// UnitDir is where a masked unit's empty file goes.
	UnitDir = "/etc/systemd/system"
	// ModulesLoadUnit loads the modules of every modules-load.d file.
	ModulesLoadUnit = "systemd-modules-load.service"
	// SysctlUnit sets the sysctls of every sysctl.d file.
	SysctlUnit = "systemd-sysctl.service"
)

// Config is what a node's host needs set at boot.
type Config struct {
	// Modules are kernel modules to load at boot, one per line of
	// ModulesFile. Empty writes no file.
	Modules []string
	// Sysctls are kernel parameters to set at boot, in SysctlFile. Empty
	// writes no file.
	Sysctls []Sysctl
	// MaskedUnits are units to mask, each by an empty file in UnitDir, such
	// as the host's swap units ([SwapUnit]) on a node without swap.
	MaskedUnits []string
}

// Sysctl is one "key = value" line of a sysctl.d file.
type Sysctl struct {
	// Key is the parameter, dotted as sysctl(8) names it:
	// net.ipv4.ip_forward.
	Key string
	// Value is what the parameter is set to, such as "1".
	Value string
}

// Kubernetes is the preparation every Kubernetes node needs (the modules
// and sysctls runtime/host reads back): overlay and
// br_netfilter loaded, IPv4 forwarding and the bridge-nf-call sysctls on,
// and IPv6 forwarding when the node has an IPv6 address.
func Kubernetes(ipv6 bool) Config {
	c := Config{
		Modules: []string{host.ModuleOverlay, host.ModuleBrNetfilter},
		// Room for IPv6 forwarding, so an IPv6 node's list is made once.
		Sysctls: append(make([]Sysctl, 0, 4),
			Sysctl{Key: host.SysctlBridgeNFCallIPTables, Value: "1"},
			Sysctl{Key: host.SysctlBridgeNFCallIP6Tables, Value: "1"},
			Sysctl{Key: host.SysctlIPForward, Value: "1"},
		),
	}
	if ipv6 {
		c.Sysctls = append(c.Sysctls, Sysctl{Key: host.SysctlIPv6Forwarding, Value: "1"})
	}
	return c
}

// SwapUnit is the name of the swap unit systemd gives a swap device or
// file, such as dev-sda2.swap for /dev/sda2 (systemd-escape --path).
func SwapUnit(device string) string {
	return unit.UnitNamePathEscape(device) + ".swap"
}
