package kubenode

import (
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// lintUnits are the units Lint reads, as systemd would load them.
var lintUnits = []string{
	containerd.UnitName,
	docker.SocketName, docker.ServiceName,
	cridockerd.SocketName, cridockerd.ServiceName,
	crio.UnitName,
	kubelet.UnitName,
}

// readUnits loads every unit Lint checks, as systemd would, for the checks
// between components; each component's Inspect validates its own.
func (l *linter) readUnits() {
	l.units = map[string]*inspect.Unit{}
	for _, name := range lintUnits {
		if u := l.node.Unit(name); u != nil {
			l.units[name] = u
		}
	}
}

// unitFile is the node path of a unit's file, or "" for none.
func unitFile(u *inspect.Unit) string {
	if u == nil {
		return ""
	}
	return u.File
}
