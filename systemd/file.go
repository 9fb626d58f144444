package systemd

import (
	"fmt"
	"path"

	"github.com/kubenode/kubenode/runtime"
)

// Unit directories on a node.
const (
	// SystemDir holds units and drop-ins written by the administrator (and by
	// kubenode); they override the vendor's.
	SystemDir = "/etc/systemd/system"
	// VendorDir holds units installed by packages.
	VendorDir = "/usr/lib/systemd/system"
)

// UnitSearchPath is where systemctl looks for a system unit's file, first
// match wins.
var UnitSearchPath = []string{SystemDir, "/run/systemd/system", "/usr/local/lib/systemd/system", VendorDir, "/lib/systemd/system"}

// LineMax is the longest rendered line, newline included, that Validate
// accepts. go-systemd's reader refuses longer lines, and older systemd
// versions cut them at that length.
const LineMax = 2048

// Option is one raw key=value line kept for a key this package does not
// model, or whose value does not fit the typed field (Delegate=cpu memory).
// Value is written verbatim: no quoting, no escaping.
type Option struct {
	Name, Value string
}

// Section is a raw section this package does not model, such as [Timer] or
// an application's [X-...] section, with its options in file order.
type Section struct {
	Name    string
	Options []Option
}

// Sections is the content of a unit file or drop-in. A nil section is
// absent. Render writes [Unit], [Service], [Socket], [Install], then Extra
// in order.
type Sections struct {
	// Unit is the [Unit] section: description, dependencies and ordering.
	Unit *Unit
	// Service is the [Service] section; only .service units may have one.
	Service *Service
	// Socket is the [Socket] section; only .socket units may have one.
	Socket *Socket
	// Install is the [Install] section read by systemctl enable.
	Install *Install
	// Extra holds the sections not modelled here, in order, one per name.
	Extra []Section
}

// UnitFile is a whole unit file.
type UnitFile struct {
	// Name is the file name, which is the unit name: "docker.service".
	Name string
	Sections
}

// DropIn is a drop-in file that extends or overrides a unit:
// <unit dir>/<Unit>.d/<Name>.
//
// Its Unit field, the unit's name, hides the embedded Sections.Unit; reach
// the drop-in's [Unit] section as d.Sections.Unit.
type DropIn struct {
	// Unit is the unit the drop-in extends: "kubelet.service".
	Unit string
	// Name is the drop-in's file name, ending in .conf: "10-kubeadm.conf".
	// Drop-ins are applied in the lexical order of their names.
	Name string
	Sections
}

// Path returns where the unit lives in dir, e.g. /etc/systemd/system/docker.service.
func (u *UnitFile) Path(dir string) string {
	return path.Join(dir, u.Name)
}

// Path returns where the drop-in lives in dir, e.g.
// /etc/systemd/system/kubelet.service.d/10-kubeadm.conf.
func (d *DropIn) Path(dir string) string {
	return path.Join(dir, d.Unit+".d", d.Name)
}

// file is the name errors are reported under: the unit, or unit.d/name.
func (d *DropIn) file() string {
	return d.Unit + ".d/" + d.Name
}

// PlanFile validates and renders the unit as a file of a plan, at
// <dir>/<Name> with mode 0644, owned by root. dir is the absolute unit
// directory, normally [SystemDir] or [VendorDir].
func (u *UnitFile) PlanFile(dir string) (runtime.File, error) {
	if err := checkUnitDir(dir); err != nil {
		return runtime.File{}, err
	}
	content, err := u.Render()
	if err != nil {
		return runtime.File{}, err
	}
	// Render accepted the name, so this is u.Path(dir).
	return runtime.File{Path: dir + separator(dir) + u.Name, Mode: 0o644, Content: content}, nil
}

// PlanFile validates and renders the drop-in as a file of a plan, at
// <dir>/<Unit>.d/<Name> with mode 0644, owned by root.
func (d *DropIn) PlanFile(dir string) (runtime.File, error) {
	if err := checkUnitDir(dir); err != nil {
		return runtime.File{}, err
	}
	content, err := d.Render()
	if err != nil {
		return runtime.File{}, err
	}
	// Render accepted the names, so this is d.Path(dir).
	return runtime.File{Path: dir + separator(dir) + d.Unit + ".d/" + d.Name, Mode: 0o644, Content: content}, nil
}

// checkUnitDir refuses a relative or unclean unit directory, because a
// plan's paths are absolute node paths and a ".." would move the file
// elsewhere.
func checkUnitDir(dir string) error {
	if !path.IsAbs(dir) || path.Clean(dir) != dir {
		return fmt.Errorf("systemd: unit directory %q is not an absolute, clean path", dir)
	}
	return nil
}

// separator is what joins the clean, absolute dir to a name below it: a
// slash, unless dir is "/". A name Validate accepted is one path element,
// neither "." nor "..", so dir+separator(dir)+name is what path.Join
// returns, built in one concatenation.
func separator(dir string) string {
	if dir == "/" {
		return ""
	}
	return "/"
}
