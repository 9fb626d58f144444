package runtime

import "github.com/kubenode/kubenode/runtime/field"

// CgroupDriver is how a runtime and the kubelet manage cgroups. They must
// agree: the kubelet's cgroupDriver, containerd's SystemdCgroup, Docker's
// native.cgroupdriver and CRI-O's cgroup_manager all name it.
type CgroupDriver string

// The two cgroup drivers.
const (
	// CgroupSystemd delegates cgroups to systemd; kubeadm's default and the
	// right choice on any systemd host.
	CgroupSystemd CgroupDriver = "systemd"
	// CgroupCgroupfs writes the cgroup filesystem directly.
	CgroupCgroupfs CgroupDriver = "cgroupfs"
)

// CgroupDrivers lists the valid drivers.
var CgroupDrivers = []CgroupDriver{CgroupSystemd, CgroupCgroupfs}

// Validate reports a driver that is neither systemd nor cgroupfs. The empty
// driver is refused too: each caller decides its default before it
// validates.
func (d CgroupDriver) Validate(p *field.Path) field.ErrorList {
	switch d {
	case CgroupSystemd, CgroupCgroupfs:
		return nil
	case "":
		return field.ErrorList{field.Required(p, "systemd or cgroupfs")}
	}
	return field.ErrorList{field.NotSupported(p, string(d), CgroupDrivers)}
}

// Set implements flag.Value.
func (d *CgroupDriver) Set(s string) error {
	if errs := CgroupDriver(s).Validate(field.NewFlagPath("cgroup-driver")); len(errs) > 0 {
		return errs[0]
	}
	*d = CgroupDriver(s)
	return nil
}

// String implements flag.Value.
func (d *CgroupDriver) String() string {
	if d == nil {
		return ""
	}
	return string(*d)
}
