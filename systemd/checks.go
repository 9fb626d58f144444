package systemd

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubenode/kubenode/internal/bytetable"
	"github.com/kubenode/kubenode/runtime/field"
)

// The checks of one value, each reporting at the value's own path. Typed
// keys name theirs in the section tables (unit.go, service.go, ...).

// checkValue checks a value written verbatim after "Key=". Everything
// here either changes the file's structure or is changed by systemd when it
// reads the line back.
func checkValue(v string, p *field.Path) field.ErrorList {
	if plainValue(v) {
		return nil
	}
	return checkValueEachRule(v, p)
}

// checkValueEachRule is checkValue applying each rule in turn, for a value
// that is not plain.
func checkValueEachRule(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if hasLineBreak(v) {
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
	if plainWord(v) {
		return nil
	}
	return checkWordEachRule(v, p)
}

// checkWordEachRule is checkWord applying each rule in turn, for a word
// that is not plain.
func checkWordEachRule(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if hasLineBreak(v) {
		errs = append(errs, field.Invalid(p, v, "a line break or NUL is refused: a unit value is one line"))
	}
	if !utf8.ValidString(v) {
		errs = append(errs, field.Invalid(p, v, "not UTF-8"))
	}
	return append(errs, checkSpecifiers(v, p)...)
}

// plainWord reports whether v is printable ASCII (" " to "~") without
// "%": checkWord finds nothing in such a word (no line break, valid UTF-8,
// no specifier), and it says so in one pass instead of three. Most words
// and values of a unit are plain.
func plainWord(v string) bool {
	for i := 0; i < len(v); i++ {
		if !plainByte[v[i]] {
			return false
		}
	}
	return true
}

// plainValue reports whether checkValue finds nothing in v because it is
// a plain word (see plainWord) that neither starts nor ends with a space
// nor ends with a backslash.
func plainValue(v string) bool {
	if v == "" {
		return true
	}
	first, last := v[0], v[len(v)-1]
	return first != ' ' && last != ' ' && last != '\\' && plainWord(v)
}

// plainByte marks the bytes of a plain word: printable ASCII but "%".
var plainByte = bytetable.Of(func(c byte) bool { return ' ' <= c && c <= '~' && c != '%' })

// hasLineBreak reports whether v holds a "\n", "\r" or NUL byte, each of
// which ends a line of a unit file. (None is part of a UTF-8 sequence, so
// looking at bytes finds what looking at runes would.)
func hasLineBreak(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '\n' || c == '\r' || c == 0 {
			return true
		}
	}
	return false
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
		switch c := stem[i]; {
		case isAlnum(c), c == ':', c == '-', c == '_', c == '.', c == '\\', c == '@':
		default:
			return false
		}
	}
	return true
}

// checkUnitName checks one element of a unit list. A name holding a
// specifier is only checked for the specifier: its expansion is systemd's.
func checkUnitName(v string, p *field.Path) field.ErrorList {
	// A valid name is letters, digits and :-_.\@ ending in its suffix's
	// letters: no rule of checkUnitNameEachRule finds a problem in it.
	if validUnitName(v) {
		return nil
	}
	return checkUnitNameEachRule(v, p)
}

// checkUnitNameEachRule is checkUnitName applying each rule in turn.
func checkUnitNameEachRule(v string, p *field.Path) field.ErrorList {
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

// checked checks a value written verbatim: checkValue's checks, then, when
// those pass, valid; detail says what valid accepts.
func checked[S ~string](valid func(S) bool, detail string) func(S, *field.Path) field.ErrorList {
	return func(v S, p *field.Path) field.ErrorList {
		if errs := checkValue(string(v), p); len(errs) > 0 {
			return errs
		}
		if !valid(v) {
			return field.ErrorList{field.Invalid(p, string(v), detail)}
		}
		return nil
	}
}

var (
	checkTimespan   = checked(Timespan.valid, "not a time span such as 0, 5, 100ms, 60s, 5min, 1h 30min or infinity")
	checkCountLimit = checked(func(l Limit) bool { return l.valid(false) }, "not a limit: a number, infinity, or soft:hard with soft <= hard")
	checkByteLimit  = checked(func(l Limit) bool { return l.valid(true) }, "not a limit: a size (64M, 1G), infinity, or soft:hard with soft <= hard")
	checkTasksMax   = checked(validTasksMax, "a positive count, a percentage such as 50%, or infinity")
	// A user or group name or number: systemd's relaxed name rules leave
	// few characters out, but whitespace, ":" and "/" never work.
	checkUser = checked(func(v string) bool {
		return !strings.ContainsAny(v, whitespace+":/") && v[0] != '-' && v != "." && v != ".."
	}, "not a user or group name")
	checkWorkingDirectory = checked(func(v string) bool {
		d := strings.TrimPrefix(v, "-")
		return d == "~" || isAbsoluteValue(d)
	}, "an absolute path or ~, optionally after -")
	checkConditionPath = checked(func(v string) bool {
		return isAbsoluteValue(strings.TrimPrefix(strings.TrimPrefix(v, "|"), "!"))
	}, "the path must be absolute, after the optional | and ! prefixes")
	checkListen = checked(validListen, "a socket path, @abstract name, port, or address:port")
)

// validListen accepts the stream addresses ListenStream= takes: a path, an
// abstract socket (@name), a port, or an address ending in :port.
func validListen(v string) bool {
	if v[0] == '/' || v[0] == '@' || isAbsoluteValue(v) {
		return true
	}
	port := v[strings.LastIndexByte(v, ':')+1:]
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535 && port[0] != '+'
}

func checkEnum[E ~string](valid []E) func(E, *field.Path) field.ErrorList {
	return func(v E, p *field.Path) field.ErrorList {
		if !slices.Contains(valid, v) {
			return field.ErrorList{field.NotSupported(p, string(v), valid)}
		}
		return nil
	}
}

func checkSocketMode(v string, p *field.Path) field.ErrorList {
	if !validSocketMode(v) {
		return field.ErrorList{field.Invalid(p, v, "an octal mode from 0000 to 0777")}
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
		if hasProblem(checkWord, w) {
			wordErrs = append(wordErrs, checkWord(w, p.Index(j))...)
		}
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

// checkEnvName checks a variable's name, at p.
func checkEnvName(name string, p *field.Path) field.ErrorList {
	switch {
	case name == "":
		return field.ErrorList{field.Required(p, "a variable needs a name")}
	case !validEnvName(name):
		return field.ErrorList{field.Invalid(p, name, "a variable name is letters, digits and _, not starting with a digit")}
	}
	return nil
}

// validPrefix reports whether systemd's prefix parser consumes all of p and
// nothing else.
func validPrefix(p string) bool {
	if p == "" {
		return true
	}
	ignore, prefix, rest := splitPrefix(p + "/")
	return !ignore && prefix == p && rest == "/"
}

func checkEnv(e Env, p *field.Path) field.ErrorList {
	if e.IsReset() {
		return nil
	}
	errs := checkEnvName(e.Name, p)
	// The assignment is checked as the one word it renders to. checkWord
	// finds nothing in Name=Value when it finds nothing in the name and in
	// the value: "=" is no line break, leaves UTF-8 as valid as its sides
	// are, and is no specifier letter (after a last "%" of the name it is
	// kept literally). So only a side with a problem costs the word.
	if hasProblem(checkWord, e.Name) || hasProblem(checkWord, e.Value) {
		errs = append(errs, checkWord(e.Name+"="+e.Value, p)...)
	}
	return errs
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
