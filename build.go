package kubenode

import (
	"context"

	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

var _ runtime.Installer = (*Node)(nil)

// Name identifies the node in errors of runtime.Compose, when a Node is
// composed with an installer of the caller's own.
func (n *Node) Name() string { return "node" }

// Plan validates the node and returns every file and unit action it needs:
// the runtime's configuration, units and crictl.yaml, and the kubelet's
// config, unit and flags, composed into one plan with runtime.Compose. It
// fails with every problem Validate finds.
func (n *Node) Plan(ctx context.Context) (*runtime.Plan, error) {
	d := n.withDefaults()
	installers, _, err := d.build()
	if err != nil {
		return nil, err
	}
	return runtime.Compose(ctx, installers...)
}

// criRuntime is what the kubelet needs to know of the runtime installer.
type criRuntime interface {
	runtime.Installer
	UnitName() string
	Endpoint() string
}

// build validates a defaulted node and returns its installers: the
// runtime's, then the kubelet's.
func (d *Node) build() ([]runtime.Installer, field.ErrorList, error) {
	f, warns, errs := d.check()
	if len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	installers, cri, w, errs := d.runtimeInstallers(f)
	warns = append(warns, w...)
	if len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	kl, errs := d.kubeletInstaller(f, cri)
	downloads, derrs := d.downloadInstallers()
	if errs = append(errs, derrs...); len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	return append(append(installers, kl), downloads...), warns, nil
}

// runtimeInstallers builds the runtime's installers from the node: the
// cgroup driver, the pause image and the mirrors go in here and nowhere
// else. The last one serves CRI.
func (d *Node) runtimeInstallers(f facts) ([]runtime.Installer, criRuntime, field.ErrorList, field.ErrorList) {
	switch d.Runtime {
	case Docker:
		hub, _ := docker.HubMirrors(d.Mirrors)
		opts := []docker.InstallerOption{docker.WithVersion(d.RuntimeVersion), docker.WithCgroupDriver(d.CgroupDriver), docker.WithMirrors(hub)}
		if d.Binaries.Dockerd != "" {
			opts = append(opts, docker.WithBinary(d.Binaries.Dockerd))
		}
		if d.Downloads != nil {
			// Docker's static archive brings containerd but no unit for it.
			opts = append(opts, docker.WithContainerdSocket(""))
		}
		dk, err := docker.NewInstaller(opts...)
		if err != nil {
			return nil, nil, nil, componentErrors("docker", err)
		}
		cdOpts := []cridockerd.InstallerOption{cridockerd.WithVersion(d.CRIDockerdVersion), cridockerd.WithSandboxImage(d.PauseImage)}
		if d.Binaries.CRIDockerd != "" {
			cdOpts = append(cdOpts, cridockerd.WithBinary(d.Binaries.CRIDockerd))
		}
		cd, err := cridockerd.NewInstaller(cdOpts...)
		if err != nil {
			return nil, nil, nil, componentErrors("cri-dockerd", err)
		}
		return []runtime.Installer{dk, cd}, cd, nil, nil
	case CRIO:
		in, err := crio.NewInstaller(crio.WithVersion(d.RuntimeVersion), crio.WithCgroupDriver(d.CgroupDriver), crio.WithSandboxImage(d.PauseImage), crio.WithMirrors(d.Mirrors))
		if err != nil {
			return nil, nil, nil, componentErrors("crio", err)
		}
		return []runtime.Installer{in}, in, in.Warnings(), nil
	default:
		opts := []containerd.InstallerOption{containerd.WithVersion(d.RuntimeVersion), containerd.WithCgroupDriver(d.CgroupDriver), containerd.WithSandboxImage(d.PauseImage), containerd.WithMirrors(d.Mirrors)}
		if d.Binaries.Containerd != "" {
			opts = append(opts, containerd.WithBinary(d.Binaries.Containerd))
		}
		in, err := containerd.NewInstaller(opts...)
		if err != nil {
			return nil, nil, nil, componentErrors("containerd", err)
		}
		return []runtime.Installer{in}, in, in.Warnings(), nil
	}
}

// kubeletInstaller builds the kubelet's installer: its cgroup driver is the
// runtime's, its endpoint the runtime's socket, and its unit wants and
// orders after the runtime's unit. An override that changes the driver or
// the endpoint is a conflict, reported at kubeletConfig.
func (d *Node) kubeletInstaller(f facts, cri criRuntime) (runtime.Installer, field.ErrorList) {
	cfgOpts := []kubelet.Option{kubelet.WithVersion(d.Kubernetes), kubelet.WithCgroupDriver(d.CgroupDriver)}
	if d.KubeletConfig != nil {
		cfgOpts = append(cfgOpts, kubelet.WithEdit(func(c *kubelet.Config) { d.KubeletConfig(&c.KubeletConfiguration) }))
	}
	cfg, err := kubelet.New(cfgOpts...)
	if err != nil {
		return nil, componentErrors("kubelet", err)
	}
	errs := d.checkOverrides(&cfg.KubeletConfiguration, cri.Endpoint())
	if len(errs) > 0 {
		return nil, errs
	}
	opts := []kubelet.InstallerOption{
		kubelet.WithVersion(d.Kubernetes),
		kubelet.WithRuntime(cri.UnitName(), cri.Endpoint()),
		kubelet.WithConfig(cfg),
		kubelet.WithNodeIPs(d.NodeIPs),
		kubelet.WithNodeLabels(d.NodeLabels),
		kubelet.WithTaints(f.taints...),
	}
	if d.Binaries.Kubelet != "" {
		opts = append(opts, kubelet.WithBinary(d.Binaries.Kubelet))
	}
	in, err := kubelet.NewInstaller(opts...)
	if err != nil {
		return nil, componentErrors("kubelet", err)
	}
	return in, nil
}

// checkOverrides refuses a KubeletConfig override that makes the kubelet
// disagree with the runtime.
func (d *Node) checkOverrides(c *v1beta1.KubeletConfiguration, endpoint string) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("kubeletConfig")
	if c.CgroupDriver != string(d.CgroupDriver) {
		errs = append(errs, field.Conflict(p.Child("cgroupDriver"), c.CgroupDriver,
			"the node's cgroupDriver is "+string(d.CgroupDriver)+"; set it there, for the runtime and the kubelet at once"))
	}
	if c.ContainerRuntimeEndpoint != "" && !runtime.SameSocket(c.ContainerRuntimeEndpoint, endpoint) {
		errs = append(errs, field.Conflict(p.Child("containerRuntimeEndpoint"), c.ContainerRuntimeEndpoint,
			"the runtime serves CRI at "+endpoint))
	}
	return errs
}
