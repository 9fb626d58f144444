package kubenode

import (
	"errors"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// lintUnits are the units Lint reads, as systemd would load them.
var lintUnits = []string{
	containerd.UnitName,
	docker.SocketName, docker.ServiceName,
	cridockerd.SocketName, cridockerd.ServiceName,
	crio.UnitName,
	kubelet.UnitName,
}

// unitValidators are the component checks of a unit beyond systemd's; each
// also runs the unit's own Validate.
var unitValidators = map[string]func(*systemd.UnitFile) (field.ErrorList, error){
	docker.ServiceName: docker.ValidateService,
	docker.SocketName: func(u *systemd.UnitFile) (field.ErrorList, error) {
		return nil, docker.ValidateSocket(u)
	},
	cridockerd.ServiceName: cridockerd.ValidateService,
}

// nodeUnit is one unit as systemd loads it: its file with its drop-ins
// applied.
type nodeUnit struct {
	name string
	// file is the node path of the unit file.
	file string
	// dropIns are the node paths of its drop-ins, in the order systemd
	// applies them.
	dropIns []string
	// unit is the effective unit: the file's sections with every drop-in
	// applied, lists grown and reset as systemd does.
	unit *systemd.UnitFile
	// origins says, for each "Section.Key" (and each "Section"), where
	// every element of the effective value was written.
	origins map[string][]origin
	// ignored are the empty dependency lines (After=, ...) of its files,
	// which systemd reads as nothing.
	ignored []ignoredLine
}

// ignoredLine is an empty assignment systemd ignores: the file, the key
// and the line's index in that file's list for the key.
type ignoredLine struct {
	file, key string
	index     int
}

// origin is where one value of an effective unit was written: a file and
// the index of the value in that file's list for the key (-1 for a single
// value).
type origin struct {
	file  string
	index int
}

// service returns the unit's effective [Service] section, or nil.
func (u *nodeUnit) service() *systemd.Service {
	if u == nil || u.unit == nil {
		return nil
	}
	return u.unit.Service
}

// readUnits loads every unit Lint checks, reports what systemd and the
// component would say about each, and keeps them for the checks between
// components.
func (l *linter) readUnits() {
	l.units = map[string]*nodeUnit{}
	for _, name := range lintUnits {
		if u := l.loadUnit(name); u != nil {
			l.units[name] = u
			l.validateUnit(u)
		}
	}
}

// findUnit returns the unit file systemd loads for name: the first along
// its search path. masked reports a unit linked to /dev/null.
func (l *linter) findUnit(name string) (file string, masked, ok bool) {
	for _, dir := range systemd.UnitSearchPath {
		p := path.Join(dir, name)
		if !l.node.exists(p) {
			continue
		}
		_, err := l.node.read(p)
		return p, errors.Is(err, errMasked), true
	}
	return "", false, false
}

// unitExists reports whether a unit is on the node: its file, or for an
// instance (getty@tty1.service) its template's.
func (l *linter) unitExists(name string) bool {
	if _, _, ok := l.findUnit(name); ok {
		return true
	}
	if at := strings.Index(name, "@"); at > 0 {
		dot := strings.LastIndex(name, ".")
		if dot > at {
			_, _, ok := l.findUnit(name[:at+1] + name[dot:])
			return ok
		}
	}
	return false
}

// dropInsOf returns the drop-ins of a unit in the order systemd applies
// them: every <dir>/<name>.d/*.conf along the search path, a name in an
// earlier directory hiding the same name in a later one, sorted by name.
func (l *linter) dropInsOf(name string) []string {
	byName := map[string]string{}
	for _, dir := range systemd.UnitSearchPath {
		for _, p := range l.node.list(path.Join(dir, name+".d"), "*.conf") {
			if _, seen := byName[path.Base(p)]; !seen && l.node.isFile(p) {
				byName[path.Base(p)] = p
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out
}

// loadUnit reads and parses a unit and its drop-ins. A unit that is not on
// the node, is masked, or does not parse gives nil (the last as a finding).
func (l *linter) loadUnit(name string) *nodeUnit {
	file, masked, ok := l.findUnit(name)
	if !ok || masked {
		return nil
	}
	data, err := l.node.read(file)
	if err != nil {
		l.add(SeverityError, file, field.Invalid(nil, nil, "cannot read: "+err.Error()))
		return nil
	}
	uf, err := systemd.ParseUnitFile(name, data)
	if err != nil {
		l.addErr(file, err)
		return nil
	}
	u := &nodeUnit{name: name, file: file, unit: &systemd.UnitFile{Name: name}, origins: map[string][]origin{}}
	u.apply(file, &uf.Sections)
	for _, p := range l.dropInsOf(name) {
		data, err := l.node.read(p)
		if err != nil {
			l.add(SeverityError, p, field.Invalid(nil, nil, "cannot read: "+err.Error()))
			continue
		}
		d, err := systemd.ParseDropIn(name, path.Base(p), data)
		if err != nil {
			l.addErr(p, err)
			continue
		}
		u.dropIns = append(u.dropIns, p)
		u.apply(p, &d.Sections)
	}
	return u
}

// apply adds one file's sections to the effective unit the way systemd
// reads a unit file and then its drop-ins: every list grows, an empty
// assignment resets a list (except a dependency's, which systemd cannot
// reset), and a single value is replaced. It works on the section structs
// by field, since systemd applies that one rule to every key.
func (u *nodeUnit) apply(file string, s *systemd.Sections) {
	dst := &u.unit.Sections
	if s.Unit != nil {
		if dst.Unit == nil {
			dst.Unit = &systemd.Unit{}
		}
		u.applySection("Unit", file, reflect.ValueOf(dst.Unit).Elem(), reflect.ValueOf(s.Unit).Elem())
	}
	if s.Service != nil {
		if dst.Service == nil {
			dst.Service = &systemd.Service{}
		}
		u.applySection("Service", file, reflect.ValueOf(dst.Service).Elem(), reflect.ValueOf(s.Service).Elem())
	}
	if s.Socket != nil {
		if dst.Socket == nil {
			dst.Socket = &systemd.Socket{}
		}
		u.applySection("Socket", file, reflect.ValueOf(dst.Socket).Elem(), reflect.ValueOf(s.Socket).Elem())
	}
	if s.Install != nil {
		if dst.Install == nil {
			dst.Install = &systemd.Install{}
		}
		u.applySection("Install", file, reflect.ValueOf(dst.Install).Elem(), reflect.ValueOf(s.Install).Elem())
	}
	for _, sec := range s.Extra {
		u.origins[sec.Name] = append(u.origins[sec.Name], origin{file: file, index: -1})
		merged := false
		for i := range dst.Extra {
			if dst.Extra[i].Name == sec.Name {
				dst.Extra[i].Options = append(dst.Extra[i].Options, sec.Options...)
				merged = true
			}
		}
		if !merged {
			dst.Extra = append(dst.Extra, systemd.Section{Name: sec.Name, Options: append([]systemd.Option(nil), sec.Options...)})
		}
	}
}

func (u *nodeUnit) applySection(section, file string, dst, src reflect.Value) {
	u.origins[section] = append(u.origins[section], origin{file: file, index: -1})
	for i := 0; i < src.NumField(); i++ {
		name := src.Type().Field(i).Name
		sv, dv := src.Field(i), dst.Field(i)
		if opts, ok := sv.Interface().([]systemd.Option); ok {
			// Raw options are reported at their own key name.
			for j, o := range opts {
				dv.Set(reflect.Append(dv, reflect.ValueOf(o)))
				key := section + "." + o.Name
				u.origins[key] = append(u.origins[key], origin{file: file, index: j})
			}
			continue
		}
		key := section + "." + name
		if sv.Kind() != reflect.Slice {
			if !sv.IsZero() {
				dv.Set(sv)
				u.origins[key] = []origin{{file: file, index: -1}}
			}
			continue
		}
		for j := 0; j < sv.Len(); j++ {
			el := sv.Index(j)
			if el.IsZero() {
				if section == "Unit" && systemd.IsDependency(name) {
					u.ignored = append(u.ignored, ignoredLine{file: file, key: name, index: j})
					continue
				}
				dv.Set(reflect.Zero(dv.Type()))
				u.origins[key] = nil
				continue
			}
			dv.Set(reflect.Append(dv, el))
			u.origins[key] = append(u.origins[key], origin{file: file, index: j})
		}
	}
}

// validateUnit reports what systemd and the unit's component say about the
// effective unit, each problem in the file that wrote the value.
func (l *linter) validateUnit(u *nodeUnit) {
	check := unitValidators[u.name]
	if check == nil {
		check = func(uf *systemd.UnitFile) (field.ErrorList, error) { return nil, uf.Validate() }
	}
	for _, ig := range u.ignored {
		p := field.NewUnitPath(u.relName(ig.file)).Child("Unit").Child(ig.key).Index(ig.index)
		l.add(SeverityWarning, ig.file, field.Invalid(p, "",
			"systemd ignores an empty "+ig.key+"= line: a dependency cannot be reset, only added; to drop one, replace the whole unit"))
	}
	warnings, err := check(u.unit)
	for _, w := range warnings {
		l.addUnitProblem(u, SeverityWarning, w)
	}
	for _, e := range field.AsList(err) {
		l.addUnitProblem(u, SeverityError, e)
	}
	if err != nil && field.AsList(err) == nil {
		l.add(SeverityError, u.file, field.Invalid(nil, nil, err.Error()))
	}
}

// addUnitProblem records a problem of an effective unit in the file that
// wrote the value, at that file's own index.
func (l *linter) addUnitProblem(u *nodeUnit, sev Severity, e *field.Error) {
	file, p := u.locate(e.Path)
	l.add(sev, file, &field.Error{Type: e.Type, Path: p, BadValue: e.BadValue, Detail: e.Detail})
}

// unitPathRE splits a unit path after its file name: section, key, index
// and what follows (a command's word index).
var unitPathRE = regexp.MustCompile(`^\[([A-Za-z0-9-]+)\](?: ([A-Za-z0-9_-]+)(?:\[(\d+)\])?)?((?:\[\d+\])*)$`)

var digitsRE = regexp.MustCompile(`\d+`)

// locate maps a path into the effective unit to the file that wrote the
// value and the path in that file. A path it cannot map stays in the unit
// file.
func (u *nodeUnit) locate(p *field.Path) (string, *field.Path) {
	rel := displayPath(p)
	m := unitPathRE.FindStringSubmatch(rel)
	if m == nil {
		return u.file, p
	}
	section, key, index, rest := m[1], m[2], m[3], m[4]
	var o origin
	var found bool
	switch {
	case key == "":
		o, found = last(u.origins[section])
	case index != "":
		i, _ := strconv.Atoi(index)
		if list := u.origins[section+"."+key]; i < len(list) {
			o, found = list[i], true
		}
	default:
		o, found = last(u.origins[section+"."+key])
		o.index = -1
	}
	if !found {
		return u.file, p
	}
	np := field.NewUnitPath(u.relName(o.file)).Child(section)
	if key != "" {
		np = np.Child(key)
		if o.index >= 0 && index != "" {
			np = np.Index(o.index)
		}
	}
	for _, w := range digitsRE.FindAllString(rest, -1) {
		i, _ := strconv.Atoi(w)
		np = np.Index(i)
	}
	return o.file, np
}

func last(os []origin) (origin, bool) {
	if len(os) == 0 {
		return origin{}, false
	}
	return os[len(os)-1], true
}

// relName is how a unit path names a file of the unit: the unit's name,
// or <unit>.d/<drop-in> for a drop-in.
func (u *nodeUnit) relName(file string) string {
	if file == u.file {
		return u.name
	}
	return u.name + ".d/" + path.Base(file)
}

// at returns the file and path of one element of an effective unit's list
// key (section "Unit", key "After", index into the effective list).
func (u *nodeUnit) at(section, key string, index int) (string, *field.Path) {
	return u.locate(field.NewUnitPath(u.name).Child(section).Child(key).Index(index))
}

// keyAt returns the file and path of a single-valued key, or of a list key
// as a whole, of the effective unit.
func (u *nodeUnit) keyAt(section, key string) (string, *field.Path) {
	return u.locate(field.NewUnitPath(u.name).Child(section).Child(key))
}

// execFile is the file that wrote the unit's effective ExecStart=, the
// command line whose flags a finding names.
func (u *nodeUnit) execFile() string {
	if o, ok := last(u.origins["Service.ExecStart"]); ok {
		return o.file
	}
	return u.file
}
