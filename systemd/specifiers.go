package systemd

import "strings"

// knownSpecifiers are the letters systemd expands after "%" in unit files
// (systemd.unit(5), "Specifiers"). "%%" is a literal percent sign.
const knownSpecifiers = "aAbBCdDEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY"

// badSpecifier returns the first "%x" in s that systemd would refuse, and
// whether there is one. Like systemd's specifier_printf, a "%" followed by a
// letter or digit must be a known specifier, while a "%" followed by
// anything else, or ending the value ("CPUQuota=20%"), is kept literally.
func badSpecifier(s string) (string, bool) {
	for i := 0; ; i += 2 {
		j := strings.IndexByte(s[i:], '%')
		if j < 0 {
			return "", false
		}
		i += j
		if i+1 == len(s) {
			return "", false
		}
		// The letter after "%" is consumed with it: "%%z" is a literal
		// "%" and a "z".
		if c := s[i+1]; c != '%' && isAlnum(c) && strings.IndexByte(knownSpecifiers, c) < 0 {
			return s[i : i+2], true
		}
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// EscapeSpecifiers doubles every "%" so systemd reads s literally instead
// of expanding specifiers. Use it for any value that must keep a percent
// sign (a URL-encoded path, a printf format).
func EscapeSpecifiers(s string) string {
	return strings.ReplaceAll(s, "%", "%%")
}

// EscapeVariables doubles every "$" so systemd passes a command word
// literally instead of substituting environment variables. It applies to
// Exec*= words only; Environment= values are never substituted.
func EscapeVariables(s string) string {
	return strings.ReplaceAll(s, "$", "$$")
}
