package inspect

import (
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Unit is one unit as systemd loads it: its file with its drop-ins
// applied. Its methods map a path into the effective unit back to the file
// that wrote the value.
type Unit struct {
	// Name is the unit's name: "kubelet.service".
	Name string
	// File is the node path of the unit file.
	File string
	// DropIns are the node paths of its drop-ins, in the order systemd
	// applies them.
	DropIns []string
	// Effective is the file's sections with every drop-in applied, lists
	// grown and reset as systemd does.
	Effective *systemd.UnitFile

	// origins says, for each "Section.Key" (and each "Section"), where
	// every element of the effective value was written.
	origins map[string][]origin
	// ignored are the empty dependency lines (After=, ...) of its files,
	// which systemd reads as nothing.
	ignored []ignoredLine
	// env is the service's environment, read once (Node.CommandLine).
	env map[string]envVar
}

// Service returns the unit's effective [Service] section, or nil (also for
// a nil Unit).
func (u *Unit) Service() *systemd.Service {
	if u == nil || u.Effective == nil {
		return nil
	}
	return u.Effective.Service
}

// Unit returns the unit name as systemd loads it: the first unit file
// along systemd.UnitSearchPath with every drop-in applied in systemd's
// order. A unit that is not on the node, is masked or does not parse gives
// nil; the last, a drop-in that does not parse and an empty dependency
// line (which systemd ignores) are the Node's Findings. Each unit is loaded
// once: later calls return the same value.
func (n *Node) Unit(name string) *Unit {
	if u, ok := n.units[name]; ok {
		return u
	}
	u := n.loadUnit(name)
	n.units[name] = u
	if u != nil {
		for _, ig := range u.ignored {
			p := field.NewUnitPath(u.relName(ig.file)).Child("Unit").Child(ig.key).Index(ig.index)
			n.findings.Add(SeverityWarning, ig.file, field.Invalid(p, "",
				"systemd ignores an empty "+ig.key+"= line: a dependency cannot be reset, only added; to drop one, replace the whole unit"))
		}
	}
	return u
}

// UnitExists reports whether a unit is on the node, masked or not: its
// file, or for an instance (getty@tty1.service) its template's.
func (n *Node) UnitExists(name string) bool {
	if _, _, ok := n.findUnit(name); ok {
		return true
	}
	if at := strings.Index(name, "@"); at > 0 {
		dot := strings.LastIndex(name, ".")
		if dot > at {
			_, _, ok := n.findUnit(name[:at+1] + name[dot:])
			return ok
		}
	}
	return false
}

// findUnit returns the unit file systemd loads for name: the first along
// its search path. masked reports a unit linked to /dev/null.
func (n *Node) findUnit(name string) (file string, masked, ok bool) {
	for _, dir := range systemd.UnitSearchPath {
		p := path.Join(dir, name)
		if _, _, err := n.stat(p); err == nil || errors.Is(err, ErrMasked) {
			return p, err != nil, true
		}
	}
	return "", false, false
}

// dropInsOf returns the drop-ins of a unit in the order systemd applies
// them: every <dir>/<name>.d/*.conf along the search path, a name in an
// earlier directory hiding the same name in a later one, sorted by name.
func (n *Node) dropInsOf(name string) []string {
	byName := map[string]string{}
	for _, dir := range systemd.UnitSearchPath {
		for _, p := range n.List(path.Join(dir, name+".d"), "*.conf") {
			if _, seen := byName[path.Base(p)]; !seen && n.IsFile(p) {
				byName[path.Base(p)] = p
			}
		}
	}
	names := make([]string, 0, len(byName))
	for b := range byName {
		names = append(names, b)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, b := range names {
		out[i] = byName[b]
	}
	return out
}

// loadUnit reads and parses a unit and its drop-ins.
func (n *Node) loadUnit(name string) *Unit {
	file, masked, ok := n.findUnit(name)
	if !ok || masked {
		return nil
	}
	data, err := n.read(file, MaxUnitSize)
	if err != nil {
		return nil // a finding of the Node's
	}
	uf, err := systemd.ParseUnitFile(name, data)
	if err != nil {
		n.findings.AddErr(file, err)
		return nil
	}
	u := &Unit{Name: name, File: file, Effective: &systemd.UnitFile{Name: name}, origins: map[string][]origin{}}
	u.apply(file, &uf.Sections)
	for _, p := range n.dropInsOf(name) {
		data, err := n.read(p, MaxUnitSize)
		if err != nil {
			continue // a finding of the Node's
		}
		d, err := systemd.ParseDropIn(name, path.Base(p), data)
		if err != nil {
			n.findings.AddErr(p, err)
			continue
		}
		u.DropIns = append(u.DropIns, p)
		u.apply(p, &d.Sections)
	}
	return u
}

// UnitValidator checks an effective unit, as a component's ValidateService
// does: warnings apart from the errors behind err.
type UnitValidator func(*systemd.UnitFile) (warnings field.ErrorList, err error)

// Validate records on r what check says about the effective unit, each
// problem in the file that wrote the value at that file's own index. A nil
// check is systemd's own (systemd.UnitFile.Validate).
func (u *Unit) Validate(r *Report, check UnitValidator) {
	if check == nil {
		check = func(uf *systemd.UnitFile) (field.ErrorList, error) { return nil, uf.Validate() }
	}
	warnings, err := check(u.Effective)
	for _, w := range warnings {
		u.add(r, SeverityWarning, w)
	}
	for _, e := range field.AsList(err) {
		u.add(r, SeverityError, e)
	}
	if err != nil && field.AsList(err) == nil {
		r.Add(SeverityError, u.File, field.Invalid(nil, nil, err.Error()))
	}
}

// add records a problem of the effective unit in the file that wrote the
// value.
func (u *Unit) add(r *Report, sev Severity, e *field.Error) {
	file, p := u.Locate(e.Path)
	r.Add(sev, file, &field.Error{Type: e.Type, Path: p, BadValue: e.BadValue, Detail: e.Detail})
}
