package kubelet

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Names and paths of the kubelet's units and files, as the Kubernetes
// packages and kubeadm use them.
const (
	// UnitName is the kubelet's unit.
	UnitName = "kubelet.service"
	// DropInName is kubeadm's drop-in of kubelet.service.
	DropInName = "10-kubeadm.conf"
	// DefaultBinaryPath is where the Kubernetes packages install the kubelet.
	DefaultBinaryPath = "/usr/bin/kubelet"
	// KubeadmFlagsEnvPath is the file kubeadm writes KUBELET_KUBEADM_ARGS to.
	KubeadmFlagsEnvPath = "/var/lib/kubelet/kubeadm-flags.env"
	// DefaultsEnvPath is the administrator's KUBELET_EXTRA_ARGS file on
	// Debian-like systems (/etc/sysconfig/kubelet on RPM systems); kubenode
	// reads it through the drop-in but never writes it.
	DefaultsEnvPath = "/etc/default/kubelet"
	// DefaultKubeconfig and DefaultBootstrapKubeconfig are kubeadm's paths.
	DefaultKubeconfig          = "/etc/kubernetes/kubelet.conf"
	DefaultBootstrapKubeconfig = "/etc/kubernetes/bootstrap-kubelet.conf"
)

// The variables of kubeadm's drop-in, in the order ExecStart= uses them.
const (
	EnvKubeconfigArgs = "KUBELET_KUBECONFIG_ARGS"
	EnvConfigArgs     = "KUBELET_CONFIG_ARGS"
	EnvKubeadmArgs    = "KUBELET_KUBEADM_ARGS"
	EnvExtraArgs      = "KUBELET_EXTRA_ARGS"
)

// Service returns kubelet.service as the Kubernetes packages ship it, with
// the corrections kubenode makes: StartLimitIntervalSec=0 in [Unit] (the
// package writes the old StartLimitInterval= in [Service]), and, when
// runtimeUnit is given, Wants= and After= that unit, so the kubelet starts
// once its runtime is up but still starts (and retries) when the runtime is
// down, instead of being stopped with it as Requires= would. Nothing is
// ordered Before= the kubelet, so no ordering cycle can form through it.
//
// args are the kubelet's arguments: none for the kubeadm style (the drop-in
// supplies them), all of them for the single-unit style.
func Service(binaryPath, runtimeUnit string, args []string) (*systemd.UnitFile, error) {
	errs := validateUnitInputs(binaryPath, runtimeUnit)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	u := service(binaryPath, runtimeUnit, args)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return u, nil
}

// service builds kubelet.service from checked inputs without validating
// the unit: the Installer's plan validates it once, as it renders it.
func service(binaryPath, runtimeUnit string, args []string) *systemd.UnitFile {
	// Room for the runtime's unit, so appending it allocates nothing more.
	after := append(make([]string, 0, 2), "network-online.target")
	wants := append(make([]string, 0, 2), "network-online.target")
	if runtimeUnit != "" {
		after = append(after, runtimeUnit)
		wants = append(wants, runtimeUnit)
	}
	return &systemd.UnitFile{Name: UnitName, Sections: systemd.Sections{
		Unit: &systemd.Unit{
			Description:           "kubelet: The Kubernetes Node Agent",
			Documentation:         []string{"https://kubernetes.io/docs/"},
			Wants:                 wants,
			After:                 after,
			StartLimitIntervalSec: "0",
		},
		Service: &systemd.Service{
			ExecStart:  []systemd.Command{systemd.NewCommand(append([]string{binaryPath}, args...)...)},
			Restart:    systemd.RestartAlways,
			RestartSec: "10",
		},
		Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
	}}
}

// KubeadmDropIn returns kubeadm's 10-kubeadm.conf for kubelet.service: it
// resets ExecStart= and starts binaryPath with $KUBELET_KUBECONFIG_ARGS
// (the kubeconfig flags of f), $KUBELET_CONFIG_ARGS (--config and
// --config-dir of f), $KUBELET_KUBEADM_ARGS (from KubeadmFlagsEnvPath, see
// KubeadmFlagsEnv) and $KUBELET_EXTRA_ARGS (from the administrator's
// DefaultsEnvPath); both environment files are optional.
func KubeadmDropIn(binaryPath string, f *Flags) (*systemd.DropIn, error) {
	errs := validateUnitInputs(binaryPath, "")
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	kubeconfigArgs, configArgs, _ := splitForKubeadm(f)
	d := kubeadmDropIn(binaryPath, kubeconfigArgs, configArgs)
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// kubeadmDropIn builds 10-kubeadm.conf from checked inputs without
// validating it: the Installer's plan validates it once, as it renders it.
func kubeadmDropIn(binaryPath string, kubeconfigArgs, configArgs []string) *systemd.DropIn {
	var env []systemd.Env
	if n := min(len(kubeconfigArgs), 1) + min(len(configArgs), 1); n > 0 {
		env = make([]systemd.Env, 0, n) // made once, at its size
	}
	if len(kubeconfigArgs) > 0 {
		env = append(env, systemd.Env{Name: EnvKubeconfigArgs, Value: strings.Join(kubeconfigArgs, " ")})
	}
	if len(configArgs) > 0 {
		env = append(env, systemd.Env{Name: EnvConfigArgs, Value: strings.Join(configArgs, " ")})
	}
	return &systemd.DropIn{Unit: UnitName, Name: DropInName, Sections: systemd.Sections{
		Service: &systemd.Service{
			ExecStart: []systemd.Command{{}, systemd.NewCommand(binaryPath,
				"$"+EnvKubeconfigArgs, "$"+EnvConfigArgs, "$"+EnvKubeadmArgs, "$"+EnvExtraArgs)},
			Environment: env,
			EnvironmentFile: []systemd.EnvironmentFile{
				{Path: KubeadmFlagsEnvPath, Optional: true},
				{Path: DefaultsEnvPath, Optional: true},
			},
		},
	}}
}

// splitForKubeadm divides rendered flags the way kubeadm does: the
// kubeconfig flags, the config flags, and the rest (KUBELET_KUBEADM_ARGS).
// The three share one array, each cut to its own length so that an append
// to one cannot reach the next; rest is never nil.
func splitForKubeadm(f *Flags) (kubeconfig, config, rest []string) {
	args := f.Args()
	group := func(arg string) int {
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		switch name {
		case "bootstrap-kubeconfig", "kubeconfig":
			return 0
		case "config", "config-dir":
			return 1
		}
		return 2
	}
	out := make([]string, 0, len(args))
	var ends [3]int
	for g := range ends {
		for _, arg := range args {
			if group(arg) == g {
				out = append(out, arg)
			}
		}
		ends[g] = len(out)
	}
	kubeconfig, config, rest = out[:ends[0]:ends[0]], out[ends[0]:ends[1]:ends[1]], out[ends[1]:]
	if len(kubeconfig) == 0 {
		kubeconfig = nil
	}
	if len(config) == 0 {
		config = nil
	}
	return kubeconfig, config, rest
}

// validateUnitInputs checks the binary path and the runtime's unit name.
func validateUnitInputs(binaryPath, runtimeUnit string) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateBinaryPath(execStartPath, binaryPath)...)
	if runtimeUnit != "" {
		up := afterPath
		switch {
		case runtimeUnit == UnitName:
			errs = append(errs, field.Invalid(up, runtimeUnit, "the kubelet cannot be ordered after itself"))
		case !strings.HasSuffix(runtimeUnit, ".service") && !strings.HasSuffix(runtimeUnit, ".socket"):
			errs = append(errs, field.Invalid(up, runtimeUnit, "the runtime's unit must be a .service or .socket"))
		default:
			errs = append(errs, checkWord(up, runtimeUnit)...)
		}
	}
	return errs
}

// The paths validateUnitInputs reports at, built once (a Path never
// changes).
var (
	execStartPath = field.NewUnitPath(UnitName).Child("Service").Child("ExecStart")
	afterPath     = field.NewUnitPath(UnitName).Child("Unit").Child("After")
)

// validateBinaryPath is the one rule of every unit's program,
// runtime.ValidateExecPath.
func validateBinaryPath(p *field.Path, binaryPath string) field.ErrorList {
	return runtime.ValidateExecPath(p, binaryPath)
}
