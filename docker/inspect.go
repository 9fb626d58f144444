package docker

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Daemon is dockerd as a node runs it: docker.service's command line and
// the daemon.json that command line names.
type Daemon struct {
	// Service is docker.service as systemd loads it, or nil.
	Service *inspect.Unit
	// Args are dockerd's arguments, its environment substituted (the
	// packaged units pass $DOCKER_OPTS from an environment file).
	Args []string
	// ConfigFile is the daemon.json dockerd reads: --config-file, else
	// DaemonPath.
	ConfigFile string
	// Config is ConfigFile parsed, or nil when ConfigErr says why not.
	Config *DaemonConfig
	// ConfigErr is what reading or parsing ConfigFile failed with:
	// fs.ErrNotExist when there is none.
	ConfigErr error
	// CgroupDriver is native.cgroupdriver from daemon.json's exec-opts, else
	// from an --exec-opt flag; Value "" leaves it to dockerd (cgroupfs on a
	// cgroup v1 host).
	CgroupDriver inspect.Located
	// TakesSocket is whether dockerd takes docker.socket's listener from
	// systemd (-H fd://).
	TakesSocket bool
}

// Load reads dockerd as the node's docker.service starts it: its
// arguments, the daemon.json they name and the cgroup driver the two set
// together. It returns nil for a node with neither docker.service nor
// daemon.json.
func Load(node *inspect.Node) *Daemon {
	d := &Daemon{Service: node.Unit(ServiceName), ConfigFile: DaemonPath}
	if d.Service != nil {
		for i, w := range node.CommandLine(d.Service) {
			if i > 0 {
				d.Args = append(d.Args, w.Text)
			}
		}
	}
	if f := inspect.FlagValue(d.Args, "--config-file"); f != "" {
		d.ConfigFile = f
	}
	data, err := node.Read(d.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) && d.Service == nil {
		return nil
	}
	if err == nil {
		d.Config, err = Parse(data)
	}
	d.ConfigErr = err
	d.TakesSocket = hasFdHost(d.Args)
	if d.Config != nil {
		for i, o := range d.Config.ExecOpts {
			if v, ok := cgroupDriverOpt(o); ok {
				d.CgroupDriver = inspect.Located{Value: v, File: d.ConfigFile, Path: field.NewPath("exec-opts").Index(i)}
			}
		}
	}
	if d.CgroupDriver.Value == "" && d.Service != nil {
		for _, o := range inspect.FlagValues(d.Args, "--exec-opt") {
			if v, ok := cgroupDriverOpt(o); ok {
				d.CgroupDriver = inspect.Located{Value: v, File: d.Service.ExecFile(), Path: field.NewFlagPath("dockerd").Child("--exec-opt")}
			}
		}
	}
	return d
}

// cgroupDriverOpt returns the value of a native.cgroupdriver exec-opt.
func cgroupDriverOpt(o string) (string, bool) {
	k, v, _ := strings.Cut(o, "=")
	return strings.TrimSpace(v), strings.EqualFold(strings.TrimSpace(k), "native.cgroupdriver")
}

// Inspect lints Docker Engine's files on a node for release t (DefaultVersion,
// said so, when none is given): docker.service and docker.socket as
// ValidateService and ValidateSocket judge them, and the daemon.json that
// docker.service names as DaemonConfig.Validate judges it with the unit's
// dockerd flags. Docker serves no CRI (cri-dockerd does), so the Report has
// no Server; Load tells what the checks between components need of dockerd.
func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report {
	r := &inspect.Report{}
	if u := node.Unit(ServiceName); u != nil {
		u.Validate(r, ValidateService)
	}
	if u := node.Unit(SocketName); u != nil {
		u.Validate(r, ValidateSocket)
	}
	d := Load(node)
	if d == nil {
		return r
	}
	file := d.ConfigFile
	switch {
	case errors.Is(d.ConfigErr, fs.ErrNotExist):
		file = d.Service.File
	case d.ConfigErr != nil && field.AsList(d.ConfigErr) == nil:
		r.AddReadErr(file, d.ConfigErr)
		return r
	}
	r.Version = t.Version
	if t.Version.IsZero() {
		r.Assume(file, nil, "Docker Engine", DefaultVersion, "the newest kubenode knows")
	}
	if d.Config != nil {
		warnings, err := d.Config.Validate(r.Version, d.Args)
		r.AddList(file, warnings, err)
	} else if !errors.Is(d.ConfigErr, fs.ErrNotExist) {
		r.AddErr(file, d.ConfigErr)
	}
	return r
}
