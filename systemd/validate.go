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
	_, errs := u.validate()
	return errs.Err()
}

// validate is Validate returning the rendered sections too, for Render.
func (u *UnitFile) validate() ([]renderedSection, field.ErrorList) {
	return validateTwice(u.validateAt, func() string { return u.Name })
}

// validateTwice runs validateAt without paths first: a valid file, the
// common case, then builds none. Only a file with problems is validated
// again at its real root, the path of the file named by file, to report
// them where they are; the checks are pure, so the second pass finds the
// same problems.
func validateTwice(validateAt func(*field.Path) ([]renderedSection, field.ErrorList), file func() string) ([]renderedSection, field.ErrorList) {
	secs, errs := validateAt(nil)
	if len(errs) == 0 {
		return secs, nil
	}
	return validateAt(field.NewUnitPath(file()))
}

// validateAt is validate reporting below root, or with no path when root
// is nil.
func (u *UnitFile) validateAt(root *field.Path) ([]renderedSection, field.ErrorList) {
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
	secs, serrs := u.Sections.validate(root, suffix)
	errs = append(errs, serrs...)
	errs = append(errs, u.checkComplete(root, suffix)...)
	return secs, errs
}

// Validate reports every problem of the drop-in as a [field.ErrorList] (nil
// when there is none). Paths start with "<Unit>.d/<Name>".
func (d *DropIn) Validate() error {
	if d == nil {
		return field.ErrorList{field.Required(nil, "no drop-in")}
	}
	_, errs := d.validate()
	return errs.Err()
}

// validate is Validate returning the rendered sections too, for Render.
func (d *DropIn) validate() ([]renderedSection, field.ErrorList) {
	return validateTwice(d.validateAt, d.file)
}

// validateAt is validate reporting below root, or with no path when root
// is nil.
func (d *DropIn) validateAt(root *field.Path) ([]renderedSection, field.ErrorList) {
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
	secs, serrs := d.Sections.validate(root, suffix)
	return secs, append(errs, serrs...)
}

// unitTypeSections maps the type-specific sections to the one unit suffix
// that may hold them.
var unitTypeSections = map[string]string{
	"Service": ".service", "Socket": ".socket", "Timer": ".timer", "Path": ".path",
	"Mount": ".mount", "Automount": ".automount", "Swap": ".swap", "Slice": ".slice", "Scope": ".scope",
}

// validate checks every section, and returns them rendered; suffix is the
// unit's (".service"), or "" when the name is already reported as invalid.
func (s *Sections) validate(root *field.Path, suffix string) ([]renderedSection, field.ErrorList) {
	var errs field.ErrorList
	if s.Unit == nil && s.Service == nil && s.Socket == nil && s.Install == nil && len(s.Extra) == 0 {
		errs = append(errs, field.Required(root, "no section: the file would be empty"))
	}
	secs := s.sections(root)
	kind := func(name string, p *field.Path) {
		if want, ok := unitTypeSections[name]; ok && suffix != "" && want != suffix {
			errs = append(errs, field.Forbidden(p, name, "only a "+want+" unit has a ["+name+"] section"))
		}
	}
	if s.Unit != nil {
		errs = append(errs, unitCodec.validate(s.Unit, sectionOf(secs, "Unit"))...)
	}
	if s.Service != nil {
		p := sectionOf(secs, "Service")
		kind("Service", p)
		errs = append(errs, serviceCodec.validate(s.Service, p)...)
	}
	if s.Socket != nil {
		p := sectionOf(secs, "Socket")
		kind("Socket", p)
		errs = append(errs, socketCodec.validate(s.Socket, p)...)
	}
	if s.Install != nil {
		p := sectionOf(secs, "Install")
		errs = append(errs, installCodec.validate(s.Install, p)...)
		if suffix != "" {
			for i, a := range s.Install.Alias {
				if a != "" && !strings.Contains(a, "%") && validUnitName(a) && path.Ext(a) != suffix {
					errs = append(errs, field.Invalid(p.Child("Alias").Index(i), a, "an alias must end in "+suffix+" like the unit"))
				}
			}
		}
	}
	seen := map[string]bool{}
	for i, sec := range s.Extra {
		p := sectionPath(root, sec.Name)
		switch {
		case !validName(sec.Name):
			errs = append(errs, field.Invalid(root.Child("Extra").Index(i), sec.Name, "a section name is letters, digits, _ and -"))
		case sec.Name == "Unit" || sec.Name == "Service" || sec.Name == "Socket" || sec.Name == "Install":
			errs = append(errs, field.Forbidden(p, sec.Name, "use the typed Sections."+sec.Name))
		case seen[sec.Name]:
			errs = append(errs, field.Duplicate(p, sec.Name))
		default:
			kind(sec.Name, p)
		}
		seen[sec.Name] = true
		for j, o := range sec.Options {
			errs = append(errs, checkOption(o, p, j)...)
		}
	}
	for _, sec := range secs {
		if n := len(sec.name) + 3; n > LineMax {
			errs = append(errs, field.TooLong(sec.path, n, LineMax))
		}
		for _, l := range sec.lines {
			if n := len(l.name) + len(l.value) + 2; n > LineMax {
				errs = append(errs, field.TooLong(l.path(), n, LineMax))
			}
		}
	}
	return secs, errs
}

// checkComplete applies the rules systemd enforces when it loads a whole
// unit (not a drop-in, which only adds to one).
func (u *UnitFile) checkComplete(root *field.Path, suffix string) field.ErrorList {
	var errs field.ErrorList
	switch suffix {
	case ".service":
		var svc Service
		if u.Service != nil {
			svc = *u.Service
		}
		// The path is built only for a problem.
		p := func() *field.Path { return root.Child("Service").Child("ExecStart") }
		first, n := effective(svc.ExecStart, Command.IsReset)
		switch {
		case n == 0 && svc.Type != TypeOneshot:
			errs = append(errs, field.Required(p(), "systemd refuses a service without ExecStart= unless Type=oneshot"))
		case n > 1 && svc.Type != TypeOneshot:
			for i := first + 1; i < len(svc.ExecStart); i++ {
				errs = append(errs, field.Forbidden(p().Index(i), svc.ExecStart[i].String(), "only a Type=oneshot service may have more than one ExecStart="))
			}
		}
	case ".socket":
		var sock Socket
		if u.Socket != nil {
			sock = *u.Socket
		}
		_, n := effective(sock.ListenStream, func(v string) bool { return v == "" })
		listens := slices.ContainsFunc(sock.Extra, func(o Option) bool { return strings.HasPrefix(o.Name, "Listen") && o.Value != "" })
		if n == 0 && !listens {
			errs = append(errs, field.Required(root.Child("Socket").Child("ListenStream"), "a socket unit must listen on something"))
		}
	}
	return errs
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
// one is quoted so the path stays on one line.
func sectionPath(root *field.Path, name string) *field.Path {
	if validName(name) {
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
	if o.Value == "" {
		return nil
	}
	return checkValue(o.Value, p.Child(o.Name))
}
