package kubelet

import (
	"context"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// UnitStyle is how the kubelet's flags reach it.
type UnitStyle string

// The unit styles.
const (
	// StyleKubeadm is the packaged kubelet.service, kubeadm's 10-kubeadm.conf
	// drop-in and /var/lib/kubelet/kubeadm-flags.env (the default).
	StyleKubeadm UnitStyle = "kubeadm"
	// StyleSingle is one kubelet.service with every flag in its ExecStart=,
	// as hand-written guides do.
	StyleSingle UnitStyle = "single"
)

// UnitStyles lists the valid styles.
var UnitStyles = []UnitStyle{StyleKubeadm, StyleSingle}

// Installer sets up the kubelet: its config file, its unit (and, in the
// kubeadm style, the drop-in and the flags env file), then enables and
// starts it. Build it with NewInstaller.
type Installer struct {
	version      runtime.Version
	runtimeUnit  string
	endpoint     string
	nodeIPs      []string
	labels       []Label
	taints       []corev1.Taint
	config       *Config
	binaryPath   string
	style        UnitStyle
	extraFlags   []Flag
	cloud        string
	hostname     string
	optionErrors field.ErrorList
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// Option configures an Installer.
type Option func(*Installer)

// WithVersion sets the target Kubernetes version ("1.31", "v1.37.2");
// default 1.37. It decides which flags exist and whether the runtime
// endpoint goes in the config file (1.27 and later) or in a flag.
func WithVersion(v string) Option {
	return func(in *Installer) {
		parsed, err := runtime.ParseVersion(v)
		if err != nil {
			in.optionErrors = append(in.optionErrors, field.Invalid(field.NewPath("kubernetes"), v, err.Error()))
			return
		}
		in.version = parsed
	}
}

// WithRuntime names the container runtime's unit (containerd.service,
// cri-docker.service, crio.service), which kubelet.service Wants= and is
// ordered After=, and its CRI endpoint. Default: containerd.service and
// runtime.ContainerdEndpoint.
func WithRuntime(unitName, endpoint string) Option {
	return func(in *Installer) { in.runtimeUnit, in.endpoint = unitName, endpoint }
}

// WithNodeIPs sets --node-ip: one address, or an IPv4 and an IPv6 address
// for a dual-stack node.
func WithNodeIPs(ips []string) Option {
	return func(in *Installer) { in.nodeIPs = slices.Clone(ips) }
}

// WithNodeLabels sets --node-labels, rendered in key order.
func WithNodeLabels(labels map[string]string) Option {
	return func(in *Installer) {
		in.labels = nil
		for _, k := range slices.Sorted(maps.Keys(labels)) {
			in.labels = append(in.labels, Label{Key: k, Value: labels[k]})
		}
	}
}

// WithTaints sets the taints the node registers with (registerWithTaints in
// the config file).
func WithTaints(taints ...corev1.Taint) Option {
	return func(in *Installer) { in.taints = slices.Clone(taints) }
}

// WithConfig sets the KubeletConfiguration to start from (default:
// NewConfig()). The Installer never changes it: it adds the runtime
// endpoint and the taints to a copy.
func WithConfig(c *Config) Option {
	return func(in *Installer) { in.config = c }
}

// WithBinaryPath sets the kubelet's path (default /usr/bin/kubelet).
func WithBinaryPath(path string) Option {
	return func(in *Installer) { in.binaryPath = path }
}

// WithUnitStyle chooses the kubeadm style (default) or the single unit.
func WithUnitStyle(s UnitStyle) Option {
	return func(in *Installer) { in.style = s }
}

// WithCloudProvider sets --cloud-provider ("external" for a cloud
// controller manager).
func WithCloudProvider(p string) Option {
	return func(in *Installer) { in.cloud = p }
}

// WithHostnameOverride sets --hostname-override, the node's name.
func WithHostnameOverride(name string) Option {
	return func(in *Installer) { in.hostname = name }
}

// WithExtraFlags adds flags that have no option here; Plan refuses one the
// target kubelet lacks, and one it marks deprecated (set the config key
// instead).
func WithExtraFlags(flags ...Flag) Option {
	return func(in *Installer) { in.extraFlags = append(in.extraFlags, flags...) }
}

// NewInstaller applies opts over the defaults (Kubernetes 1.37, containerd,
// NewConfig(), /usr/bin/kubelet, the kubeadm style), then validates and
// renders the plan once: Plan returns a copy of it, so an Installer
// NewInstaller returns plans without error (unless the context is done),
// and later changes to the Config given to WithConfig do not reach it.
func NewInstaller(opts ...Option) (*Installer, error) {
	in := &Installer{
		version:     DefaultVersion,
		runtimeUnit: "containerd.service",
		endpoint:    runtime.ContainerdEndpoint,
		binaryPath:  DefaultBinaryPath,
		style:       StyleKubeadm,
	}
	for _, o := range opts {
		o(in)
	}
	if in.config != nil {
		in.config = in.config.clone()
	}
	plan, err := in.render()
	if err != nil {
		return nil, err
	}
	in.plan = plan
	return in, nil
}

// Name implements runtime.Installer.
func (in *Installer) Name() string { return "kubelet" }

// UnitName is the unit the Installer enables and starts.
func (in *Installer) UnitName() string { return UnitName }

// Version is the target Kubernetes version.
func (in *Installer) Version() runtime.Version { return in.version }

// ConfigFor returns the KubeletConfiguration the Installer writes: its
// config (or NewConfig's) with the runtime endpoint, from 1.27, and the
// taints added.
func (in *Installer) ConfigFor() (*Config, error) {
	return in.configFor(in.endpoint)
}

// configFor is ConfigFor with the runtime endpoint given ("" while the
// endpoint is invalid, so the rest is still checked).
func (in *Installer) configFor(endpoint string) (*Config, error) {
	var c *Config
	if in.config != nil {
		c = in.config.clone()
	} else {
		var err error
		if c, err = NewConfig(); err != nil {
			return nil, err
		}
	}
	var errs field.ErrorList
	if endpointInConfig(in.version) {
		switch {
		case c.ContainerRuntimeEndpoint == "":
			c.ContainerRuntimeEndpoint = endpoint
		case endpoint != "" && !runtime.SameSocket(c.ContainerRuntimeEndpoint, endpoint):
			errs = append(errs, field.Conflict(field.NewPath("containerRuntimeEndpoint"), c.ContainerRuntimeEndpoint,
				fmt.Sprintf("the config names another socket than the runtime's %s", in.endpoint)))
		}
	} else {
		// The target reads the endpoint from its flag only; the flag gets
		// it (see Flags).
		if c.ContainerRuntimeEndpoint != "" && endpoint != "" && !runtime.SameSocket(c.ContainerRuntimeEndpoint, endpoint) {
			errs = append(errs, field.Conflict(field.NewPath("containerRuntimeEndpoint"), c.ContainerRuntimeEndpoint,
				fmt.Sprintf("the config names another socket than the runtime's %s", in.endpoint)))
		}
		c.ContainerRuntimeEndpoint = ""
	}
	if len(in.taints) > 0 {
		c.RegisterWithTaints = append(c.RegisterWithTaints, in.taints...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// endpointInConfig reports whether the target reads containerRuntimeEndpoint
// from its config file (1.27 and later).
func endpointInConfig(target runtime.Version) bool {
	return !target.MinorOf().Before(v1(27))
}

// Flags returns the kubelet flags the Installer renders: the kubeconfig and
// config flags, the node's IPs, labels, cloud provider and name, the
// runtime endpoint for a target before 1.27, and the extra flags.
func (in *Installer) Flags() *Flags {
	return in.flagsFor(in.endpoint)
}

func (in *Installer) flagsFor(endpoint string) *Flags {
	f := &Flags{
		BootstrapKubeconfig: DefaultBootstrapKubeconfig,
		Kubeconfig:          DefaultKubeconfig,
		Config:              DefaultConfigPath,
		NodeIPs:             slices.Clone(in.nodeIPs),
		NodeLabels:          slices.Clone(in.labels),
		CloudProvider:       in.cloud,
		HostnameOverride:    in.hostname,
		Extra:               slices.Clone(in.extraFlags),
	}
	if !endpointInConfig(in.version) {
		f.ContainerRuntimeEndpoint = endpoint
	}
	return f
}

// Plan returns the kubelet's files and unit actions, as NewInstaller
// validated and rendered them: the config file, kubelet.service (with, in
// the kubeadm style, its drop-in and kubeadm-flags.env), then enable and
// start kubelet.service.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "kubelet")
}

// render validates everything and builds the plan.
func (in *Installer) render() (*runtime.Plan, error) {
	errs := slices.Clone(in.optionErrors)
	versionErrs := ValidateVersion(field.NewPath("kubernetes"), in.version)
	errs = append(errs, versionErrs...)
	if !slices.Contains(UnitStyles, in.style) {
		errs = append(errs, field.NotSupported(field.NewPath("unitStyle"), string(in.style), UnitStyles))
	}
	endpoint := in.endpoint
	if e := runtime.ValidateCRIEndpoint(field.NewPath("runtimeEndpoint"), in.endpoint, true); len(e) > 0 {
		errs = append(errs, e...)
		endpoint = "" // checked; the rest is still checked without it
	}
	// The config is validated once; the pruned object that takes is what
	// its file encodes.
	var cfgObj map[string]any
	flags := in.flagsFor(endpoint)
	if len(versionErrs) == 0 && len(in.optionErrors) == 0 {
		cfg, err := in.configFor(endpoint)
		if err == nil {
			cfgObj, err = cfg.validated(in.version)
		}
		errs = append(errs, field.AsList(err)...)
		warnings, err := flags.Validate(in.version)
		errs = append(errs, field.AsList(err)...)
		for _, w := range warnings {
			errs = append(errs, field.Forbidden(w.Path, w.BadValue, "the kubenode installer writes no deprecated flag: "+w.Detail))
		}
	}
	errs = append(errs, validateUnitInputs(in.binaryPath, in.runtimeUnit)...)
	if len(errs) > 0 {
		return nil, errs.Err()
	}

	configFile, err := planConfigFile(flags.Config, func() (map[string]any, error) { return cfgObj, nil })
	if err != nil {
		return nil, err
	}
	// The kubelet reads its config file and flags only at start.
	configFile.RestartUnits = []string{UnitName}
	plan := &runtime.Plan{Files: []runtime.File{configFile}}
	// validateUnitInputs has checked the units' inputs; PlanFile validates
	// each unit as it renders it.
	switch in.style {
	case StyleSingle:
		f, err := service(in.binaryPath, in.runtimeUnit, flags.Args()).PlanFile(systemd.SystemDir)
		if err != nil {
			return nil, err
		}
		plan.Files = append(plan.Files, f)
	default:
		unitFile, err := service(in.binaryPath, in.runtimeUnit, nil).PlanFile(systemd.SystemDir)
		if err != nil {
			return nil, err
		}
		dropInFile, err := kubeadmDropIn(in.binaryPath, flags).PlanFile(systemd.SystemDir)
		if err != nil {
			return nil, err
		}
		env, err := KubeadmFlagsEnv(flags)
		if err != nil {
			return nil, err
		}
		plan.Files = append(plan.Files, unitFile, dropInFile,
			runtime.File{Path: KubeadmFlagsEnvPath, Mode: 0o644, Content: env, RestartUnits: []string{UnitName}})
	}
	plan.Units = runtime.EnableAndStart(UnitName)
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return plan, nil
}
