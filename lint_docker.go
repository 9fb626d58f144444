package kubenode

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// dockerView is what Lint read of Docker Engine.
type dockerView struct {
	// args are dockerd's arguments, its environment substituted.
	args   []string
	config *docker.DaemonConfig
	file   string
	driver located
}

// lintDocker checks daemon.json against the release and the flags of
// docker.service, for a node that has either.
func (l *linter) lintDocker() {
	svc := l.units[docker.ServiceName]
	var args []string
	if svc != nil {
		// The packaged units pass $DOCKER_OPTS from an environment file.
		for i, w := range l.commandLine(svc) {
			if i > 0 {
				args = append(args, w.text)
			}
		}
	}
	file := docker.DaemonPath
	if f := flagValue(args, "--config-file"); f != "" {
		file = f
	}
	data, err := l.node.read(file)
	if errors.Is(err, fs.ErrNotExist) && svc == nil {
		return
	}
	view := &dockerView{file: file, args: args}
	l.dockerd = view
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.dockerTarget(svc.file)
	case err != nil:
		l.add(SeverityError, file, field.Invalid(nil, nil, "cannot read: "+err.Error()))
	default:
		target := l.dockerTarget(file)
		cfg, err := docker.ParseDaemonConfig(data)
		if err != nil {
			l.addErr(file, err)
			break
		}
		view.config = cfg
		warnings, err := cfg.Validate(target, args)
		l.addList(file, warnings, err)
		for i, o := range cfg.ExecOpts {
			if k, v, _ := strings.Cut(o, "="); strings.EqualFold(strings.TrimSpace(k), "native.cgroupdriver") {
				view.driver = located{value: strings.TrimSpace(v), file: file, path: field.NewPath("exec-opts").Index(i)}
			}
		}
	}
	if view.driver.value == "" && svc != nil {
		for _, o := range flagValues(args, "--exec-opt") {
			if k, v, _ := strings.Cut(o, "="); strings.EqualFold(strings.TrimSpace(k), "native.cgroupdriver") {
				view.driver = located{value: strings.TrimSpace(v), file: svc.execFile(), path: field.NewFlagPath("dockerd").Child("--exec-opt")}
			}
		}
	}
}

// lintCRIDockerd checks cri-dockerd's flags for the release, and records
// where it serves CRI.
func (l *linter) lintCRIDockerd() {
	svc := l.units[cridockerd.ServiceName]
	sock := l.units[cridockerd.SocketName]
	if svc == nil {
		return
	}
	target := l.criDockerdTarget(svc.file)
	s := &criServer{
		name: "cri-dockerd", unit: cridockerd.ServiceName, config: svc.file,
		version: target, given: l.targets.given["criDockerd"],
		reports:    !target.Before(runtime.NewVersion(0, 3, 17)),
		notReports: "cri-dockerd " + target.String() + " does not report its cgroup driver over CRI (0.3.17 and later do)",
	}
	l.servers = append(l.servers, s)
	if l.dockerd != nil {
		// cri-dockerd runs pods with dockerd's cgroup driver.
		s.driver = l.dockerd.driver
	}
	if sock != nil && sock.unit.Socket != nil {
		for i, ls := range sock.unit.Socket.ListenStream {
			// %t is /run for system units; only paths are unix sockets.
			if strings.HasPrefix(ls, "/") || strings.HasPrefix(ls, "%t/") {
				f, p := sock.at("Socket", "ListenStream", i)
				s.endpoints = append(s.endpoints, located{value: "unix://" + strings.Replace(ls, "%t", "/run", 1), file: f, path: p})
			}
		}
	}
	execFile := svc.execFile()
	flags, err := cridockerd.ServiceFlags(svc.unit)
	if err != nil {
		// ValidateService reported the command line.
		return
	}
	warnings, err := flags.Validate(target)
	l.addList(execFile, warnings, err)
	switch ep := flags.ContainerRuntimeEndpoint; {
	case ep == cridockerd.SocketActivated:
	case ep == "":
		s.endpoints = append(s.endpoints, located{value: cridockerd.DefaultEndpoint})
	default:
		s.endpoints = append(s.endpoints, located{value: ep, file: execFile, path: field.NewFlagPath("cri-dockerd").Child("--container-runtime-endpoint")})
	}
	if flags.PodInfraContainerImage != "" {
		s.pause = located{value: flags.PodInfraContainerImage, file: execFile, path: field.NewFlagPath("cri-dockerd").Child("--pod-infra-container-image")}
	}
}
