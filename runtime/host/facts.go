package host

import (
	"slices"
	"strings"
)

// Facts describe a host as read from its root directory by [Read]. Every
// fact may be unknown (the zero value of its field) and none is an error:
// an image root has no /proc, a container may hide /sys, and a caller
// decides what an unknown fact means for it.
type Facts struct {
	// KernelRelease is /proc/sys/kernel/osrelease (what uname -r prints),
	// "" when unknown.
	KernelRelease string
	// SystemdVersion is systemd's version (252), taken from the name of
	// its shared library libsystemd-shared-<version>[...].so (see the
	// package doc for the directories searched), 0 when unknown.
	SystemdVersion int
	// Cgroup is how the cgroup filesystem is mounted.
	Cgroup Cgroup
	// Swap is whether swap is in use (/proc/swaps).
	Swap Swap
	// Modules are the kernel modules loaded and built in.
	Modules Modules
	// Sysctls holds the value of each sysctl in [SysctlNames] that has a
	// file under /proc/sys, keyed by its dotted name and trimmed of white
	// space at both ends. A missing key is unknown: the
	// net.bridge.bridge-nf-call-* files exist only while br_netfilter is
	// loaded (or built in), net.ipv6.* only with IPv6.
	Sysctls map[string]string
	// OOMScoreAdj is this process's /proc/self/oom_score_adj, nil when
	// unknown.
	OOMScoreAdj *int
	// LowerOOMScoreAdj is whether this process may lower its
	// oom_score_adj, as the kubelet (-999) and the runtimes (-998 for a
	// pod sandbox) do. Yes needs CAP_SYS_RESOURCE in CapEff of
	// /proc/self/status and no user namespace (the kernel checks the
	// capability in the initial user namespace); No when the capability
	// is missing or a user namespace is known. Without the capability the
	// kernel still allows lowering down to the lowest value a privileged
	// ancestor set, which /proc does not show: taken as No.
	LowerOOMScoreAdj Bool
	// UserNamespace is whether this process runs in a user namespace:
	// Yes when /proc/self/uid_map is anything but the identity map
	// "0 0 4294967295".
	UserNamespace Bool
	// Unreadable lists the files that exist but were not read, so the
	// facts they hold are unknown; nil when none.
	Unreadable []Unreadable
}

// CgroupMode is how the cgroup filesystem is mounted at /sys/fs/cgroup.
type CgroupMode string

// The cgroup modes.
const (
	// CgroupUnknown says the mode could not be read.
	CgroupUnknown CgroupMode = ""
	// CgroupV1 is the legacy mode: a cgroup v1 hierarchy per controller
	// under /sys/fs/cgroup, no cgroup2.
	CgroupV1 CgroupMode = "v1"
	// CgroupHybrid is v1 controllers plus a cgroup2 hierarchy (without
	// controllers) at /sys/fs/cgroup/unified for systemd's own tracking.
	// Runtimes and the kubelet treat it as v1.
	CgroupHybrid CgroupMode = "hybrid"
	// CgroupUnified is cgroup v2 alone, mounted at /sys/fs/cgroup.
	CgroupUnified CgroupMode = "unified"
)

// V1 is whether the runtimes and the kubelet see cgroup v1 on this host
// (v1 or hybrid), which the 1.35+ kubelet refuses unless failCgroupV1 is
// false.
func (m CgroupMode) V1() Bool {
	switch m {
	case CgroupV1, CgroupHybrid:
		return Yes
	case CgroupUnified:
		return No
	}
	return Unknown
}

// String prints the mode, or "unknown".
func (m CgroupMode) String() string {
	if m == CgroupUnknown {
		return "unknown"
	}
	return string(m)
}

// Cgroup is how cgroups are mounted and which controllers are usable.
type Cgroup struct {
	// Mode is v1, hybrid or unified (see the package doc for how it is
	// decided).
	Mode CgroupMode
	// Controllers are the controllers the runtimes can use, sorted: for
	// unified, /sys/fs/cgroup/cgroup.controllers; for v1 and hybrid, the
	// rows of /proc/cgroups that are enabled and attached to a hierarchy.
	// nil when unknown.
	Controllers []string
}

// Swap is the swap a host has in use.
type Swap struct {
	// On is whether any swap is in use: an entry in /proc/swaps after its
	// header.
	On Bool
	// Devices are the swap files and partitions of /proc/swaps, in its
	// order, as it prints them (a space is \040); nil when unknown.
	Devices []string
}

// Modules are the kernel modules a host has, each list sorted and named
// as /proc/modules names them ('_', never '-').
type Modules struct {
	// Loaded are the modules in /proc/modules; nil when unknown (a kernel
	// built without module support has no /proc/modules).
	Loaded []string
	// Builtin are the modules built into the kernel, from
	// /lib/modules/<release>/modules.builtin (or /usr/lib/modules/...);
	// nil when unknown.
	Builtin []string
}

// Kernel modules a Kubernetes node needs, by the name /proc/modules uses.
const (
	// ModuleOverlay is the overlay filesystem the runtimes' snapshotters
	// use.
	ModuleOverlay = "overlay"
	// ModuleBrNetfilter passes bridged traffic through iptables and
	// creates the net.bridge.bridge-nf-call-* sysctls.
	ModuleBrNetfilter = "br_netfilter"
)

// Has is whether the module is loaded or built in: Yes when either list
// has it, No when both lists are known and neither has it, else Unknown.
// A name with '-' matches the module with '_', as modprobe does.
func (m Modules) Has(name string) Bool {
	name = moduleName(name)
	if slices.Contains(m.Loaded, name) || slices.Contains(m.Builtin, name) {
		return Yes
	}
	if m.Loaded != nil && m.Builtin != nil {
		return No
	}
	return Unknown
}

// moduleName is a module's name as the kernel keeps it.
func moduleName(s string) string { return strings.ReplaceAll(s, "-", "_") }

// The sysctls a Kubernetes node depends on, by their dotted names.
const (
	// SysctlIPForward must be 1 for pod traffic to leave the node.
	SysctlIPForward = "net.ipv4.ip_forward"
	// SysctlBridgeNFCallIPTables must be 1 for kube-proxy's iptables rules
	// to see bridged IPv4 traffic.
	SysctlBridgeNFCallIPTables = "net.bridge.bridge-nf-call-iptables"
	// SysctlBridgeNFCallIP6Tables is the same for IPv6.
	SysctlBridgeNFCallIP6Tables = "net.bridge.bridge-nf-call-ip6tables"
	// SysctlIPv6Forwarding must be 1 on a node with an IPv6 node IP.
	SysctlIPv6Forwarding = "net.ipv6.conf.all.forwarding"
)

// SysctlNames returns the sysctls [Read] reads, in the order [Facts.String]
// prints them. It is a function so that no caller can change the list.
func SysctlNames() []string {
	return []string{SysctlIPForward, SysctlBridgeNFCallIPTables, SysctlBridgeNFCallIP6Tables, SysctlIPv6Forwarding}
}

// Unreadable is a file that exists under the root but was not read.
type Unreadable struct {
	// Path is the file's path on the host, such as /proc/swaps.
	Path string
	// Reason says why it was not read.
	Reason Reason
}

// Reason is why a file was not read.
type Reason string

// The reasons a file is not read.
const (
	// NotRegular is a FIFO, device, socket or directory where a file was
	// expected: opening it could block or read a device.
	NotRegular Reason = "not a regular file"
	// TooLarge is a file larger than [MaxFileSize].
	TooLarge Reason = "larger than 1 MiB"
	// CannotOpen is a file that could not be opened or read: a symbolic
	// link leading out of the root, a loop, a permission denied.
	CannotOpen Reason = "cannot be read"
	// Malformed is a file whose content is not what the kernel writes
	// there.
	Malformed Reason = "malformed"
)

// MaxFileSize is the largest file Read reads: every file it reads is a
// few kilobytes on a real host.
const MaxFileSize = 1 << 20
