package cridockerd

import (
	"path"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Unit names and defaults.
const (
	// ServiceName is the unit that runs cri-dockerd.
	ServiceName = "cri-docker.service"
	// SocketName is the unit that listens on the CRI socket and starts
	// cri-docker.service.
	SocketName = "cri-docker.socket"
	// DefaultBinary is where the release archives and packages put
	// cri-dockerd.
	DefaultBinary = "/usr/bin/cri-dockerd"
	// ListenStream is the socket cri-docker.socket listens on: %t is /run
	// for system units, so the kubelet's endpoint is
	// unix:///run/cri-dockerd.sock.
	ListenStream = "%t/cri-dockerd.sock"
	// Group may use the CRI socket; it is Docker's group.
	Group = "docker"
	// dockerService is the unit cri-dockerd talks to.
	dockerService = "docker.service"
)

// Service builds cri-docker.service as cri-dockerd's packaged unit and the
// seed guide write it (Type=notify, restarted always, no resource limits,
// Delegate=yes, KillMode=process, After=docker.service,
// Requires=cri-docker.socket), running binary with flags. Unlike both, it
// puts StartLimitIntervalSec and StartLimitBurst in [Unit].
func Service(binary string, flags Flags) (*systemd.UnitFile, error) {
	if binary == "" {
		binary = DefaultBinary
	}
	burst, yes := 3, true
	u := &systemd.UnitFile{Name: ServiceName, Sections: systemd.Sections{
		Unit: &systemd.Unit{
			Description:           "CRI Interface for Docker Application Container Engine",
			Documentation:         []string{"https://docs.mirantis.com"},
			After:                 []string{"network-online.target", "firewalld.service", dockerService},
			Wants:                 []string{"network-online.target"},
			Requires:              []string{SocketName},
			StartLimitIntervalSec: "60s",
			StartLimitBurst:       &burst,
		},
		Service: &systemd.Service{
			Type:        systemd.TypeNotify,
			ExecStart:   []systemd.Command{systemd.NewCommand(append([]string{binary}, flags.Args()...)...)},
			ExecReload:  []systemd.Command{systemd.NewCommand("/bin/kill", "-s", "HUP", "$MAINPID")},
			TimeoutSec:  "0",
			RestartSec:  "2",
			Restart:     systemd.RestartAlways,
			LimitNOFILE: systemd.LimitInfinity,
			LimitNPROC:  systemd.LimitInfinity,
			LimitCORE:   systemd.LimitInfinity,
			TasksMax:    "infinity",
			Delegate:    &yes,
			KillMode:    systemd.KillProcess,
		},
		Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
	}}
	if _, err := ValidateService(u); err != nil {
		return nil, err
	}
	return u, nil
}

// Socket builds cri-docker.socket: %t/cri-dockerd.sock, mode 0660, owned by
// root and the docker group, part of cri-docker.service.
func Socket() (*systemd.UnitFile, error) {
	u := &systemd.UnitFile{Name: SocketName, Sections: systemd.Sections{
		Unit: &systemd.Unit{Description: "CRI Docker Socket for the API", PartOf: []string{ServiceName}},
		Socket: &systemd.Socket{
			ListenStream: []string{ListenStream},
			SocketMode:   "0660",
			SocketUser:   "root",
			SocketGroup:  Group,
		},
		Install: &systemd.Install{WantedBy: []string{"sockets.target"}},
	}}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return u, nil
}

// ServiceFlags returns the flags of the unit's cri-dockerd command line (its
// last ExecStart=).
func ServiceFlags(u *systemd.UnitFile) (*Flags, error) {
	if u == nil || u.Service == nil || len(u.Service.ExecStart) == 0 {
		return &Flags{}, nil
	}
	argv := u.Service.ExecStart[len(u.Service.ExecStart)-1].Argv
	if len(argv) == 0 {
		return &Flags{}, nil
	}
	return Parse(argv[1:])
}

// ValidateService reports what is wrong with a cri-docker.service beyond
// UnitFile.Validate:
//
//   - a service that requires (or binds to) cri-docker.socket but whose
//     --container-runtime-endpoint is not fd:// is an error: cri-dockerd
//     ignores the socket systemd holds and binds the same path itself;
//   - Before=docker.service is an error (cri-dockerd needs dockerd; with the
//     usual After=docker.service it is a cycle), and a missing
//     After=docker.service a warning;
//   - an ExecReload= kill without $MAINPID is an error;
//   - StartLimitInterval= or StartLimitBurst= in [Service] is a warning:
//     they belong in [Unit].
func ValidateService(u *systemd.UnitFile) (warnings field.ErrorList, err error) {
	p := field.NewUnitPath(ServiceName)
	if u == nil {
		return nil, field.ErrorList{field.Required(p, "no unit")}.Err()
	}
	p = field.NewUnitPath(u.Name)
	var errs field.ErrorList
	if e := u.Validate(); e != nil {
		errs = append(errs, field.AsList(e)...)
	}
	if u.Service == nil {
		return nil, append(errs, field.Required(p.Child("Service"), "cri-docker.service needs a [Service] section")).Err()
	}
	flags, ferr := ServiceFlags(u)
	if ferr != nil {
		// The unit's path, not the flag's: the problem is in this file.
		for _, e := range field.ErrorsAt(nil, ferr) {
			errs = append(errs, &field.Error{Type: e.Type, Path: p.Child("Service").Child("ExecStart"), BadValue: e.BadValue,
				Detail: "cri-dockerd refuses the command line: " + e.Path.String() + ": " + e.Detail})
		}
		flags = nil
	}
	activated := false
	if u.Unit != nil {
		activated = contains(u.Unit.Requires, SocketName) || contains(u.Unit.BindsTo, SocketName)
		for i, b := range u.Unit.Before {
			if b == dockerService {
				errs = append(errs, field.Conflict(p.Child("Unit").Child("Before").Index(i), b, "cri-dockerd needs dockerd running; it must start after docker.service"))
			}
		}
		if !contains(u.Unit.After, dockerService) {
			warnings = append(warnings, field.Required(p.Child("Unit").Child("After"), "After=docker.service, so cri-dockerd starts once dockerd is up"))
		}
	}
	// A command line that does not parse says nothing of its endpoint.
	if activated && flags != nil && flags.ContainerRuntimeEndpoint != SocketActivated {
		ep := flags.ContainerRuntimeEndpoint
		if ep == "" {
			ep = DefaultEndpoint + " (the default)"
		}
		errs = append(errs, field.Invalid(p.Child("Service").Child("ExecStart"), ep,
			"the service requires cri-docker.socket, so cri-dockerd must take the socket from systemd: --container-runtime-endpoint=fd://"))
	}
	for i, c := range u.Service.ExecReload {
		// An unquoted heredoc, as in the seed guide, expands "$MAINPID" to
		// nothing.
		if len(c.Argv) > 0 && path.Base(c.Argv[0]) == "kill" && !contains(c.Argv, "$MAINPID") && !contains(c.Argv, "${MAINPID}") {
			errs = append(errs, field.Invalid(p.Child("Service").Child("ExecReload").Index(i), c.String(), "kill needs the process: $MAINPID"))
		}
	}
	for _, o := range u.Service.Extra {
		switch o.Name {
		case "StartLimitInterval", "StartLimitIntervalSec", "StartLimitBurst":
			warnings = append(warnings, field.Deprecated(p.Child("Service").Child(o.Name), o.Value,
				"belongs in [Unit] (StartLimitIntervalSec=, StartLimitBurst=)"))
		}
	}
	return warnings, errs.Err()
}
