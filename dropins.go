package kubenode

import (
	"slices"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// unitsOf are the units the node runs, which a drop-in of DropIns may
// extend.
func (d *Node) unitsOf() []string {
	switch d.Runtime {
	case Docker:
		return []string{docker.ServiceName, docker.SocketName, cridockerd.ServiceName, cridockerd.SocketName, kubelet.UnitName}
	case CRIO:
		return []string{crio.UnitName, kubelet.UnitName}
	default:
		return []string{containerd.UnitName, kubelet.UnitName}
	}
}

// dropInsInstaller writes the caller's drop-ins, each validated as
// systemd reads it; a drop-in of a unit the node does not run, or one
// named as a drop-in kubenode writes, is refused at dropIns[i].
func (d *Node) dropInsInstaller() (runtime.Installer, field.ErrorList) {
	if len(d.DropIns) == 0 {
		return nil, nil
	}
	var errs field.ErrorList
	plan := &runtime.Plan{}
	units := d.unitsOf()
	for i := range d.DropIns {
		di := &d.DropIns[i]
		p := field.NewPath("dropIns").Index(i)
		switch {
		case !slices.Contains(units, di.Unit):
			errs = append(errs, field.NotSupported(p.Child("unit"), di.Unit, units))
			continue
		case di.Name == ProxyDropIn || di.Name == kubelet.DropInName:
			errs = append(errs, field.Forbidden(p.Child("name"), di.Name, "kubenode writes a drop-in of that name"))
			continue
		}
		f, err := di.PlanFile(systemd.SystemDir)
		if err != nil {
			errs = append(errs, field.ErrorsAt(p, err)...)
			continue
		}
		plan.Files = append(plan.Files, f)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return planInstaller{name: "dropIns", plan: plan}, nil
}

// checkContainerdDropIn refuses drop-in mode on a node without containerd.
func (d *Node) checkContainerdDropIn() field.ErrorList {
	if d.ContainerdDropIn != "" && d.Runtime != Containerd {
		return field.ErrorList{field.Forbidden(field.NewPath("containerdDropIn"), d.ContainerdDropIn, "the node's runtime is "+string(d.Runtime))}
	}
	return nil
}
