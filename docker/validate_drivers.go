package docker

import (
	"strings"
	"unicode"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The drivers a name in daemon.json may select, checked against what
// dockerd does at start (moby's daemon/graphdriver/register,
// daemon/logdrivers_linux.go and daemon/logger/factory.go of each release
// line, v20.10.0 to v28.5.2 and master): a log driver is a built-in one or
// an installed logging plugin, or dockerd refuses to start ("no log driver
// named ... is registered"); a storage driver is a built-in graph driver
// or, with the containerd image store, a snapshotter containerd serves, or
// dockerd refuses to start ("configured driver ... not available").
// kubenode cannot see which plugins a node will have, so a name it does
// not know is an error that says so; nothing kubenode writes installs a
// plugin.

// removedLogDrivers names the release that dropped a built-in log driver.
var removedLogDrivers = map[string]runtime.Version{"logentries": v25_0}

// badDriverName reports whether s cannot name any driver: no plugin or
// snapshotter name holds whitespace or a control character, and a NUL or
// a newline would not even survive the trip through dockerd's flags.
func badDriverName(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0
}

// checkLogDriverName refuses a log-driver that target does not have built
// in; driver is not empty.
func checkLogDriverName(p *field.Path, driver string, target runtime.Version) field.ErrorList {
	switch {
	case contains(logDriversOf(target), driver):
		return nil
	case badDriverName(driver):
		return field.ErrorList{field.Invalid(p, driver, "not a log driver name: it holds whitespace or a control character")}
	case !removedLogDrivers[driver].IsZero() && !target.Before(removedLogDrivers[driver]):
		return field.ErrorList{field.Removed(p, driver, "removed in dockerd "+removedLogDrivers[driver].String()+
			", which refuses to start with it unless a logging plugin of that name is installed")}
	}
	return field.ErrorList{{Type: field.ErrNotSupported, Path: p, BadValue: driver,
		Detail: "not a built-in log driver of dockerd " + target.String() + " (" + strings.Join(logDriversOf(target), ", ") +
			"); dockerd refuses to start unless a logging plugin of that name is installed"}}
}

// checkStorageDriverName refuses a storage-driver that is neither a graph
// driver of target nor, with the containerd image store, a snapshotter
// kubenode knows containerd to serve; driver is not empty.
func (c *DaemonConfig) checkStorageDriverName(p *field.Path, driver string, target runtime.Version) field.ErrorList {
	switch {
	case badDriverName(driver):
		return field.ErrorList{field.Invalid(p, driver, "not a storage driver name: it holds whitespace or a control character")}
	case !removedDrivers[driver].IsZero():
		return field.ErrorList{field.Removed(p, driver, "removed in dockerd "+removedDrivers[driver].String()+", which then refuses to start; use overlay2")}
	case c.usesContainerdStore(target):
		return field.ErrorList{{Type: field.ErrNotSupported, Path: p, BadValue: driver,
			Detail: "neither a graph driver (" + strings.Join(graphDriversOf(target), ", ") + ") nor a snapshotter containerd serves (" +
				strings.Join(snapshotters, ", ") + "); dockerd refuses to start with a snapshotter containerd lacks"}}
	}
	return field.ErrorList{field.NotSupported(p, driver, graphDriversOf(target))}
}
