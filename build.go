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
	var room [12]runtime.Installer // a node's usual installers, on the stack
	installers, _, err := d.build(room[:0])
	if err != nil {
		return nil, err
	}
	// The installers are kubenode's own, made for this plan alone, and
	// their plans own their files: the merged plan takes them as they are.
	return runtime.ComposeOwned(ctx, installers...)
}

// criRuntime is what the kubelet needs to know of the runtime installer.
type criRuntime interface {
	runtime.Installer
	UnitName() string
	Endpoint() string
}

// build validates a defaulted node and appends its installers to all:
// the host's, the runtime's, the kubelet's, then the rest.
func (d *Node) build(all []runtime.Installer) ([]runtime.Installer, field.ErrorList, error) {
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
	all = appendNonNil(all, hostIn, installers[0], installers[1], kl)
	all = append(all, downloads...)
	return appendNonNil(all, proxyIn, classes, dropIns, cni), warns, nil
}

// runtimeInstallers builds the runtime's one or two installers from the
// node (an array, not a slice the plan would allocate): the cgroup driver,
// the pause image and the mirrors go in here and nowhere else. The last
// one serves CRI.
func (d *Node) runtimeInstallers(f facts) ([2]runtime.Installer, criRuntime, field.ErrorList, field.ErrorList) {
	hooks := d.hookErrs() // what the Node's hooks broke, found as the builders run them
	switch d.Runtime {
	case Docker:
		hub, _ := docker.HubMirrors(d.Mirrors)
		opts := []docker.InstallerOption{docker.WithVersion(d.RuntimeVersion), docker.WithCgroupDriver(d.CgroupDriver), docker.WithMirrors(hub),
			docker.WithRegistryHosts(d.Registries), docker.WithRuntimeHandlers(d.RuntimeHandlers)}
		if d.DataDirs.RuntimeRoot != "" {
			opts = append(opts, docker.WithDataRoot(d.DataDirs.RuntimeRoot))
		}
		if d.Hooks.Docker != nil {
			opts = append(opts, docker.WithEdit(hooks.dockerEdit(d.Hooks.Docker)))
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
			return [2]runtime.Installer{}, nil, nil, componentErrors("docker", err)
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
			cdOpts = append(cdOpts, cridockerd.WithEdit(hooks.criDockerdEdit(d.Hooks.CRIDockerd)))
		}
		cd, err := cridockerd.NewInstaller(cdOpts...)
		if err != nil {
			return [2]runtime.Installer{}, nil, nil, componentErrors("cri-dockerd", err)
		}
		return [2]runtime.Installer{dk, cd}, cd, nil, hooks.list()
	case CRIO:
		opts := []crio.InstallerOption{crio.WithVersion(d.RuntimeVersion), crio.WithCgroupDriver(d.CgroupDriver), crio.WithSandboxImage(d.PauseImage), crio.WithMirrors(d.Mirrors),
			crio.WithRegistryHosts(d.Registries), crio.WithRuntimeHandlers(d.RuntimeHandlers), crio.WithStorage(d.DataDirs.RuntimeRoot, d.DataDirs.RuntimeState)}
		if d.Hooks.CRIO != nil {
			opts = append(opts, crio.WithEdit(hooks.crioEdit(d.Hooks.CRIO)))
		}
		in, err := crio.NewInstaller(opts...)
		if err != nil {
			return [2]runtime.Installer{}, nil, nil, componentErrors("crio", err)
		}
		return [2]runtime.Installer{in}, in, in.Warnings(), hooks.list()
	default:
		in, err := d.containerdInstaller(hooks)
		if err != nil {
			return [2]runtime.Installer{}, nil, nil, componentErrors("containerd", err)
		}
		return [2]runtime.Installer{in}, in, in.Warnings(), hooks.list()
	}
}

// containerdInstaller builds containerd's installer. The options every
// node gives are kept in one value and the list points into it: an option
// handed over by value is boxed into the interface, an allocation each,
// and the list itself, of a fixed capacity, stays on the stack.
func (d *Node) containerdInstaller(hooks *hookErrs) (*containerd.Installer, error) {
	o := &struct {
		version       containerd.VersionOption
		driver, image containerd.ConfigOption
	}{containerd.WithVersion(d.RuntimeVersion), containerd.WithCgroupDriver(d.CgroupDriver), containerd.WithSandboxImage(d.PauseImage)}
	opts := make([]containerd.InstallerOption, 0, 11)
	opts = append(opts, &o.version, &o.driver, &o.image)
	// An empty list is the installer's own default: its option would only
	// cost a closure.
	if len(d.Mirrors) > 0 {
		opts = append(opts, containerd.WithMirrors(d.Mirrors))
	}
	if len(d.RuntimeHandlers) > 0 {
		opts = append(opts, containerd.WithRuntimeHandlers(d.RuntimeHandlers))
	}
	if len(d.Registries) > 0 {
		opts = append(opts, containerd.WithRegistryHosts(d.Registries))
	}
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
		opts = append(opts, containerd.WithEdit(hooks.containerdEdit(d.Hooks.Containerd)))
	}
	if d.Binaries.Containerd != "" {
		opts = append(opts, containerd.WithBinary(d.Binaries.Containerd))
	}
	return containerd.NewInstaller(opts...)
}

// kubeletInstaller builds the kubelet's installer: its cgroup driver is the
// runtime's, its endpoint the runtime's socket, and its unit wants and
// orders after the runtime's unit. An override that changes the driver or
// the endpoint is a conflict, reported at kubeletConfig.
//
// The installer builds the KubeletConfiguration from the options and
// validates it once, with everything else. The node's own checks of the
// final config (the overrides, the host's cgroup facts) end the node's
// edit, and only look: they see the config as the caller's edit left it,
// before the installer adds the endpoint and the taints.
func (d *Node) kubeletInstaller(f facts, cri criRuntime) (runtime.Installer, field.ErrorList) {
	// The options every node gives are kept in one value, as containerd's
	// are (containerdInstaller), with the node's edit of the config.
	endpoint := cri.Endpoint()
	o := &struct {
		version      kubelet.VersionOption
		driver, edit kubelet.ConfigOption
		kubeletEdit
	}{
		version:     kubelet.WithVersion(d.Kubernetes),
		driver:      kubelet.WithCgroupDriver(d.CgroupDriver),
		kubeletEdit: kubeletEdit{host: d.Host, driver: d.CgroupDriver, caller: d.KubeletConfig, kube: f.kube, endpoint: endpoint},
	}
	o.edit = kubelet.WithEdit(o.kubeletEdit.edit)
	opts := make([]kubelet.InstallerOption, 0, 13)
	opts = append(opts, &o.version, &o.driver, &o.edit, kubelet.WithRuntime(cri.UnitName(), endpoint), kubelet.WithNodeIPs(d.NodeIPs))
	// No labels and no taints are the installer's own default: the
	// options would only cost their closures.
	if len(d.NodeLabels) > 0 {
		opts = append(opts, kubelet.WithNodeLabels(d.NodeLabels))
	}
	if len(f.taints) > 0 {
		opts = append(opts, kubelet.WithTaints(f.taints...))
	}
	opts = d.appendKubeletSettings(opts)
	if d.Binaries.Kubelet != "" {
		opts = append(opts, kubelet.WithBinary(d.Binaries.Kubelet))
	}
	in, err := kubelet.NewInstaller(opts...)
	if checked := o.checked; len(checked) > 0 {
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

// kubeletEdit is all the node does to the kubelet's config, in one edit
// (three did the same for three closures and three options): the host's
// choices, the caller's KubeletConfig, then the node's checks of the
// result, which only look. It holds what it needs of the node, not the
// Node, which then stays on the plan's stack.
type kubeletEdit struct {
	host     Host
	driver   runtime.CgroupDriver
	caller   func(*v1beta1.KubeletConfiguration)
	kube     runtime.Version
	endpoint string
	// checked is what the checks found.
	checked field.ErrorList
}

func (e *kubeletEdit) edit(c *kubelet.Config) {
	e.host.editKubelet(e.kube, c)
	if e.caller != nil {
		e.caller(&c.KubeletConfiguration)
	}
	e.checked = slices.Concat(checkOverrides(e.driver, &c.KubeletConfiguration, e.endpoint), e.host.checkKubelet(e.kube, c),
		endpointBeforeConfig(e.kube, c))
}

// checkOverrides refuses a KubeletConfig override that makes the kubelet
// disagree with the runtime: the node's driver, the runtime's endpoint.
func checkOverrides(driver runtime.CgroupDriver, c *v1beta1.KubeletConfiguration, endpoint string) field.ErrorList {
	var errs field.ErrorList
	p := overridesPath
	if c.CgroupDriver != string(driver) {
		errs = append(errs, field.Conflict(p.Child("cgroupDriver"), c.CgroupDriver,
			"the node's cgroupDriver is "+string(driver)+"; set it there, for the runtime and the kubelet at once"))
	}
	if c.ContainerRuntimeEndpoint != "" && !runtime.SameSocket(c.ContainerRuntimeEndpoint, endpoint) {
		errs = append(errs, field.Conflict(p.Child("containerRuntimeEndpoint"), c.ContainerRuntimeEndpoint,
			"the runtime serves CRI at "+endpoint))
	}
	return errs
}

// appendNonNil appends the installers the node needs, dropping the nil
// ones it does not.
func appendNonNil(all []runtime.Installer, ins ...runtime.Installer) []runtime.Installer {
	for _, in := range ins {
		if in != nil {
			all = append(all, in)
		}
	}
	return all
}
