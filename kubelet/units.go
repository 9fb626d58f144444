package kubelet

import (
	"strings"

	"github.com/kubenode/kubenode/internal/scratch"
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
	return new(serviceParts).build(binaryPath, runtimeUnit, args)
}

// planService renders kubelet.service (see service) as a plan file, built
// in parts from the pool: they are dead once the file is written.
func planService(binaryPath, runtimeUnit string, args []string) (runtime.File, error) {
	return scratch.Use(&servicePool, func(u *serviceParts) (runtime.File, error) {
		return u.build(binaryPath, runtimeUnit, args).PlanFile(systemd.SystemDir)
	})
}

// The parts of the units planService and planDropIn render.
var (
	servicePool scratch.Pool[serviceParts]
	dropInPool  scratch.Pool[dropInParts]
)

// build fills u, which holds the zero serviceParts, with kubelet.service
// (see service) and returns the unit.
func (u *serviceParts) build(binaryPath, runtimeUnit string, args []string) *systemd.UnitFile {
	u.after[0], u.wants[0] = "network-online.target", "network-online.target"
	n := 1
	if runtimeUnit != "" {
		u.after[1], u.wants[1] = runtimeUnit, runtimeUnit
		n = 2
	}
	u.docs[0], u.wantedBy[0] = "https://kubernetes.io/docs/", "multi-user.target"
	argv := u.argv[:]
	if len(args) > 0 {
		argv = make([]string, 1+len(args))
		copy(argv[1:], args)
	}
	argv[0] = binaryPath
	u.exec[0] = systemd.NewCommand(argv...)
	u.unit = systemd.Unit{
		Description:           "kubelet: The Kubernetes Node Agent",
		Documentation:         u.docs[:],
		Wants:                 u.wants[:n],
		After:                 u.after[:n],
		StartLimitIntervalSec: "0",
	}
	u.service = systemd.Service{ExecStart: u.exec[:], Restart: systemd.RestartAlways, RestartSec: "10"}
	u.install = systemd.Install{WantedBy: u.wantedBy[:]}
	u.file = systemd.UnitFile{Name: UnitName, Sections: systemd.Sections{Unit: &u.unit, Service: &u.service, Install: &u.install}}
	return &u.file
}

// serviceParts holds kubelet.service and every section and list it points
// to, so that building the unit costs one allocation, not one per part.
// Wants= and After= have room for the runtime's unit.
type serviceParts struct {
	file         systemd.UnitFile
	unit         systemd.Unit
	service      systemd.Service
	install      systemd.Install
	wants, after [2]string
	docs         [1]string
	wantedBy     [1]string
	exec         [1]systemd.Command
	argv         [1]string // the program alone (the kubeadm style)
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
	d := kubeadmDropIn(binaryPath, kubeadmDropInArgs(f))
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// kubeadmDropIn builds 10-kubeadm.conf from checked inputs without
// validating it: the Installer's plan validates it once, as it renders it.
// args are the values of its two variables (see kubeadmDropInArgs); a
// variable whose value is empty is left out.
func kubeadmDropIn(binaryPath string, args dropInArgs) *systemd.DropIn {
	return new(dropInParts).build(binaryPath, args)
}

// planDropIn renders 10-kubeadm.conf (see kubeadmDropIn) as a plan file,
// built in parts from the pool.
func planDropIn(binaryPath string, args dropInArgs) (runtime.File, error) {
	return scratch.Use(&dropInPool, func(d *dropInParts) (runtime.File, error) {
		return d.build(binaryPath, args).PlanFile(systemd.SystemDir)
	})
}

// build fills d, which holds the zero dropInParts, with 10-kubeadm.conf
// (see kubeadmDropIn) and returns the drop-in.
func (d *dropInParts) build(binaryPath string, args dropInArgs) *systemd.DropIn {
	n := 0
	if args.kubeconfig != "" {
		d.env[n] = systemd.Env{Name: EnvKubeconfigArgs, Value: args.kubeconfig}
		n++
	}
	if args.config != "" {
		d.env[n] = systemd.Env{Name: EnvConfigArgs, Value: args.config}
		n++
	}
	var env []systemd.Env
	if n > 0 {
		env = d.env[:n:n]
	}
	d.argv = [5]string{binaryPath, "$" + EnvKubeconfigArgs, "$" + EnvConfigArgs, "$" + EnvKubeadmArgs, "$" + EnvExtraArgs}
	d.exec[1] = systemd.NewCommand(d.argv[:]...)
	d.envFiles = [2]systemd.EnvironmentFile{{Path: KubeadmFlagsEnvPath, Optional: true}, {Path: DefaultsEnvPath, Optional: true}}
	d.service = systemd.Service{ExecStart: d.exec[:], Environment: env, EnvironmentFile: d.envFiles[:]}
	d.file = systemd.DropIn{Unit: UnitName, Name: DropInName, Sections: systemd.Sections{Service: &d.service}}
	return &d.file
}

// dropInParts holds 10-kubeadm.conf and every part it points to, so that
// building the drop-in costs one allocation, not one per part. exec[0]
// stays the empty command that resets ExecStart=.
type dropInParts struct {
	file     systemd.DropIn
	service  systemd.Service
	exec     [2]systemd.Command
	argv     [5]string
	env      [2]systemd.Env
	envFiles [2]systemd.EnvironmentFile
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
