package containerd

import (
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
	if binaryPath == "" {
		binaryPath = DefaultBinaryPath
	}
	yes := true
	oomScoreAdjust := -999
	return &systemd.UnitFile{
		Name: UnitName,
		Sections: systemd.Sections{
			Unit: &systemd.Unit{
				Description:   "containerd container runtime",
				Documentation: []string{"https://containerd.io"},
				After:         []string{"network.target", "dbus.service"},
			},
			Service: &systemd.Service{
				// Loading overlay is best effort: it may be built in.
				ExecStartPre: []systemd.Command{{Argv: []string{"/sbin/modprobe", "overlay"}, IgnoreFailure: true}},
				ExecStart:    []systemd.Command{systemd.NewCommand(binaryPath)},
				Type:         systemd.TypeNotify,
				// The containers' cgroups live under containerd's.
				Delegate: &yes,
				// Stopping containerd must not kill the containers.
				KillMode:   systemd.KillProcess,
				Restart:    systemd.RestartAlways,
				RestartSec: "5",
				// Non-zero limits cost kernel accounting; cgroups limit the
				// containers instead.
				LimitNPROC:     systemd.LimitInfinity,
				LimitCORE:      systemd.LimitInfinity,
				TasksMax:       "infinity",
				OOMScoreAdjust: &oomScoreAdjust,
			},
			Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
		},
	}
}
