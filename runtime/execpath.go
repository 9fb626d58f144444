package runtime

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubenode/kubenode/runtime/field"
)

// execPathSpecials are the characters a program path may not hold besides
// whitespace and control characters: "%" starts a specifier systemd
// expands when it loads the unit (%h is a home directory), "$" a variable,
// quotes and the backslash change how systemd splits the line, and the
// rest are shell syntax, which would run something else if the command
// line is ever pasted into or rendered for a shell.
const execPathSpecials = "%$\"'\\`;&|<>(){}[]*?!#~"

// ValidateExecPath checks the program a unit starts (ExecStart= of
// containerd.service, docker.service, cri-docker.service, kubelet.service):
// a node path (ValidateNodePath: absolute, clean, within the length
// limits) that systemd and a shell both read as itself, so it holds no
// "%", "$", whitespace, control character, quote, backslash or shell
// metacharacter, and is UTF-8. One rule for every component's binary
// option, so a path refused for one program is refused for all.
func ValidateExecPath(p *field.Path, v string) field.ErrorList {
	if errs := ValidateNodePath(p, v); len(errs) > 0 {
		return errs
	}
	if !utf8.ValidString(v) {
		return field.ErrorList{field.Invalid(p, v, "a program path must be UTF-8")}
	}
	if i := strings.IndexFunc(v, unsafeInExecPath); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		return field.ErrorList{field.Invalid(p, v, "a program path must not hold "+describeRune(r)+
			": systemd expands % and $, splits at whitespace, and a shell reads quotes and ;&|<>()[]{}*?!#~ as syntax")}
	}
	return nil
}

func unsafeInExecPath(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(execPathSpecials, r)
}

// describeRune names the character a problem is about without printing a
// control character raw.
func describeRune(r rune) string {
	switch {
	case unicode.IsSpace(r):
		return "whitespace"
	case unicode.IsControl(r):
		return "a control character"
	default:
		return "'" + string(r) + "'"
	}
}
