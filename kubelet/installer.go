package kubelet

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
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
	version     runtime.Version
	runtimeUnit string
	endpoint    string
	nodeIPs     []string
	labels      []Label
	taints      []corev1.Taint
	config      *Config
	binaryPath  string
	style       UnitStyle
	extraFlags  []Flag
	cloud       string
	hostname    string
	rootDir     string
	// credentialProvider is what WithCredentialProvider gave, or nil.
	credentialProvider *credentialProvider
	// rendered is what NewInstaller rendered; Plan hands out copies of
	// its plan.
	rendered rendered
}

// rendered is the plan NewInstaller renders, kept in the Installer (which
// is allocated anyway) with the array of its files, their restart lists
// and the flags it renders, instead of in allocations of their own.
type rendered struct {
	plan runtime.Plan
	// done tells a rendered plan from the zero Installer's.
	done  bool
	files [5]runtime.File // config, credential provider, unit, drop-in, env file
	// restart holds the restart list of the config file and of the env
	// file, one each: a plan composed without a copy
	// (runtime.ComposeOwned) must not have two files share one.
	restart [2]string
	flags   Flags
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller applies opts over the defaults (DefaultVersion, containerd,
// the Config of WithConfig or else the one New builds from the
// ConfigOptions given, /usr/bin/kubelet, the kubeadm style), then validates
// and renders the plan once: Plan returns a copy of it and fails only if
// the context is done. A ConfigOption next to WithConfig is refused
// (field.ErrForbidden at "config", the option's name as value).
func NewInstaller(opts ...InstallerOption) (*Installer, error) {
	in := &Installer{
		version:     DefaultVersion,
		runtimeUnit: "containerd.service",
		endpoint:    runtime.ContainerdEndpoint,
		binaryPath:  DefaultBinaryPath,
		style:       StyleKubeadm,
	}
	errs := options.Configure(in, opts, &in.config, "the whole Config", newConfig)
	if err := in.render(errs); err != nil {
		return nil, err
	}
	return in, nil
}

// newConfig is the Config New builds from the settings, not validated
// yet: render validates it for the target with everything else.
func newConfig(settings []ConfigOption) (*Config, error) {
	b := newBuilder()
	return &b.cfg, options.Apply(b, settings).Err()
}

// WithConfig sets the KubeletConfiguration to start from (copied, so later
// changes to it do not reach the Installer), instead of the one New would
// build. The Installer adds the runtime endpoint and the taints to its copy.
func WithConfig(c *Config) InstallerOption {
	return installerOption(c, func(in *Installer, c *Config) {
		if c != nil {
			in.config = c.clone()
		}
	})
}

// WithRuntime names the container runtime's unit (containerd.service,
// cri-docker.service, crio.service), which kubelet.service Wants= and is
// ordered After=, and its CRI endpoint. Default: containerd.service and
// runtime.ContainerdEndpoint.
func WithRuntime(unitName, endpoint string) InstallerOption {
	return installerOption([2]string{unitName, endpoint}, func(in *Installer, v [2]string) { in.runtimeUnit, in.endpoint = v[0], v[1] })
}

// WithNodeIPs sets --node-ip: one address, or an IPv4 and an IPv6 address
// for a dual-stack node.
func WithNodeIPs(ips []string) InstallerOption {
	return installerOption(ips, func(in *Installer, ips []string) { in.nodeIPs = slices.Clone(ips) })
}

// WithNodeLabels sets --node-labels, rendered in key order.
func WithNodeLabels(labels map[string]string) InstallerOption {
	return installerOption(labels, func(in *Installer, labels map[string]string) {
		in.labels = nil
		if len(labels) == 0 {
			return
		}
		keys := make([]string, 0, len(labels))
		for k := range labels {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		in.labels = make([]Label, len(keys))
		for i, k := range keys {
			in.labels[i] = Label{Key: k, Value: labels[k]}
		}
	})
}

// WithTaints sets the taints the node registers with (registerWithTaints in
// the config file).
func WithTaints(taints ...corev1.Taint) InstallerOption {
	return installerOption(taints, func(in *Installer, taints []corev1.Taint) { in.taints = slices.Clone(taints) })
}

// WithBinary sets the kubelet's path (default /usr/bin/kubelet).
func WithBinary(path string) InstallerOption {
	return installerOption(path, func(in *Installer, path string) { in.binaryPath = path })
}

// WithUnitStyle chooses the kubeadm style (default) or the single unit.
func WithUnitStyle(s UnitStyle) InstallerOption {
	return installerOption(s, func(in *Installer, s UnitStyle) { in.style = s })
}

// WithCloudProvider sets --cloud-provider: "external" for a cloud
// controller manager, "" for none. NewInstaller refuses an in-tree
// provider where the target kubelet does: from 1.31, and in 1.29 and 1.30
// unless the config turns the DisableCloudProviders feature gate off.
// Unlike other deprecated flags, it is written for a target before 1.29,
// whose kubelet marks it deprecated with nothing to use instead.
func WithCloudProvider(p string) InstallerOption {
	return installerOption(p, func(in *Installer, p string) { in.cloud = p })
}

// WithHostnameOverride sets --hostname-override, the node's name;
// NewInstaller refuses one that is not a lowercase DNS subdomain, which
// the API server would refuse as a Node's name.
func WithHostnameOverride(name string) InstallerOption {
	return installerOption(name, func(in *Installer, name string) { in.hostname = name })
}

// WithExtraFlags adds flags that have no option here; NewInstaller refuses
// one the target kubelet lacks (unknown, removed, or added in a later
// release), one it marks deprecated (set the config key instead), one the
// Installer sets itself or has an option for, and one given twice, each
// at kubelet --<name>.
func WithExtraFlags(flags ...Flag) InstallerOption {
	return installerOption(flags, func(in *Installer, flags []Flag) { in.extraFlags = append(in.extraFlags, flags...) })
}

// Name implements runtime.Installer.
func (in *Installer) Name() string { return "kubelet" }

// UnitName is the unit the Installer enables and starts.
func (in *Installer) UnitName() string { return UnitName }

// Version is the target Kubernetes version.
func (in *Installer) Version() runtime.Version { return in.version }

// ConfigFor returns the KubeletConfiguration the Installer writes: its
// config with the runtime endpoint, from 1.27, and the taints added.
func (in *Installer) ConfigFor() (*Config, error) {
	// NewInstaller completed the config (see completeConfig).
	return in.config.clone(), nil
}

// completeConfig adds to the Installer's config what the Installer writes
// in it: the runtime endpoint given ("" while the endpoint is invalid, so
// the rest is still checked), from 1.27, and the taints. It changes the
// config in place, once, as NewInstaller renders: the config is the
// Installer's own (WithConfig and newConfig make it), so nothing else sees
// the change, and no copy of the whole KubeletConfiguration is made.
func (in *Installer) completeConfig(endpoint string) error {
	c := in.config
	if c.ContainerRuntimeEndpoint != "" && endpoint != "" && !runtime.SameSocket(c.ContainerRuntimeEndpoint, endpoint) {
		return field.Conflict(runtimeEndpointPath, c.ContainerRuntimeEndpoint,
			fmt.Sprintf("the config names another socket than the runtime's %s", in.endpoint))
	}
	switch {
	case !endpointInConfig(in.version):
		// The target reads the endpoint from its flag only; the flag gets
		// it (see Flags).
		c.ContainerRuntimeEndpoint = ""
	case c.ContainerRuntimeEndpoint == "":
		c.ContainerRuntimeEndpoint = endpoint
	}
	// Clipped: the list may be a caller's (given by WithEdit), whose array
	// an append must not write into.
	c.RegisterWithTaints = append(slices.Clip(c.RegisterWithTaints), in.taints...)
	return nil
}

// endpointInConfig reports whether the target reads containerRuntimeEndpoint
// from its config file (1.27 and later).
func endpointInConfig(target runtime.Version) bool {
	return !target.MinorOf().Before(v1(27))
}

// Flags returns the kubelet flags the Installer renders: the kubeconfig and
// config flags, the node's IPs, labels, cloud provider and name, the
// runtime endpoint for a target before 1.27, the root dir, the image
// credential provider's two flags, and the extra flags.
func (in *Installer) Flags() *Flags {
	f := new(Flags)
	in.setFlags(f, in.endpoint, true)
	// The caller may change the lists: they are its own.
	f.NodeIPs, f.NodeLabels, f.Extra = slices.Clone(f.NodeIPs), slices.Clone(f.NodeLabels), slices.Clone(f.Extra)
	return f
}

// setFlags sets the flags in *f, which holds the zero Flags, with the
// runtime endpoint given ("" while it is invalid) and the plugins'
// directory only when binDirOK (it is reported otherwise), so each problem
// is reported once. Their lists are the Installer's own: render only reads
// them. render sets its own Flags in place, a field at a time, rather than
// copying a whole Flags (which, while the collector runs, costs a write
// barrier per word of it).
func (in *Installer) setFlags(f *Flags, endpoint string, binDirOK bool) {
	f.BootstrapKubeconfig = DefaultBootstrapKubeconfig
	f.Kubeconfig = DefaultKubeconfig
	f.Config = DefaultConfigPath
	f.NodeIPs = in.nodeIPs
	f.NodeLabels = in.labels
	f.CloudProvider = in.cloud
	f.HostnameOverride = in.hostname
	f.RootDir = in.rootDir
	f.Extra = in.extraFlags
	if cp := in.credentialProvider; cp != nil {
		f.ImageCredentialProviderConfig = CredentialProviderConfigPath
		if binDirOK {
			f.ImageCredentialProviderBinDir = cp.binDir
		}
	}
	if !endpointInConfig(in.version) {
		f.ContainerRuntimeEndpoint = endpoint
	}
}

// Plan returns the kubelet's files and unit actions, as NewInstaller
// validated and rendered them: the config file, the image credential
// provider's config when WithCredentialProvider gave one,
// kubelet.service (with, in the kubeadm style, its drop-in and
// kubeadm-flags.env), then enable and start kubelet.service.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	var plan *runtime.Plan // nil for the zero Installer: InstalledPlan refuses it
	if in.rendered.done {
		plan = &in.rendered.plan
	}
	return runtime.InstalledPlan(ctx, plan, "kubelet")
}

// The paths of the Installer's own settings, built once.
var (
	unitStylePath         = field.NewPath("unitStyle")
	installerEndpointPath = field.NewPath("runtimeEndpoint")
)

// render validates everything and builds the plan into in.rendered;
// optErrs are what the options refused.
func (in *Installer) render(optErrs field.ErrorList) error {
	errs := optErrs
	versionErrs := targetRelease.Check(in.version)
	errs = append(errs, versionErrs...)
	if !slices.Contains(UnitStyles, in.style) {
		errs = append(errs, field.NotSupported(unitStylePath, string(in.style), UnitStyles))
	}
	endpoint := in.endpoint
	if e := runtime.ValidateCRIEndpoint(installerEndpointPath, in.endpoint, true); len(e) > 0 {
		errs = append(errs, e...)
		endpoint = "" // checked; the rest is still checked without it
	}
	// The config is validated once; the pruned document that takes is what
	// its file encodes.
	var cfgDoc yamlenc.Document
	// The rest needs a known target and the Config the options built.
	checkable := len(versionErrs) == 0 && len(optErrs) == 0
	binDirOK := true
	if checkable {
		gates := in.config.FeatureGates
		if cp := in.credentialProvider; cp != nil {
			var cpErrs field.ErrorList
			cpErrs, binDirOK = cp.check(in.version, gates)
			errs = append(errs, cpErrs...)
		}
		errs = append(errs, checkCloudProvider(in.cloud, in.version, gates)...)
	}
	out := &in.rendered
	flags := &out.flags
	// NewInstaller's Installer is new: its flags are the zero Flags.
	in.setFlags(flags, endpoint, binDirOK)
	if checkable {
		err := in.completeConfig(endpoint)
		if err == nil {
			cfgDoc, err = in.config.validated(in.version)
		}
		if err != nil {
			errs = append(errs, field.AsList(err)...)
		}
		flags.validate(in.version, func(name string, warning bool, list field.ErrorList) {
			switch {
			case !warning:
				errs = append(errs, list...)
			case name == "cloud-provider":
				// Deprecated before 1.29 with nothing in its place: the
				// only way to name an external cloud provider.
			default:
				for _, w := range list {
					errs = append(errs, field.Forbidden(w.Path, w.BadValue, "the kubenode installer writes no deprecated flag: "+w.Detail))
				}
			}
		})
	}
	errs = append(errs, validateUnitInputs(in.binaryPath, in.runtimeUnit)...)
	if len(errs) > 0 {
		return errs.Err()
	}

	configFile, err := planConfigFile(flags.Config, func() (yamlenc.Document, error) { return cfgDoc, nil })
	if err != nil {
		return err
	}
	// The kubelet reads its config file and flags only at start.
	out.restart = [2]string{UnitName, UnitName}
	configFile.RestartUnits = out.restart[0:1:1]
	plan := runtime.Plan{Files: append(out.files[:0], configFile)}
	if cp := in.credentialProvider; cp != nil {
		f, err := cp.planFile(in.version)
		if err != nil {
			return err
		}
		plan.Files = append(plan.Files, f)
	}
	// validateUnitInputs has checked the units' inputs; PlanFile validates
	// each unit as it renders it.
	switch in.style {
	case StyleSingle:
		f, err := planService(in.binaryPath, in.runtimeUnit, flags.Args())
		if err != nil {
			return err
		}
		plan.Files = append(plan.Files, f)
	default:
		unitFile, err := planService(in.binaryPath, in.runtimeUnit, nil)
		if err != nil {
			return err
		}
		dropInFile, err := planDropIn(in.binaryPath, kubeadmDropInArgs(flags))
		if err != nil {
			return err
		}
		env, err := kubeadmFlagsEnv(flags)
		if err != nil {
			return err
		}
		plan.Files = append(plan.Files, unitFile, dropInFile,
			runtime.File{Path: KubeadmFlagsEnvPath, Mode: 0o644, Content: env, RestartUnits: out.restart[1:2:2]})
	}
	plan.Units = runtime.EnableAndStart(UnitName)
	if err := plan.Validate(); err != nil { // as runtime.NewPlan does
		return err
	}
	out.plan, out.done = plan, true
	return nil
}
