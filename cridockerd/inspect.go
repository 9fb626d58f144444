package cridockerd

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// reportsCgroupDriver is the first cri-dockerd release that tells the
// kubelet its cgroup driver over CRI (the RuntimeConfig call).
var reportsCgroupDriver = runtime.NewVersion(0, 3, 17)

// Inspect lints cri-dockerd's units on a node for release t (DefaultVersion,
// said so, when none is given): cri-docker.service as ValidateService judges
// it and its flags as Flags.Validate does, cri-docker.socket as systemd
// does. Its Server is where cri-dockerd serves CRI, its pause image and
// whether it reports its cgroup driver; the driver itself is dockerd's
// (docker.Load), which a caller that read both sets.
func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report {
	r := &inspect.Report{}
	svc, sock := node.Unit(ServiceName), node.Unit(SocketName)
	if sock != nil {
		sock.Validate(r, nil)
	}
	if svc == nil {
		return r
	}
	svc.Validate(r, ValidateService)
	r.Version = t.Version
	if t.Version.IsZero() {
		r.Assume(svc.File, nil, "cri-dockerd", DefaultVersion, "kubenode's default")
	}
	s := &inspect.Server{
		Name: "cri-dockerd", Unit: ServiceName, Config: svc.File,
		Version: r.Version, Given: t.Given,
		ReportsDriver: !r.Version.Before(reportsCgroupDriver),
		NotReports:    "cri-dockerd " + r.Version.String() + " does not report its cgroup driver over CRI (" + reportsCgroupDriver.String() + " and later do)",
	}
	r.Server = s
	if sock != nil && sock.Effective.Socket != nil {
		for i, ls := range sock.Effective.Socket.ListenStream {
			// %t is /run for system units; only paths are unix sockets.
			if strings.HasPrefix(ls, "/") || strings.HasPrefix(ls, "%t/") {
				f, p := sock.At("Socket", "ListenStream", i)
				s.Endpoints = append(s.Endpoints, inspect.Located{Value: "unix://" + strings.Replace(ls, "%t", "/run", 1), File: f, Path: p})
			}
		}
	}
	flags, err := ServiceFlags(svc.Effective)
	if err != nil {
		// ValidateService reported the command line.
		return r
	}
	execFile := svc.ExecFile()
	warnings, err := flags.Validate(r.Version)
	r.AddList(execFile, warnings, err)
	switch ep := flags.ContainerRuntimeEndpoint; {
	case ep == SocketActivated:
	case ep == "":
		s.Endpoints = append(s.Endpoints, inspect.Located{Value: DefaultEndpoint})
	default:
		s.Endpoints = append(s.Endpoints, inspect.Located{Value: ep, File: execFile, Path: flagPath("container-runtime-endpoint")})
	}
	if flags.PodInfraContainerImage != "" {
		s.PauseImage = inspect.Located{Value: flags.PodInfraContainerImage, File: execFile, Path: flagPath("pod-infra-container-image")}
	}
	return r
}
