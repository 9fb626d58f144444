package kubenode

import (
	"path"
	"strings"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/hostprep"
)

// sysctlFile is the /proc/sys file of a sysctl, where its finding goes.
func sysctlFile(name string) string {
	return "/proc/sys/" + strings.ReplaceAll(name, ".", "/")
}

// sysctlPath is a sysctl's dotted name as a path.
func sysctlPath(name string) *field.Path {
	parts := strings.Split(name, ".")
	return field.NewPath(parts[0], parts[1:]...)
}

// checkHost reports what of the host will break the node Lint read: the
// preflight checks of kubeadm's join that a root's files can answer, and
// the cgroup version and swap the kubelet's settings must agree with. It
// needs the host's facts; an image root's unknown facts report nothing.
func (l *linter) checkHost(f *host.Facts) {
	if f == nil {
		return
	}
	l.checkForwarding(f)
	l.checkBridgeNetfilter(f)
	l.checkSwap(f)
	l.checkCgroupV1(f)
	// Only a root with a running kernel (a live host, or a copy of its
	// /proc) is judged on what starts at boot: an image or a directory
	// written by a renderer is enabled when it is installed.
	if f.KernelRelease != "" {
		l.checkRuntimeEnabled()
	}
}

// checkForwarding is kubeadm's FileContent check of ip_forward: without it
// no pod traffic leaves the node.
func (l *linter) checkForwarding(f *host.Facts) {
	if f.Sysctls[host.SysctlIPForward] == "0" {
		l.Add(SeverityError, sysctlFile(host.SysctlIPForward), field.Invalid(sysctlPath(host.SysctlIPForward), "0",
			"pod traffic cannot leave the node: set "+host.SysctlIPForward+" = 1 in a file of /etc/sysctl.d (a Node writes "+hostprep.SysctlFile+")"))
	}
}

// checkBridgeNetfilter reports bridged pod traffic that iptables (and so
// kube-proxy's Services) will not see: br_netfilter absent, or its sysctl
// off.
func (l *linter) checkBridgeNetfilter(f *host.Facts) {
	p := sysctlPath(host.SysctlBridgeNFCallIPTables)
	v, known := f.Sysctls[host.SysctlBridgeNFCallIPTables]
	switch {
	case known && v == "0":
		l.Add(SeverityError, sysctlFile(host.SysctlBridgeNFCallIPTables), field.Invalid(p, v,
			"bridged pod traffic bypasses iptables, so Services do not work on a bridge CNI: set it to 1 in a file of /etc/sysctl.d (a Node writes "+hostprep.SysctlFile+")"))
	case !known && f.Modules.Has(host.ModuleBrNetfilter) == host.No:
		l.Add(SeverityError, "/proc/modules", field.Required(field.NewPath(host.ModuleBrNetfilter),
			"br_netfilter is not loaded, so "+host.SysctlBridgeNFCallIPTables+" does not exist and bridged pod traffic bypasses iptables: list it in a file of /etc/modules-load.d (a Node writes "+hostprep.ModulesFile+") and set the sysctl to 1"))
	}
}

// checkSwap is kubeadm's Swap check, judged by the kubelet's own setting:
// a kubelet with failSwapOn (its default) does not start while swap is on.
func (l *linter) checkSwap(f *host.Facts) {
	k := l.kubelet.Client
	if f.Swap.On != host.Yes || k == nil || k.ConfigUnknown || k.FailSwapOn.Value == "false" {
		return
	}
	at := k.File
	if k.FailSwapOn.Value != "" {
		at = k.FailSwapOn.File
	}
	l.Add(SeverityError, at, field.Invalid(field.NewPath("failSwapOn"), "swap in use: "+strings.Join(f.Swap.Devices, ", "),
		"the kubelet does not start while swap is on: run swapoff -a and mask the swap units (a Node with host.swap: off masks them), or set failSwapOn: false (host.swap: allowed)"))
}

// checkCgroupV1 reports a kubelet that refuses the host's cgroup v1.
func (l *linter) checkCgroupV1(f *host.Facts) {
	k := l.kubelet.Client
	kube := l.kubelet.Version
	if f.Cgroup.Mode.V1() != host.Yes || k == nil || k.ConfigUnknown || !kube.AtLeast(failCgroupV1Since) {
		return
	}
	fail := kube.AtLeast(failCgroupV1Default)
	at := k.File
	if k.FailCgroupV1.Value != "" {
		fail, at = k.FailCgroupV1.Value == "true", k.FailCgroupV1.File
	}
	if fail {
		l.Add(SeverityError, at, field.Invalid(field.NewPath("failCgroupV1"), "cgroup "+string(f.Cgroup.Mode),
			"kubelet "+kube.String()+" does not start on a cgroup v1 host: set failCgroupV1: false (a Node's host.acceptCgroupV1), or boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1)"))
	}
}

// checkRuntimeEnabled is kubeadm's Service check, for the kubelet and the
// runtime it talks to: a unit that is not enabled is not there after a
// reboot. A socket-activated runtime counts as enabled by its socket.
func (l *linter) checkRuntimeEnabled() {
	var units []string
	if l.units[kubelet.UnitName] != nil {
		units = append(units, kubelet.UnitName)
	}
	if s := l.kubeServer; s != nil && s.Unit != "" {
		units = append(units, s.Unit)
	}
	for _, u := range units {
		if l.enabled(u) || l.enabled(strings.TrimSuffix(u, ".service")+".socket") {
			continue
		}
		l.Add(SeverityWarning, unitFile(l.units[u]), field.Required(field.NewPath("Install"),
			u+" is not enabled, so it does not start at boot: systemctl enable "+u))
	}
}

// enabled reports whether a unit is linked into a .wants or .requires
// directory of /etc/systemd/system or of the vendor directories, as
// systemctl enable (or a package preset) leaves it.
func (l *linter) enabled(unit string) bool {
	for _, dir := range runtime.UnitDirs {
		for _, kind := range []string{"*.wants", "*.requires"} {
			for _, d := range l.node.List(dir, kind) {
				if l.node.Exists(path.Join(d, unit)) {
					return true
				}
			}
		}
	}
	return false
}
