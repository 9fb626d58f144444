package kubenode

import (
	"context"
	"slices"

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
	errs = append(errs, d.checkHost()...)
	errs = append(errs, d.checkProxy()...)
	errs = append(errs, d.checkRegistries()...)
	errs = append(errs, d.checkDataDirs()...)
	errs = append(errs, d.checkHooks()...)
	errs = append(errs, d.checkContainerdDropIn()...)
	errs = append(errs, d.checkCNI()...)
	errs = append(errs, runtime.ValidateRuntimeHandlers(runtimeHandlersPath, d.RuntimeHandlers)...)
	warns = append(warns, d.swapWarnings()...)
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
	hostIn, herrs := d.hostInstaller()
	proxyIn, perrs := d.proxyInstaller()
	classes, cerrs := d.runtimeClassInstaller()
	dropIns, ierrs := d.dropInsInstaller()
	cni, nerrs := d.cniInstaller()
	if errs = slices.Concat(errs, derrs, herrs, perrs, cerrs, ierrs, nerrs); len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	// The host comes first: its modules and sysctls are in place before
	// the runtime starts.
	all := nonNil(hostIn)
	all = append(append(append(all, installers...), kl), downloads...)
	return append(all, nonNil(proxyIn, classes, dropIns, cni)...), warns, nil
}

// runtimeInstallers builds the runtime's installers from the node: the
// cgroup driver, the pause image and the mirrors go in here and nowhere
// else. The last one serves CRI.
func (d *Node) runtimeInstallers(f facts) ([]runtime.Installer, criRuntime, field.ErrorList, field.ErrorList) {
	var hooks hookErrs // what the Node's hooks broke, found as the builders run them
	switch d.Runtime {
	case Docker:
		hub, _ := docker.HubMirrors(d.Mirrors)
		opts := []docker.InstallerOption{docker.WithVersion(d.RuntimeVersion), docker.WithCgroupDriver(d.CgroupDriver), docker.WithMirrors(hub),
			docker.WithRegistryHosts(d.Registries), docker.WithRuntimeHandlers(d.RuntimeHandlers)}
		if d.DataDirs.RuntimeRoot != "" {
			opts = append(opts, docker.WithDataRoot(d.DataDirs.RuntimeRoot))
		}
		if d.Hooks.Docker != nil {
			opts = append(opts, docker.WithEdit(d.dockerHook(&hooks)))
		}
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
		if d.hasIPv4() && d.hasIPv6() {
			// Without it a dual-stack node's pods get no IPv6 address.
			cdOpts = append(cdOpts, cridockerd.WithIPv6DualStack(true))
		}
		if d.Binaries.CRIDockerd != "" {
			cdOpts = append(cdOpts, cridockerd.WithBinary(d.Binaries.CRIDockerd))
		}
		if d.Hooks.CRIDockerd != nil {
			cdOpts = append(cdOpts, cridockerd.WithEdit(d.criDockerdHook(&hooks)))
		}
		cd, err := cridockerd.NewInstaller(cdOpts...)
		if err != nil {
			return nil, nil, nil, componentErrors("cri-dockerd", err)
		}
		return []runtime.Installer{dk, cd}, cd, nil, hooks.errs
	case CRIO:
		opts := []crio.InstallerOption{crio.WithVersion(d.RuntimeVersion), crio.WithCgroupDriver(d.CgroupDriver), crio.WithSandboxImage(d.PauseImage), crio.WithMirrors(d.Mirrors),
			crio.WithRegistryHosts(d.Registries), crio.WithRuntimeHandlers(d.RuntimeHandlers), crio.WithStorage(d.DataDirs.RuntimeRoot, d.DataDirs.RuntimeState)}
		if d.Hooks.CRIO != nil {
			opts = append(opts, crio.WithEdit(d.crioHook(&hooks)))
		}
		in, err := crio.NewInstaller(opts...)
		if err != nil {
			return nil, nil, nil, componentErrors("crio", err)
		}
		return []runtime.Installer{in}, in, in.Warnings(), hooks.errs
	default:
		opts := []containerd.InstallerOption{containerd.WithVersion(d.RuntimeVersion), containerd.WithCgroupDriver(d.CgroupDriver), containerd.WithSandboxImage(d.PauseImage), containerd.WithMirrors(d.Mirrors),
			containerd.WithRuntimeHandlers(d.RuntimeHandlers), containerd.WithRegistryHosts(d.Registries)}
		if d.DataDirs.RuntimeRoot != "" || d.DataDirs.RuntimeState != "" {
			opts = append(opts, containerd.WithStorage(d.DataDirs.RuntimeRoot, d.DataDirs.RuntimeState))
		}
		if d.restrictOOMScoreAdj() {
			opts = append(opts, containerd.WithRestrictOOMScoreAdj(true))
		}
		if d.ContainerdDropIn != "" {
			opts = append(opts, containerd.WithDropIn(d.ContainerdDropIn))
		}
		if d.Hooks.Containerd != nil {
			opts = append(opts, containerd.WithEdit(d.containerdHook(&hooks)))
		}
		if d.Binaries.Containerd != "" {
			opts = append(opts, containerd.WithBinary(d.Binaries.Containerd))
		}
		in, err := containerd.NewInstaller(opts...)
		if err != nil {
			return nil, nil, nil, componentErrors("containerd", err)
		}
		return []runtime.Installer{in}, in, in.Warnings(), hooks.errs
	}
}

// kubeletInstaller builds the kubelet's installer: its cgroup driver is the
// runtime's, its endpoint the runtime's socket, and its unit wants and
// orders after the runtime's unit. An override that changes the driver or
// the endpoint is a conflict, reported at kubeletConfig.
//
// The installer builds the KubeletConfiguration from the options and
// validates it once, with everything else. The node's own checks of the
// final config (the overrides, the host's cgroup facts) run in the last
// edit, which only looks: it sees the config as the caller's edit left it,
// before the installer adds the endpoint and the taints.
func (d *Node) kubeletInstaller(f facts, cri criRuntime) (runtime.Installer, field.ErrorList) {
	var checked field.ErrorList
	opts := []kubelet.InstallerOption{
		kubelet.WithVersion(d.Kubernetes),
		kubelet.WithCgroupDriver(d.CgroupDriver),
		kubelet.WithEdit(d.hostKubelet(f.kube)),
	}
	if d.KubeletConfig != nil {
		opts = append(opts, kubelet.WithEdit(func(c *kubelet.Config) { d.KubeletConfig(&c.KubeletConfiguration) }))
	}
	opts = append(opts,
		kubelet.WithEdit(func(c *kubelet.Config) {
			checked = slices.Concat(d.checkOverrides(&c.KubeletConfiguration, cri.Endpoint()), d.checkHostKubelet(f.kube, c),
				endpointBeforeConfig(f.kube, c))
		}),
		kubelet.WithRuntime(cri.UnitName(), cri.Endpoint()),
		kubelet.WithNodeIPs(d.NodeIPs),
		kubelet.WithNodeLabels(d.NodeLabels),
		kubelet.WithTaints(f.taints...),
	)
	opts = append(opts, d.kubeletSettings()...)
	if d.Binaries.Kubelet != "" {
		opts = append(opts, kubelet.WithBinary(d.Binaries.Kubelet))
	}
	in, err := kubelet.NewInstaller(opts...)
	if len(checked) > 0 {
		return nil, append(checked, unlessOverridden(componentErrors("kubelet", err), checked)...)
	}
	if err != nil {
		return nil, componentErrors("kubelet", err)
	}
	return in, nil
}

// endpointInConfigSince is the first kubelet that reads
// containerRuntimeEndpoint from its config file (1.27).
var endpointInConfigSince = runtime.NewVersion(1, 27)

// endpointBeforeConfig refuses containerRuntimeEndpoint in the
// KubeletConfig of an older kubelet, which ignores the key, as
// kubelet.Config.Validate does (same problem, same path): the installer
// would move it to the flag, but the node gives the endpoint itself.
func endpointBeforeConfig(kube runtime.Version, c *kubelet.Config) field.ErrorList {
	if c.ContainerRuntimeEndpoint == "" || kube.AtLeast(endpointInConfigSince) {
		return nil
	}
	only := kubelet.Config{KubeletConfiguration: v1beta1.KubeletConfiguration{ContainerRuntimeEndpoint: c.ContainerRuntimeEndpoint}}
	return field.AsList(only.Validate(kube))
}

// unlessOverridden drops from the kubelet installer's problems those at a
// key the node already reported under kubeletConfig: the installer refuses
// an endpoint override too, at its own key, and one problem is reported
// once.
func unlessOverridden(errs, overrides field.ErrorList) field.ErrorList {
	var out field.ErrorList
	for _, e := range errs {
		if !slices.ContainsFunc(overrides, func(o *field.Error) bool {
			return e.Path != nil && o.Path.String() == overridesPath.String()+"."+e.Path.String()
		}) {
			out = append(out, e)
		}
	}
	return out
}

// checkOverrides refuses a KubeletConfig override that makes the kubelet
// disagree with the runtime.
func (d *Node) checkOverrides(c *v1beta1.KubeletConfiguration, endpoint string) field.ErrorList {
	var errs field.ErrorList
	p := overridesPath
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

// nonNil drops the installers a node does not need.
func nonNil(ins ...runtime.Installer) []runtime.Installer {
	var out []runtime.Installer
	for _, in := range ins {
		if in != nil {
			out = append(out, in)
		}
	}
	return out
}
