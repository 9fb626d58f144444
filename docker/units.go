package docker

import (
	"path"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Unit names and defaults of the packaged units.
const (
	// ServiceName is the unit that runs dockerd.
	ServiceName = "docker.service"
	// SocketName is the unit that listens on Docker's API socket and starts
	// docker.service on the first connection (dockerd -H fd://).
	SocketName = "docker.socket"
	// DefaultBinary is where Docker's static binaries and Debian's package
	// put dockerd.
	DefaultBinary = "/usr/bin/dockerd"
	// DefaultContainerdSocket is the socket of the containerd that
	// containerd.service runs.
	DefaultContainerdSocket = "/run/containerd/containerd.sock"
	// DefaultSocketPath is Docker's API socket, as the seed guide and
	// clients name it (/var/run is a link to /run).
	DefaultSocketPath = "/var/run/docker.sock"
	// Group is the group whose members may use Docker's API socket.
	Group = "docker"
	// ContainerdService is the unit of the containerd dockerd connects to.
	ContainerdService = "containerd.service"
	// criDockerService is cri-dockerd's unit, which orders itself after
	// docker.service.
	criDockerService = "cri-docker.service"
)

// unitSettings are what UnitOptions change.
type unitSettings struct {
	dockerd          string
	containerdSocket string
	flags            []string
	socketGroup      string
}

// UnitOption changes the docker.service and docker.socket that Service and
// Socket build; NewInstaller takes it too, for the units it plans.
type UnitOption struct {
	apply func(*unitSettings) error
}

// ApplyToInstaller reports the option's own problems now, with the other
// options', and keeps it for the units the Installer renders.
func (o UnitOption) ApplyToInstaller(in *Installer) error {
	var scratch unitSettings
	if err := o.apply(&scratch); err != nil {
		return err
	}
	in.unitOpts = append(in.unitOpts, o)
	return nil
}

// WithBinary sets the dockerd binary the unit starts (default
// DefaultBinary). It must be a program path as runtime.ValidateExecPath
// takes it.
func WithBinary(path string) UnitOption {
	return UnitOption{func(s *unitSettings) error {
		if errs := runtime.ValidateExecPath(field.NewPath("binary"), path); len(errs) > 0 {
			return errs.Err()
		}
		s.dockerd = path
		return nil
	}}
}

// WithContainerdSocket sets the containerd socket dockerd uses
// (--containerd); "" lets dockerd start and manage a containerd of its own,
// and then docker.service no longer requires containerd.service.
func WithContainerdSocket(path string) UnitOption {
	return UnitOption{func(s *unitSettings) error {
		s.containerdSocket = path
		return nil
	}}
}

// WithExtraFlags appends flags to dockerd's command line. A flag that sets
// a daemon.json key must not be in daemon.json too.
func WithExtraFlags(flags ...string) UnitOption {
	return UnitOption{func(s *unitSettings) error {
		s.flags = append(s.flags, flags...)
		return nil
	}}
}

// WithSocketGroup sets the group of Docker's API socket (default docker).
func WithSocketGroup(group string) UnitOption {
	return UnitOption{func(s *unitSettings) error {
		s.socketGroup = group
		return nil
	}}
}

func settingsOf(opts []UnitOption) (unitSettings, error) {
	s := unitSettings{dockerd: DefaultBinary, containerdSocket: DefaultContainerdSocket, socketGroup: Group}
	var errs field.ErrorList
	for _, o := range opts {
		if err := o.apply(&s); err != nil {
			errs = append(errs, field.ErrorsAt(nil, err)...)
		}
	}
	return s, errs.Err()
}

// dockerdArgs are dockerd's arguments in the unit: socket activation, the
// containerd socket, then the extra flags.
func (s unitSettings) dockerdArgs() []string {
	args := []string{"-H", "fd://"}
	if s.containerdSocket != "" {
		args = append(args, "--containerd="+s.containerdSocket)
	}
	return append(args, s.flags...)
}

// Service builds docker.service as Docker's packaged unit and the seed guide
// write it: Type=notify, dockerd -H fd:// --containerd=..., restarted
// always, no resource limits, Delegate=yes, KillMode=process (containers
// survive a dockerd restart), OOMScoreAdjust=-500. Unlike the guide it puts
// StartLimitIntervalSec and StartLimitBurst in [Unit], where systemd reads
// them, and does not order itself after cri-docker.service (cri-dockerd
// orders itself after docker.service; both would be a cycle).
func Service(opts ...UnitOption) (*systemd.UnitFile, error) {
	s, err := settingsOf(opts)
	if err != nil {
		return nil, err
	}
	return s.service()
}

func (s unitSettings) service() (*systemd.UnitFile, error) {
	after := []string{"network-online.target", "firewalld.service", SocketName}
	wants := []string{"network-online.target"}
	if s.containerdSocket != "" {
		// Wants, as Docker's own unit has it: systemd starts the node's
		// containerd with dockerd where it is installed, and a node
		// whose containerd comes otherwise is not refused a start.
		after = append(after, ContainerdService)
		wants = append(wants, ContainerdService)
	}
	burst, oom, yes := 3, -500, true
	u := &systemd.UnitFile{Name: ServiceName, Sections: systemd.Sections{
		Unit: &systemd.Unit{
			Description:           "Docker Application Container Engine",
			Documentation:         []string{"https://docs.docker.com"},
			After:                 after,
			Wants:                 wants,
			Requires:              []string{SocketName},
			StartLimitIntervalSec: "60s",
			StartLimitBurst:       &burst,
		},
		Service: &systemd.Service{
			Type:           systemd.TypeNotify,
			ExecStart:      []systemd.Command{systemd.NewCommand(append([]string{s.dockerd}, s.dockerdArgs()...)...)},
			ExecReload:     []systemd.Command{systemd.NewCommand("/bin/kill", "-s", "HUP", "$MAINPID")},
			TimeoutSec:     "0",
			RestartSec:     "2",
			Restart:        systemd.RestartAlways,
			LimitNOFILE:    systemd.LimitInfinity,
			LimitNPROC:     systemd.LimitInfinity,
			LimitCORE:      systemd.LimitInfinity,
			TasksMax:       "infinity",
			Delegate:       &yes,
			KillMode:       systemd.KillProcess,
			OOMScoreAdjust: &oom,
		},
		Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
	}}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return u, nil
}

// Socket builds docker.socket as the seed guide writes it: Docker's API
// socket at /var/run/docker.sock, mode 0660, owned by root and the docker
// group.
func Socket(opts ...UnitOption) (*systemd.UnitFile, error) {
	s, err := settingsOf(opts)
	if err != nil {
		return nil, err
	}
	return s.socket()
}

func (s unitSettings) socket() (*systemd.UnitFile, error) {
	u := &systemd.UnitFile{Name: SocketName, Sections: systemd.Sections{
		Unit: &systemd.Unit{Description: "Docker Socket for the API"},
		Socket: &systemd.Socket{
			ListenStream: []string{DefaultSocketPath},
			SocketMode:   "0660",
			SocketUser:   "root",
			SocketGroup:  s.socketGroup,
		},
		Install: &systemd.Install{WantedBy: []string{"sockets.target"}},
	}}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return u, nil
}

// DockerdArgs returns the arguments of the unit's dockerd command line (the
// last ExecStart=, without the program), for DaemonConfig.Validate.
func DockerdArgs(u *systemd.UnitFile) []string {
	if u == nil || u.Service == nil || len(u.Service.ExecStart) == 0 {
		return nil
	}
	argv := u.Service.ExecStart[len(u.Service.ExecStart)-1].Argv
	if len(argv) < 2 {
		return nil
	}
	return argv[1:]
}

// ValidateService reports what is wrong with a docker.service, built or
// written by hand, beyond what systemd itself checks (UnitFile.Validate).
// Errors: After=cri-docker.service (an ordering cycle), -H fd:// without
// Requires=docker.socket, an ExecReload= kill without $MAINPID. Warnings:
// StartLimitInterval= or StartLimitBurst= in [Service], a Type other than
// notify. The package's "Units" section says why each matters.
func ValidateService(u *systemd.UnitFile) (warnings field.ErrorList, err error) {
	var errs field.ErrorList
	if u == nil {
		return nil, field.ErrorList{field.Required(field.NewUnitPath(ServiceName), "no unit")}.Err()
	}
	if e := u.Validate(); e != nil {
		errs = append(errs, field.AsList(e)...)
	}
	p := field.NewUnitPath(u.Name)
	if u.Unit != nil {
		for i, a := range u.Unit.After {
			if a == criDockerService {
				errs = append(errs, field.Conflict(p.Child("Unit").Child("After").Index(i), a,
					"cri-docker.service is ordered after docker.service; ordering docker.service after it is a cycle"))
			}
		}
	}
	if u.Service == nil {
		errs = append(errs, field.Required(p.Child("Service"), "docker.service needs a [Service] section"))
		return warnings, errs.Err()
	}
	sp := p.Child("Service")
	for _, o := range u.Service.Extra {
		switch o.Name {
		case "StartLimitInterval", "StartLimitIntervalSec", "StartLimitBurst":
			warnings = append(warnings, field.Deprecated(sp.Child(o.Name), o.Value,
				"belongs in [Unit] (StartLimitIntervalSec=, StartLimitBurst=); [Service] keeps it only for old systemd"))
		}
	}
	for i, c := range u.Service.ExecReload {
		// The guide writes its units with an unquoted heredoc, so the shell
		// turns "$MAINPID" into nothing and kill gets no process.
		if len(c.Argv) > 0 && path.Base(c.Argv[0]) == "kill" && !contains(c.Argv, "$MAINPID") && !contains(c.Argv, "${MAINPID}") {
			errs = append(errs, field.Invalid(sp.Child("ExecReload").Index(i), c.String(), "kill needs the process: $MAINPID"))
		}
	}
	if u.Service.Type != systemd.TypeNotify {
		warnings = append(warnings, field.Invalid(sp.Child("Type"), string(u.Service.Type), "dockerd reports readiness with sd_notify; use notify"))
	}
	if hasFdHost(DockerdArgs(u)) && (u.Unit == nil || !contains(u.Unit.Requires, SocketName)) {
		errs = append(errs, field.Required(p.Child("Unit").Child("Requires"), "dockerd -H fd:// needs Requires=docker.socket"))
	}
	return warnings, errs.Err()
}

// ValidateSocket reports what is wrong with a docker.socket beyond
// UnitFile.Validate: it needs a [Socket] section that listens somewhere.
// It has no warnings; it returns them as ValidateService does, so that
// both are inspect.UnitValidators.
func ValidateSocket(u *systemd.UnitFile) (warnings field.ErrorList, err error) {
	if u == nil {
		return nil, field.ErrorList{field.Required(field.NewUnitPath(SocketName), "no unit")}.Err()
	}
	var errs field.ErrorList
	if e := u.Validate(); e != nil {
		errs = append(errs, field.AsList(e)...)
	}
	p := field.NewUnitPath(u.Name).Child("Socket")
	switch {
	case u.Socket == nil:
		errs = append(errs, field.Required(p, "docker.socket needs a [Socket] section"))
	case len(u.Socket.ListenStream) == 0:
		errs = append(errs, field.Required(p.Child("ListenStream"), "the socket dockerd -H fd:// receives"))
	}
	return nil, errs.Err()
}

func hasFdHost(args []string) bool {
	for i, a := range args {
		if (a == "-H" || a == "--host") && i+1 < len(args) && strings.HasPrefix(args[i+1], "fd://") {
			return true
		}
		if strings.HasPrefix(a, "-Hfd://") || strings.HasPrefix(a, "--host=fd://") || strings.HasPrefix(a, "-H=fd://") {
			return true
		}
	}
	return false
}
