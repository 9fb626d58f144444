package kubenode

import (
	"context"
	"strings"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// ProxyDropIn is the name of the drop-in that gives a unit the node's
// proxy environment.
const ProxyDropIn = "50-kubenode-proxy.conf"

// pullingUnit is the unit of the daemon that pulls images: dockerd, not
// cri-dockerd, on a Docker node.
func (d *Node) pullingUnit() string {
	switch d.Runtime {
	case Docker:
		return docker.ServiceName
	case CRIO:
		return crio.UnitName
	default:
		return containerd.UnitName
	}
}

// checkProxy validates the proxy.
func (d *Node) checkProxy() field.ErrorList {
	if d.Proxy == nil {
		return nil
	}
	return d.Proxy.Validate(field.NewPath("proxy"))
}

// proxyInstaller writes the proxy drop-in of the runtime's unit and, when
// the proxy asks, the kubelet's; nil without a proxy. A changed drop-in
// reloads systemd and restarts its unit alone.
func (d *Node) proxyInstaller() (runtime.Installer, field.ErrorList) {
	if d.Proxy == nil {
		return nil, nil
	}
	units := []string{d.pullingUnit()}
	if d.Proxy.Kubelet {
		units = append(units, kubelet.UnitName)
	}
	var envs []systemd.Env
	for _, kv := range d.Proxy.Environment(d.NodeIPs) {
		name, value, _ := strings.Cut(kv, "=")
		envs = append(envs, systemd.Env{Name: name, Value: value})
	}
	plan := &runtime.Plan{}
	for _, u := range units {
		di := &systemd.DropIn{Unit: u, Name: ProxyDropIn, Sections: systemd.Sections{Service: &systemd.Service{Environment: envs}}}
		f, err := di.PlanFile(systemd.SystemDir)
		if err != nil {
			return nil, componentErrors("proxy", err)
		}
		plan.Files = append(plan.Files, f)
	}
	return planInstaller{name: "proxy", plan: plan}, nil
}

// planInstaller is a plan the node built itself, as an installer for
// runtime.Compose.
type planInstaller struct {
	name string
	plan *runtime.Plan
}

func (p planInstaller) Name() string { return p.name }

func (p planInstaller) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, p.plan, p.name)
}
