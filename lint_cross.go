package kubenode

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/systemd"
)

// serverFor returns the runtime serving a CRI endpoint, or nil.
func (l *linter) serverFor(endpoint string) *inspect.Server {
	if runtime.SocketPath(endpoint) == "" {
		return nil
	}
	for _, s := range l.servers {
		for _, e := range s.Endpoints {
			if runtime.SameSocket(e.Value, endpoint) {
				return s
			}
		}
	}
	return nil
}

// serving lists the node's CRI sockets for a message.
func (l *linter) serving() string {
	var parts []string
	for _, s := range l.servers {
		for _, e := range s.Endpoints {
			parts = append(parts, s.Name+" at "+e.Value)
		}
	}
	if len(parts) == 0 {
		return "the node has no container runtime"
	}
	return "the node has " + strings.Join(parts, ", ")
}

// unread reports whether Lint could not read a file or directory of the
// node (each is a finding of its own): whatever it holds is unknown, so
// Lint claims nothing that rests on something not being said, such as no
// runtime serving a socket or a cgroup driver left to its default.
func (l *linter) unread() bool {
	return len(l.node.Unreadable()) > 0
}

// unreadUnitDir reports whether Lint could not read something where
// systemd looks for units, so a unit it did not find may be there.
func (l *linter) unreadUnitDir() bool {
	for _, p := range l.node.Unreadable() {
		for _, dir := range systemd.UnitSearchPath {
			if p == dir || strings.HasPrefix(p, dir+"/") {
				return true
			}
		}
	}
	return false
}

// checkEndpoints finds the runtime behind the kubelet's endpoint and
// crictl's, and reports an endpoint nothing on the node serves, unless a
// file Lint could not read may be what serves it.
func (l *linter) checkEndpoints() {
	k := l.kubelet.Client
	if k != nil && !k.ConfigUnknown {
		for _, ep := range k.Endpoints {
			if runtime.SocketPath(ep.Value) == "" {
				continue
			}
			file, p := ep.At(k.File)
			s := l.serverFor(ep.Value)
			switch {
			case s == nil && l.unread():
			case s == nil:
				detail := "no container runtime on this node serves this socket; " + l.serving()
				if ep.File == "" {
					detail = "the kubelet's default endpoint, and " + detail
				}
				l.Add(SeverityError, file, field.Invalid(p, ep.Value, detail))
			case s.NoCRI != "":
				l.Add(SeverityError, file, field.Invalid(p, ep.Value, s.Name+" serves this socket but no CRI: "+s.NoCRI))
				l.Findings = append(l.Findings, s.Withheld...)
			default:
				l.kubeServer = s
			}
		}
	}
	// A runtime the kubelet does not use needs no CRI of its own (Docker's
	// containerd); its component's complaints about that stay unsaid.
	for _, s := range l.servers {
		if k == nil || l.kubeServer == s {
			l.Findings = append(l.Findings, s.Withheld...)
		}
	}
	c := l.crictl.Client
	if c == nil {
		return
	}
	for _, ep := range c.Endpoints {
		if runtime.SocketPath(ep.Value) == "" {
			continue
		}
		file, p := ep.At(c.File)
		s := l.serverFor(ep.Value)
		switch {
		case s == nil && l.unread():
		case s == nil:
			l.Add(SeverityError, file, field.Invalid(p, ep.Value, "no container runtime on this node serves this socket, so crictl fails; "+l.serving()))
		case s.NoCRI != "":
			l.Add(SeverityError, file, field.Invalid(p, ep.Value, s.Name+" serves this socket but no CRI, so crictl fails: "+s.NoCRI))
		case l.kubeServer != nil && s != l.kubeServer:
			l.Add(SeverityWarning, file, field.Conflict(p, ep.Value, "crictl talks to "+s.Name+" but the kubelet to "+l.kubeServer.Name+": crictl does not see the kubelet's pods"))
		}
	}
}

// checkCgroupDriver reports a kubelet whose cgroup driver differs from the
// runtime's it talks to; a driver left to its default is not compared
// while some file Lint could not read may set it.
func (l *linter) checkCgroupDriver() {
	k, s, kube := l.kubelet.Client, l.kubeServer, l.kubelet.Version
	if k == nil || k.ConfigUnknown || s == nil || s.CgroupDriver.Value == "" || s.CgroupDriver.Value == k.CgroupDriver.Value {
		return
	}
	if l.unread() && (k.CgroupDriver.File == "" || s.CgroupDriver.File == "") {
		return
	}
	file, p := k.CgroupDriver.At(k.File)
	value := k.CgroupDriver.Value
	if k.CgroupDriver.File == "" {
		value += " (the kubelet's default)"
	}
	runtimeSays := s.Name + " uses " + s.CgroupDriver.Value + " (" + s.CgroupDriver.Where() + ")"
	if s.ReportsDriver && !kube.Before(kubelet.CgroupDriverFromCRI) {
		l.Add(SeverityWarning, file, field.Conflict(p, value, runtimeSays+"; the "+kube.MinorOf().String()+
			" kubelet asks it over CRI (KubeletCgroupDriverFromCRI) and ignores its own setting, but set both alike so nothing reads the wrong one"))
		return
	}
	why := s.NotReports
	if kube.Before(kubelet.CgroupDriverFromCRI) {
		why = "the " + kube.MinorOf().String() + " kubelet does not ask the runtime (KubeletCgroupDriverFromCRI is on from 1.31)"
	}
	l.Add(SeverityError, file, field.Conflict(p, value, runtimeSays+" and "+why+": the kubelet and the runtime would manage pod cgroups two ways"))
}

// checkPauseImage reports a kubelet --pod-infra-container-image that
// differs from the pause image the runtime pins.
func (l *linter) checkPauseImage() {
	k, s := l.kubelet.Client, l.kubeServer
	if k == nil || s == nil || k.PauseImage.Value == "" || s.PauseImage.Value == "" {
		return
	}
	if sameImage(k.PauseImage.Value, s.PauseImage.Value) {
		return
	}
	file, p := k.PauseImage.At(k.File)
	l.Add(SeverityWarning, file, field.Conflict(p, k.PauseImage.Value,
		s.Name+" runs every pod's sandbox from "+s.PauseImage.Value+" ("+s.PauseImage.Where()+"), while the kubelet keeps this image from garbage collection instead"))
}

// sameImage compares two image references as a runtime resolves them
// (pause:3.9 is docker.io/library/pause:3.9).
func sameImage(a, b string) bool {
	na, errA := reference.ParseNormalizedNamed(a)
	nb, errB := reference.ParseNormalizedNamed(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return na.String() == nb.String()
}

// checkReleases judges the runtime's release for the kubelet's, as
// Node.Validate does, when both were given: an assumed release proves
// nothing about the node.
func (l *linter) checkReleases() {
	s, kube := l.kubeServer, l.kubelet.Version
	if l.kubelet.Client == nil || s == nil || !l.targets.kube.Given || !s.Given {
		return
	}
	check := map[string]func(*field.Path, runtime.Version, runtime.Version) (field.ErrorList, field.ErrorList){
		"containerd": containerd.CheckKubernetes,
		"CRI-O":      crio.CheckKubernetes,
	}[s.Name]
	if check != nil {
		warnings, errs := check(nil, kube, s.Version)
		l.AddList(s.Config, warnings, errs.Err())
	}
}

// checkSocketActivation reports a socket unit whose service does not take
// the socket from systemd, so both try to own one path. cri-dockerd's own
// check covers a service that requires its socket.
func (l *linter) checkSocketActivation() {
	dockerTakes := l.dockerd != nil && l.dockerd.TakesSocket
	for _, c := range []struct {
		service, socket string
		takes           func(*inspect.Unit) bool
		how             string
		covered         bool
	}{
		{docker.ServiceName, docker.SocketName, func(*inspect.Unit) bool { return dockerTakes }, "dockerd -H fd://", false},
		{cridockerd.ServiceName, cridockerd.SocketName, criDockerdTakesSocket, "cri-dockerd --container-runtime-endpoint=fd://", true},
	} {
		svc, sock := l.units[c.service], l.units[c.socket]
		if svc == nil || sock == nil || sock.Effective.Socket == nil || svc.Service() == nil || len(svc.Service().ExecStart) == 0 || c.takes(svc) {
			continue
		}
		if name := sock.Effective.Socket.Service; name != "" && name != c.service {
			continue
		}
		if un := svc.Effective.Unit; c.covered && un != nil && (containsString(un.Requires, c.socket) || containsString(un.BindsTo, c.socket)) {
			continue
		}
		file, p := svc.KeyAt("Service", "ExecStart")
		cmd := svc.Service().ExecStart[len(svc.Service().ExecStart)-1].String()
		l.Add(SeverityError, file, field.Invalid(p, cmd,
			c.socket+" listens on "+strings.Join(sock.Effective.Socket.ListenStream, " ")+" for "+c.service+", which ignores it: use "+c.how))
	}
}

func criDockerdTakesSocket(u *inspect.Unit) bool {
	f, err := cridockerd.ServiceFlags(u.Effective)
	return err != nil || f.ContainerRuntimeEndpoint == cridockerd.SocketActivated
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// wellKnownUnits are units a Requires= may name without Lint finding them
// on the node: systemd's own targets and the few units every Debian or
// RHEL-like system has.
var wellKnownUnits = map[string]bool{
	"basic.target": true, "default.target": true, "local-fs.target": true,
	"multi-user.target": true, "network.target": true, "network-online.target": true,
	"network-pre.target": true, "nss-lookup.target": true, "remote-fs.target": true,
	"shutdown.target": true, "sockets.target": true, "sysinit.target": true,
	"time-sync.target": true, "dbus.service": true, "dbus.socket": true,
	"systemd-journald.socket": true,
}

// checkRequiredUnits reports a Requires=, Requisite= or BindsTo= unit that
// is not on the node: systemd then does not start the unit that needs it.
// It is a warning, as a package may install the unit later (Docker's
// packages bring containerd.service), and not made while a place systemd
// looks for units could not be read.
func (l *linter) checkRequiredUnits() {
	if l.unreadUnitDir() {
		return
	}
	for _, name := range lintUnits {
		u := l.units[name]
		if u == nil || u.Effective.Unit == nil {
			continue
		}
		un := u.Effective.Unit
		for _, dep := range []struct {
			key  string
			list []string
		}{{"Requires", un.Requires}, {"Requisite", un.Requisite}, {"BindsTo", un.BindsTo}} {
			for i, other := range dep.list {
				if wellKnownUnits[other] || l.node.UnitExists(other) {
					continue
				}
				file, p := u.At("Unit", dep.key, i)
				l.Add(SeverityWarning, file, field.Invalid(p, other,
					"no such unit on this node (looked in "+strings.Join(systemd.UnitSearchPath, ", ")+"): systemd will not start "+name+" until it is installed"))
			}
		}
	}
}
