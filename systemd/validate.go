package systemd

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Validate reports every problem of the unit file as a [field.ErrorList]
// (nil when there is none): its name, each section and key, and each
// rendered line. It changes nothing and reads nothing from the host.
func (u *UnitFile) Validate() error {
	if u == nil {
		return field.ErrorList{field.Required(nil, "no unit file")}
	}
	w, errs := u.validate()
	w.release()
	return errs.Err()
}

// validate is Validate returning the writer of the rendered sections too,
// for Render; the caller releases it.
func (u *UnitFile) validate() (*unitWriter, field.ErrorList) {
	return validateTwice(u)
}

// file is the name errors are reported under: the unit's.
func (u *UnitFile) file() string {
	return u.Name
}

// pathValidator is a unit file or a drop-in as validateTwice runs it.
type pathValidator interface {
	// validateAt validates and renders the file, reporting below root, or
	// with no path when root is nil; the caller releases the writer.
	validateAt(root *field.Path) (*unitWriter, field.ErrorList)
	// file is the name of the file's root path.
	file() string
}

// validateTwice runs validateAt without paths first: a valid file, the
// common case, then builds none. Only a file with problems is validated
// again at its real root, the path of the file, to report them where they
// are; the checks are pure, so the second pass finds the same problems.
func validateTwice(v pathValidator) (*unitWriter, field.ErrorList) {
	w, errs := v.validateAt(nil)
	if len(errs) == 0 {
		return w, nil
	}
	w.release()
	return v.validateAt(field.NewUnitPath(v.file()))
}

// validateAt is validate reporting below root, or with no path when root
// is nil.
func (u *UnitFile) validateAt(root *field.Path) (*unitWriter, field.ErrorList) {
	var errs field.ErrorList
	suffix := ""
	switch {
	case u.Name == "":
		errs = append(errs, field.Required(root, "a unit file needs a name such as docker.service"))
	case !validUnitName(u.Name):
		errs = append(errs, field.Invalid(root, u.Name, unitNameDetail))
	default:
		suffix = path.Ext(u.Name)
	}
	w, serrs := u.Sections.validate(root, suffix)
	errs = append(errs, serrs...)
	errs = append(errs, u.checkComplete(root, suffix)...)
	return w, errs
}

// Validate reports every problem of the drop-in as a [field.ErrorList] (nil
// when there is none). Paths start with "<Unit>.d/<Name>".
func (d *DropIn) Validate() error {
	if d == nil {
		return field.ErrorList{field.Required(nil, "no drop-in")}
	}
	w, errs := d.validate()
	w.release()
	return errs.Err()
}

// validate is Validate returning the writer of the rendered sections too,
// for Render; the caller releases it.
func (d *DropIn) validate() (*unitWriter, field.ErrorList) {
	return validateTwice(d)
}

// validateAt is validate reporting below root, or with no path when root
// is nil.
func (d *DropIn) validateAt(root *field.Path) (*unitWriter, field.ErrorList) {
	var errs field.ErrorList
	suffix := ""
	switch {
	case d.Unit == "":
		errs = append(errs, field.Required(root, "a drop-in needs the unit it extends, such as kubelet.service"))
	case !validUnitName(d.Unit):
		errs = append(errs, field.Invalid(root, d.Unit, unitNameDetail))
	case len(d.Unit)+len(".d") > runtime.MaxPathElement:
		// The name is valid, but its drop-in directory's is not.
		errs = append(errs, &field.Error{Type: field.ErrTooLong, Path: root, BadValue: d.Unit,
			Detail: "the drop-in directory <unit>.d would be longer than 255 bytes, which no file system takes"})
	default:
		suffix = path.Ext(d.Unit)
	}
	switch {
	case d.Name == "":
		errs = append(errs, field.Required(root, "a drop-in needs a file name such as 10-kubeadm.conf"))
	case !strings.HasSuffix(d.Name, ".conf") || d.Name == ".conf" || strings.ContainsAny(d.Name, "/\x00\n\r"):
		errs = append(errs, field.Invalid(root, d.Name, "a drop-in name is one file name ending in .conf; systemd ignores other files"))
	case len(d.Name) > runtime.MaxPathElement:
		errs = append(errs, field.TooLong(root, d.Name, runtime.MaxPathElement))
	}
	w, serrs := d.Sections.validate(root, suffix)
	return w, append(errs, serrs...)
}

// typeSuffix is the one unit suffix whose units may hold the
// type-specific section name (".service" for [Service]), or "" for a
// section any unit may hold.
func typeSuffix(name string) string {
	switch name {
	case "Service":
		return ".service"
	case "Socket":
		return ".socket"
	case "Timer":
		return ".timer"
	case "Path":
		return ".path"
	case "Mount":
		return ".mount"
	case "Automount":
		return ".automount"
	case "Swap":
		return ".swap"
	case "Slice":
		return ".slice"
	case "Scope":
		return ".scope"
	}
	return ""
}

// checkKind refuses the section name, at p, in a unit of another type
// than the section's; suffix is the unit's (".service"), or "" when the
// name is already reported as invalid.
func checkKind(name, suffix string, p *field.Path) field.ErrorList {
	if want := typeSuffix(name); want != "" && suffix != "" && want != suffix {
		return field.ErrorList{field.Forbidden(p, name, "only a "+want+" unit has a ["+name+"] section")}
	}
	return nil
}

// validate checks every section, and returns the writer that holds them
// rendered, for the caller to release; suffix is the unit's (".service"),
// or "" when the name is already reported as invalid. Each section is
// written and then checked; the lines too long come last.
func (s *Sections) validate(root *field.Path, suffix string) (*unitWriter, field.ErrorList) {
	var errs field.ErrorList
	if s.Unit == nil && s.Service == nil && s.Socket == nil && s.Install == nil && len(s.Extra) == 0 {
		errs = append(errs, field.Required(root, "no section: the file would be empty"))
	}
	w, keys := s.writer()
	if s.Unit != nil {
		p := childOf(root, "Unit")
		unitCodec.write(w, s.Unit, p, keys.unit)
		errs = append(errs, unitCodec.validate(s.Unit, p, keys.unit)...)
	}
	if s.Service != nil {
		p := childOf(root, "Service")
		serviceCodec.write(w, s.Service, p, keys.service)
		errs = append(errs, checkKind("Service", suffix, p)...)
		errs = append(errs, serviceCodec.validate(s.Service, p, keys.service)...)
	}
	if s.Socket != nil {
		p := childOf(root, "Socket")
		socketCodec.write(w, s.Socket, p, keys.socket)
		errs = append(errs, checkKind("Socket", suffix, p)...)
		errs = append(errs, socketCodec.validate(s.Socket, p, keys.socket)...)
	}
	if s.Install != nil {
		p := childOf(root, "Install")
		installCodec.write(w, s.Install, p, keys.install)
		errs = append(errs, installCodec.validate(s.Install, p, keys.install)...)
		if suffix != "" {
			for i, a := range s.Install.Alias {
				if a != "" && !strings.Contains(a, "%") && validUnitName(a) && path.Ext(a) != suffix {
					errs = append(errs, field.Invalid(p.Child("Alias").Index(i), a, "an alias must end in "+suffix+" like the unit"))
				}
			}
		}
	}
	for i, sec := range s.Extra {
		p := sectionPath(root, sec.Name)
		w.beginSection(sec.Name, p)
		for j, o := range sec.Options {
			w.option(o, j)
		}
		w.endSection(sec.Name)
		switch {
		case !validName(sec.Name):
			errs = append(errs, field.Invalid(root.Child("Extra").Index(i), sec.Name, "a section name is letters, digits, _ and -"))
		case sec.Name == "Unit" || sec.Name == "Service" || sec.Name == "Socket" || sec.Name == "Install":
			errs = append(errs, field.Forbidden(p, sec.Name, "use the typed Sections."+sec.Name))
		case slices.ContainsFunc(s.Extra[:i], func(e Section) bool { return e.Name == sec.Name }):
			errs = append(errs, field.Duplicate(p, sec.Name))
		default:
			errs = append(errs, checkKind(sec.Name, suffix, p)...)
		}
		for j, o := range sec.Options {
			errs = append(errs, checkOption(o, p, j)...)
		}
	}
	return w, append(errs, w.long...)
}

// checkComplete applies the rules systemd enforces when it loads a whole
// unit (not a drop-in, which only adds to one).
func (u *UnitFile) checkComplete(root *field.Path, suffix string) field.ErrorList {
	var errs field.ErrorList
	switch suffix {
	case ".service":
		var execStart []Command
		var typ ServiceType
		if u.Service != nil {
			execStart, typ = u.Service.ExecStart, u.Service.Type
		}
		first, n := effective(execStart, Command.IsReset)
		switch {
		case n == 0 && typ != TypeOneshot:
			errs = append(errs, field.Required(execStartPath(root), "systemd refuses a service without ExecStart= unless Type=oneshot"))
		case n > 1 && typ != TypeOneshot:
			p := execStartPath(root)
			for i := first + 1; i < len(execStart); i++ {
				errs = append(errs, field.Forbidden(p.Index(i), execStart[i].String(), "only a Type=oneshot service may have more than one ExecStart="))
			}
		}
	case ".socket":
		var listen []string
		var extra []Option
		if u.Socket != nil {
			listen, extra = u.Socket.ListenStream, u.Socket.Extra
		}
		_, n := effective(listen, func(v string) bool { return v == "" })
		listens := slices.ContainsFunc(extra, func(o Option) bool { return strings.HasPrefix(o.Name, "Listen") && o.Value != "" })
		if n == 0 && !listens {
			errs = append(errs, field.Required(root.Child("Socket").Child("ListenStream"), "a socket unit must listen on something"))
		}
	}
	return errs
}

// execStartPath is where checkComplete reports ExecStart=; it is built
// only for a problem.
func execStartPath(root *field.Path) *field.Path {
	return root.Child("Service").Child("ExecStart")
}

// effective returns where the elements that survive the list's last reset
// start, and how many there are.
func effective[E any](list []E, isReset func(E) bool) (first, n int) {
	for i, e := range list {
		if isReset(e) {
			first = i + 1
		}
	}
	return first, len(list) - first
}

// sectionPath names a section in a path; a name that is not printable as
// one is quoted so the path stays on one line. It is nil when root is, in
// the pass without paths.
func sectionPath(root *field.Path, name string) *field.Path {
	switch {
	case root == nil:
		return nil
	case validName(name):
		return root.Child(name)
	}
	return root.Child(strconv.Quote(name))
}

// validName accepts section and option names: ASCII letters, digits, "_"
// and "-" (for the X- names systemd leaves to applications), not starting
// with "-". Anything else could end the name early ("=", "]") or turn the
// line into a comment or a section header.
func validName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// checkOption checks a raw option: its name, and a value that go-systemd
// writes verbatim.
func checkOption(o Option, p *field.Path, i int) field.ErrorList {
	if !validName(o.Name) {
		return field.ErrorList{field.Invalid(p.Child("Extra").Index(i), o.Name, "an option name is letters, digits, _ and -")}
	}
	if o.Value == "" || !hasProblem(checkValue, o.Value) {
		return nil
	}
	return checkValue(o.Value, p.Child(o.Name))
}
