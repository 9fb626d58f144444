package containerd

import (
	"github.com/kubenode/kubenode/internal/scratch"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// UnitName is the systemd unit that runs containerd.
const UnitName = "containerd.service"

// DefaultBinaryPath is where containerd's release tarball installs the
// daemon, and the path its unit starts. Distribution packages use
// /usr/bin/containerd.
const DefaultBinaryPath = "/usr/local/bin/containerd"

// Service returns containerd.service as containerd upstream ships it
// (containerd 2.x's containerd.service), starting the daemon at binaryPath
// (DefaultBinaryPath when empty). containerd reads /etc/containerd/config.toml
// by default, so the unit passes no flags. Call Validate or Render on the
// result: the path is checked there.
func Service(binaryPath string) *systemd.UnitFile {
	return new(serviceParts).build(binaryPath)
}

// planService renders Service(binaryPath) as a plan file in dir, built in
// parts from the pool: every NewInstaller builds the unit, and its parts
// are dead once the file is written.
func planService(binaryPath, dir string) (runtime.File, error) {
	return scratch.Use(&servicePool, func(p *serviceParts) (runtime.File, error) { return p.build(binaryPath).PlanFile(dir) })
}

// servicePool holds the parts planService builds the unit in.
var servicePool scratch.Pool[serviceParts]

// build fills p, which holds the zero serviceParts, with Service's unit
// and returns it.
func (p *serviceParts) build(binaryPath string) *systemd.UnitFile {
	if binaryPath == "" {
		binaryPath = DefaultBinaryPath
	}
	// The unit's sections, lists and pointers share one value. Each list
	// is cut to its length, so that a caller's append to one copies it
	// rather than writing into the next.
	p.strings = [...]string{"https://containerd.io", "network.target", "dbus.service", "multi-user.target",
		"/sbin/modprobe", "overlay", binaryPath}
	p.delegate, p.oomScoreAdjust = true, -999
	s := p.strings[:]
	p.commands = [...]systemd.Command{
		// Loading overlay is best effort: it may be built in.
		{Argv: s[4:6:6], IgnoreFailure: true},
		{Argv: s[6:7:7]},
	}
	p.unit = systemd.Unit{
		Description:   "containerd container runtime",
		Documentation: s[0:1:1],
		After:         s[1:3:3],
	}
	p.service = systemd.Service{
		ExecStartPre: p.commands[0:1:1],
		ExecStart:    p.commands[1:2:2],
		Type:         systemd.TypeNotify,
		// The containers' cgroups live under containerd's.
		Delegate: &p.delegate,
		// Stopping containerd must not kill the containers.
		KillMode:   systemd.KillProcess,
		Restart:    systemd.RestartAlways,
		RestartSec: "5",
		// Non-zero limits cost kernel accounting; cgroups limit the
		// containers instead.
		LimitNPROC:     systemd.LimitInfinity,
		LimitCORE:      systemd.LimitInfinity,
		TasksMax:       "infinity",
		OOMScoreAdjust: &p.oomScoreAdjust,
	}
	p.install = systemd.Install{WantedBy: s[3:4:4]}
	p.file = systemd.UnitFile{
		Name:     UnitName,
		Sections: systemd.Sections{Unit: &p.unit, Service: &p.service, Install: &p.install},
	}
	return &p.file
}

// serviceParts is everything the UnitFile of Service points to.
type serviceParts struct {
	file           systemd.UnitFile
	unit           systemd.Unit
	service        systemd.Service
	install        systemd.Install
	commands       [2]systemd.Command
	strings        [7]string
	delegate       bool
	oomScoreAdjust int
}
