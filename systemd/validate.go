package systemd

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	root := field.NewUnitPath(u.Name)
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
	root := field.NewUnitPath(d.file())
	var errs field.ErrorList
	suffix := ""
	switch {
	case d.Unit == "":
		errs = append(errs, field.Required(root, "a drop-in needs the unit it extends, such as kubelet.service"))
	case !validUnitName(d.Unit):
		errs = append(errs, field.Invalid(root, d.Unit, unitNameDetail))
	default:
		suffix = path.Ext(d.Unit)
	}
	switch {
	case d.Name == "":
		errs = append(errs, field.Required(root, "a drop-in needs a file name such as 10-kubeadm.conf"))
	case !strings.HasSuffix(d.Name, ".conf") || d.Name == ".conf" || strings.ContainsAny(d.Name, "/\x00\n\r"):
		errs = append(errs, field.Invalid(root, d.Name, "a drop-in name is one file name ending in .conf; systemd ignores other files"))
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
		p := root.Child("Service").Child("ExecStart")
		first, n := effectiveCommands(svc.ExecStart)
		switch {
		case n == 0 && svc.Type != TypeOneshot:
			errs = append(errs, field.Required(p, "systemd refuses a service without ExecStart= unless Type=oneshot"))
		case n > 1 && svc.Type != TypeOneshot:
			for i := first + 1; i < len(svc.ExecStart); i++ {
				errs = append(errs, field.Forbidden(p.Index(i), svc.ExecStart[i].String(), "only a Type=oneshot service may have more than one ExecStart="))
			}
		}
	case ".socket":
		var sock Socket
		if u.Socket != nil {
			sock = *u.Socket
		}
		_, n := effectiveStrings(sock.ListenStream)
		listens := slices.ContainsFunc(sock.Extra, func(o Option) bool { return strings.HasPrefix(o.Name, "Listen") && o.Value != "" })
		if n == 0 && !listens {
			errs = append(errs, field.Required(root.Child("Socket").Child("ListenStream"), "a socket unit must listen on something"))
		}
	}
	return errs
}

// effectiveCommands returns where the commands that survive the last reset start,
// and how many there are.
func effectiveCommands(cmds []Command) (first, n int) {
	for i, c := range cmds {
		if c.IsReset() {
			first = i + 1
		}
	}
	return first, len(cmds) - first
}

func effectiveStrings(list []string) (first, n int) {
	for i, v := range list {
		if v == "" {
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

// checkValue checks a value written verbatim after "Key=". Everything
// here either changes the file's structure or is changed by systemd when it
// reads the line back.
func checkValue(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if strings.ContainsAny(v, "\n\r\x00") {
		errs = append(errs, field.Invalid(p, v, "a line break or NUL would end the line, and systemd would read the rest as a directive of its own"))
	}
	if !utf8.ValidString(v) {
		errs = append(errs, field.Invalid(p, v, "not UTF-8: systemd ignores the line"))
	}
	if r, _ := utf8.DecodeRuneInString(v); unicode.IsSpace(r) {
		errs = append(errs, field.Invalid(p, v, "leading whitespace is stripped when the file is read"))
	} else if r, _ := utf8.DecodeLastRuneInString(v); unicode.IsSpace(r) {
		errs = append(errs, field.Invalid(p, v, "trailing whitespace is stripped when the file is read"))
	}
	if strings.HasSuffix(v, `\`) {
		errs = append(errs, field.Invalid(p, v, "a trailing backslash joins the next line to this one"))
	}
	errs = append(errs, checkSpecifiers(v, p)...)
	return errs
}

// checkWord checks a command word or an assignment, which are quoted when
// rendered: only what quoting cannot carry, or systemd refuses, is left.
func checkWord(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if strings.ContainsAny(v, "\n\r\x00") {
		errs = append(errs, field.Invalid(p, v, "a line break or NUL is refused: a unit value is one line"))
	}
	if !utf8.ValidString(v) {
		errs = append(errs, field.Invalid(p, v, "not UTF-8"))
	}
	return append(errs, checkSpecifiers(v, p)...)
}

func checkSpecifiers(v string, p *field.Path) field.ErrorList {
	if spec, bad := badSpecifier(v); bad {
		return field.ErrorList{field.Invalid(p, v, "unknown specifier "+spec+": systemd refuses the line; write %% for a literal %")}
	}
	return nil
}

// unitSuffixes are the unit types systemd knows.
var unitSuffixes = []string{".service", ".socket", ".device", ".mount", ".automount", ".swap", ".target", ".path", ".timer", ".slice", ".scope"}

const unitNameDetail = "a unit name is letters, digits and :-_.\\@ with one type suffix such as .service, at most 255 bytes"

// validUnitName follows systemd's unit_name_is_valid for plain, template
// (foo@.service) and instance (foo@bar.service) names.
func validUnitName(name string) bool {
	if len(name) > 255 {
		return false
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if stem == "" || !slices.Contains(unitSuffixes, ext) {
		return false
	}
	if at := strings.IndexByte(stem, '@'); at == 0 || strings.Count(stem, "@") > 1 {
		return false
	}
	for i := 0; i < len(stem); i++ {
		if c := stem[i]; !isAlnum(c) && !strings.ContainsRune(":-_.\\@", rune(c)) {
			return false
		}
	}
	return true
}

// checkUnitName checks one element of a unit list. A name holding a
// specifier is only checked for the specifier: its expansion is systemd's.
func checkUnitName(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	switch {
	case strings.ContainsAny(v, whitespace):
		return field.ErrorList{field.Invalid(p, v, "one unit per element: the name would be split at the space")}
	case !strings.Contains(v, "%") && !validUnitName(v):
		return field.ErrorList{field.Invalid(p, v, unitNameDetail)}
	}
	return nil
}

// checkUnitOfKind checks a reference to a unit of one type (Slice=, a
// socket's Service=).
func checkUnitOfKind(suffix string) func(string, *field.Path) field.ErrorList {
	return func(v string, p *field.Path) field.ErrorList {
		if errs := checkUnitName(v, p); len(errs) > 0 {
			return errs
		}
		if !strings.Contains(v, "%") && path.Ext(v) != suffix {
			return field.ErrorList{field.Invalid(p, v, "must name a "+suffix+" unit")}
		}
		return nil
	}
}

func checkDocumentation(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	switch {
	case strings.ContainsAny(v, whitespace):
		return field.ErrorList{field.Invalid(p, v, "one URI per element: the URI would be split at the space")}
	case !hasAnyPrefix(v, "http://", "https://", "file:", "info:", "man:"):
		return field.ErrorList{field.Invalid(p, v, "systemd ignores a documentation URI that is not http://, https://, file:, info: or man:")}
	}
	return nil
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

// isAbsoluteValue accepts an absolute path, or one starting with a specifier
// that systemd expands to an absolute path (%h, %t, %S, ...).
func isAbsoluteValue(s string) bool {
	return strings.HasPrefix(s, "/") || len(s) > 1 && s[0] == '%' && strings.IndexByte("hCELStTVyY", s[1]) >= 0
}

func checkConditionPath(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	rest := strings.TrimPrefix(v, "|")
	rest = strings.TrimPrefix(rest, "!")
	if !isAbsoluteValue(rest) {
		return field.ErrorList{field.Invalid(p, v, "the path must be absolute, after the optional | and ! prefixes")}
	}
	return nil
}

func checkTimespan(t Timespan, p *field.Path) field.ErrorList {
	if errs := checkValue(string(t), p); len(errs) > 0 {
		return errs
	}
	if !t.valid() {
		return field.ErrorList{field.Invalid(p, string(t), "not a time span such as 0, 5, 100ms, 60s, 5min, 1h 30min or infinity")}
	}
	return nil
}

func checkLimit(byteLimit bool) func(Limit, *field.Path) field.ErrorList {
	return func(l Limit, p *field.Path) field.ErrorList {
		if errs := checkValue(string(l), p); len(errs) > 0 {
			return errs
		}
		if !l.valid(byteLimit) {
			detail := "not a limit: a number, infinity, or soft:hard with soft <= hard"
			if byteLimit {
				detail = "not a limit: a size (64M, 1G), infinity, or soft:hard with soft <= hard"
			}
			return field.ErrorList{field.Invalid(p, string(l), detail)}
		}
		return nil
	}
}

func checkEnum[E ~string](valid []E) func(E, *field.Path) field.ErrorList {
	return func(v E, p *field.Path) field.ErrorList {
		if !slices.Contains(valid, v) {
			return field.ErrorList{field.NotSupported(p, string(v), valid)}
		}
		return nil
	}
}

func checkTasksMax(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	if !validTasksMax(v) {
		return field.ErrorList{field.Invalid(p, v, "a positive count, a percentage such as 50%, or infinity")}
	}
	return nil
}

func checkSocketMode(v string, p *field.Path) field.ErrorList {
	if !validSocketMode(v) {
		return field.ErrorList{field.Invalid(p, v, "an octal mode from 0000 to 0777")}
	}
	return nil
}

// checkUser checks a user or group name or number; systemd's relaxed name
// rules leave few characters out, but whitespace, ":" and "/" never work.
func checkUser(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	if strings.ContainsAny(v, whitespace+":/") || v[0] == '-' || v == "." || v == ".." {
		return field.ErrorList{field.Invalid(p, v, "not a user or group name")}
	}
	return nil
}

func checkWorkingDirectory(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	if d := strings.TrimPrefix(v, "-"); d != "~" && !isAbsoluteValue(d) {
		return field.ErrorList{field.Invalid(p, v, "an absolute path or ~, optionally after -")}
	}
	return nil
}

// checkListen accepts the stream addresses ListenStream= takes: a path, an
// abstract socket (@name), a port, or an address ending in :port.
func checkListen(v string, p *field.Path) field.ErrorList {
	if errs := checkValue(v, p); len(errs) > 0 {
		return errs
	}
	if v[0] == '/' || v[0] == '@' || isAbsoluteValue(v) {
		return nil
	}
	port := v
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		port = v[i+1:]
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '+' {
		return field.ErrorList{field.Invalid(p, v, "a socket path, @abstract name, port, or address:port")}
	}
	return nil
}

func validEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' {
			return false
		}
	}
	return true
}

// checkCommand reports problems of the whole line at p and problems of one
// word at p.Index(j).
func checkCommand(c Command, p *field.Path) field.ErrorList {
	if c.IsReset() {
		return nil
	}
	var errs field.ErrorList
	if !validPrefix(c.Prefix) {
		errs = append(errs, field.Invalid(p, c.Prefix, `Prefix is any of "@", ":" and one of "+", "!", "!!", each once; "-" is IgnoreFailure`))
	}
	if len(c.Argv) == 0 {
		return append(errs, field.Required(p, "a command needs a program; the zero Command is the reset"))
	}
	var wordErrs field.ErrorList
	for j, w := range c.Argv {
		wordErrs = append(wordErrs, checkWord(w, p.Index(j))...)
	}
	errs = append(errs, wordErrs...)
	if prog := c.Argv[0]; len(wordErrs) == 0 {
		switch {
		case !isAbsoluteValue(prog):
			errs = append(errs, field.Invalid(p.Index(0), prog, "the program must be an absolute path"))
		case strings.ContainsAny(prog, `"'\`) || strings.HasSuffix(prog, "/"):
			errs = append(errs, field.Invalid(p.Index(0), prog, "systemd refuses a program path with quotes or backslashes, or naming a directory"))
		}
	}
	if strings.Contains(c.Prefix, "@") && len(c.Argv) < 2 {
		errs = append(errs, field.Required(p, `with the "@" prefix, Argv[1] is the program's argv[0]`))
	}
	return errs
}

// validPrefix reports whether systemd's prefix parser consumes all of p and
// nothing else.
func validPrefix(p string) bool {
	ignore, prefix, rest := splitPrefix(p + "/")
	return !ignore && prefix == p && rest == "/"
}

func checkEnv(e Env, p *field.Path) field.ErrorList {
	if e.IsReset() {
		return nil
	}
	var errs field.ErrorList
	switch {
	case e.Name == "":
		errs = append(errs, field.Required(p, "a variable needs a name"))
	case !validEnvName(e.Name):
		errs = append(errs, field.Invalid(p, e.Name, "a variable name is letters, digits and _, not starting with a digit"))
	}
	return append(errs, checkWord(e.Name+"="+e.Value, p)...)
}

func checkEnvironmentFile(f EnvironmentFile, p *field.Path) field.ErrorList {
	if f.IsReset() {
		return nil
	}
	if f.Path == "" {
		return field.ErrorList{field.Required(p, "an environment file needs a path")}
	}
	if errs := checkValue(f.Path, p); len(errs) > 0 {
		return errs
	}
	if !isAbsoluteValue(f.Path) {
		return field.ErrorList{field.Invalid(p, f.Path, "the path must be absolute")}
	}
	return nil
}
