package kubenode

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// serverFor returns the runtime serving a CRI endpoint, or nil.
func (l *linter) serverFor(endpoint string) *criServer {
	if runtime.SocketPath(endpoint) == "" {
		return nil
	}
	for _, s := range l.servers {
		for _, e := range s.endpoints {
			if runtime.SameSocket(e.value, endpoint) {
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
		for _, e := range s.endpoints {
			parts = append(parts, s.name+" at "+e.value)
		}
	}
	if len(parts) == 0 {
		return "the node has no container runtime"
	}
	return "the node has " + strings.Join(parts, ", ")
}

// checkEndpoints finds the runtime behind the kubelet's endpoint and
// crictl's, and reports an endpoint nothing on the node serves.
func (l *linter) checkEndpoints() {
	k := l.kubelet
	if k != nil && !k.configUnknown && runtime.SocketPath(k.endpoint.value) != "" {
		file, p := k.endpoint.at(k.configFileOr())
		s := l.serverFor(k.endpoint.value)
		switch {
		case s == nil:
			detail := "no container runtime on this node serves this socket; " + l.serving()
			if k.endpoint.file == "" {
				detail = "the kubelet's default endpoint, and " + detail
			}
			l.add(SeverityError, file, field.Invalid(p, k.endpoint.value, detail))
		case s.noCRI != "":
			l.add(SeverityError, file, field.Invalid(p, k.endpoint.value, s.name+" serves this socket but no CRI: "+s.noCRI))
			l.findings = append(l.findings, s.withheld...)
		default:
			k.server = s
		}
	}
	// A runtime the kubelet does not use needs no CRI of its own (Docker's
	// containerd); its component's complaints about that stay unsaid.
	for _, s := range l.servers {
		if k == nil || k.server == s {
			l.findings = append(l.findings, s.withheld...)
		}
	}
	c := l.crictl
	if c == nil {
		return
	}
	for _, ep := range []struct {
		key, value string
	}{{"runtime-endpoint", c.runtimeEndpoint}, {"image-endpoint", c.imageEnd}} {
		if runtime.SocketPath(ep.value) == "" {
			continue
		}
		p := field.NewPath(ep.key)
		s := l.serverFor(ep.value)
		switch {
		case s == nil:
			l.add(SeverityError, c.file, field.Invalid(p, ep.value, "no container runtime on this node serves this socket, so crictl fails; "+l.serving()))
		case s.noCRI != "":
			l.add(SeverityError, c.file, field.Invalid(p, ep.value, s.name+" serves this socket but no CRI, so crictl fails: "+s.noCRI))
		case k != nil && k.server != nil && s != k.server:
			l.add(SeverityWarning, c.file, field.Conflict(p, ep.value, "crictl talks to "+s.name+" but the kubelet to "+k.server.name+": crictl does not see the kubelet's pods"))
		}
	}
}

// fromCRI is the first Kubernetes release whose kubelet takes the cgroup
// driver from the runtime (KubeletCgroupDriverFromCRI, beta and on in
// 1.31, GA in 1.34).
var fromCRI = runtime.NewVersion(1, 31)

// checkCgroupDriver reports a kubelet whose cgroup driver differs from the
// runtime's it talks to.
func (l *linter) checkCgroupDriver() {
	k := l.kubelet
	if k == nil || k.configUnknown || k.server == nil || k.server.driver.value == "" || k.server.driver.value == k.driver.value {
		return
	}
	s := k.server
	file, p := k.driver.at(k.configFileOr())
	value := k.driver.value
	if k.driver.file == "" {
		value += " (the kubelet's default)"
	}
	runtimeSays := s.name + " uses " + s.driver.value + " (" + s.driver.where() + ")"
	if s.reports && !k.version.Before(fromCRI) {
		l.add(SeverityWarning, file, field.Conflict(p, value, runtimeSays+"; the "+k.version.MinorOf().String()+
			" kubelet asks it over CRI (KubeletCgroupDriverFromCRI) and ignores its own setting, but set both alike so nothing reads the wrong one"))
		return
	}
	why := s.notReports
	if k.version.Before(fromCRI) {
		why = "the " + k.version.MinorOf().String() + " kubelet does not ask the runtime (KubeletCgroupDriverFromCRI is on from 1.31)"
	}
	l.add(SeverityError, file, field.Conflict(p, value, runtimeSays+" and "+why+": the kubelet and the runtime would manage pod cgroups two ways"))
}

// configFileOr is where a defaulted kubelet setting belongs: the config
// file, else the unit's command line.
func (k *kubeletView) configFileOr() string {
	if k.configFile != "" {
		return k.configFile
	}
	return k.unit.execFile()
}

// checkPauseImage reports a kubelet --pod-infra-container-image that
// differs from the pause image the runtime pins.
func (l *linter) checkPauseImage() {
	k := l.kubelet
	if k == nil || k.server == nil || k.pause.value == "" || k.server.pause.value == "" {
		return
	}
	if sameImage(k.pause.value, k.server.pause.value) {
		return
	}
	file, p := k.pause.at(k.unit.execFile())
	l.add(SeverityWarning, file, field.Conflict(p, k.pause.value,
		k.server.name+" runs every pod's sandbox from "+k.server.pause.value+" ("+k.server.pause.where()+"), while the kubelet keeps this image from garbage collection instead"))
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
	k := l.kubelet
	if k == nil || k.server == nil || !l.targets.given["kubernetes"] || !k.server.given {
		return
	}
	file := k.server.config
	switch k.server.name {
	case "containerd":
		warnings, errs := checkContainerd(nil, k.version, k.server.version)
		l.addList(file, warnings, errs.Err())
	case "CRI-O":
		for _, w := range checkCRIO(nil, k.version, k.server.version) {
			l.add(SeverityWarning, file, w)
		}
	}
}

// checkSocketActivation reports a socket unit whose service does not take
// the socket from systemd, so both try to own one path. cri-dockerd's own
// check covers a service that requires its socket.
func (l *linter) checkSocketActivation() {
	dockerTakes := l.dockerd != nil && hostsFD(l.dockerd.args)
	for _, c := range []struct {
		service, socket string
		takes           func(*nodeUnit) bool
		how             string
		covered         bool
	}{
		{docker.ServiceName, docker.SocketName, func(*nodeUnit) bool { return dockerTakes }, "dockerd -H fd://", false},
		{cridockerd.ServiceName, cridockerd.SocketName, criDockerdTakesSocket, "cri-dockerd --container-runtime-endpoint=fd://", true},
	} {
		svc, sock := l.units[c.service], l.units[c.socket]
		if svc == nil || sock == nil || sock.unit.Socket == nil || svc.service() == nil || len(svc.service().ExecStart) == 0 || c.takes(svc) {
			continue
		}
		if name := sock.unit.Socket.Service; name != "" && name != c.service {
			continue
		}
		if c.covered && svc.unit.Unit != nil && (containsString(svc.unit.Unit.Requires, c.socket) || containsString(svc.unit.Unit.BindsTo, c.socket)) {
			continue
		}
		file, p := svc.keyAt("Service", "ExecStart")
		cmd := svc.service().ExecStart[len(svc.service().ExecStart)-1].String()
		l.add(SeverityError, file, field.Invalid(p, cmd,
			c.socket+" listens on "+strings.Join(sock.unit.Socket.ListenStream, " ")+" for "+c.service+", which ignores it: use "+c.how))
	}
}

// hostsFD reports whether dockerd's arguments take the socket systemd
// passes (-H fd://).
func hostsFD(args []string) bool {
	for _, v := range append(flagValues(args, "-H"), flagValues(args, "--host")...) {
		if strings.HasPrefix(v, "fd://") {
			return true
		}
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-Hfd://") {
			return true
		}
	}
	return false
}

func criDockerdTakesSocket(u *nodeUnit) bool {
	f, err := cridockerd.ServiceFlags(u.unit)
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
// packages bring containerd.service).
func (l *linter) checkRequiredUnits() {
	for _, name := range lintUnits {
		u := l.units[name]
		if u == nil || u.unit.Unit == nil {
			continue
		}
		for _, dep := range []struct {
			key  string
			list []string
		}{{"Requires", u.unit.Unit.Requires}, {"Requisite", u.unit.Unit.Requisite}, {"BindsTo", u.unit.Unit.BindsTo}} {
			for i, other := range dep.list {
				if wellKnownUnits[other] || l.unitExists(other) {
					continue
				}
				file, p := u.at("Unit", dep.key, i)
				l.add(SeverityWarning, file, field.Invalid(p, other,
					"no such unit on this node (looked in "+strings.Join(systemd.UnitSearchPath, ", ")+"): systemd will not start "+name+" until it is installed"))
			}
		}
	}
}
