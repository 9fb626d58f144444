package hostprep

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// maxModuleName is the longest module name the kernel keeps
// (MODULE_NAME_LEN, 64 less a long, on 64-bit machines).
const maxModuleName = 55

// Validate checks every module name, sysctl and unit name, and that none
// is given twice. It collects every problem, at paths such as modules[1]
// or sysctls[0].value.
func (c *Config) Validate() error {
	var errs field.ErrorList
	// Paths are built only for a problem, and each kind has its own set of
	// names seen, so a valid config allocates neither.
	seen := map[string]bool{}
	for i, m := range c.Modules {
		switch {
		case !moduleName(m):
			errs = append(errs, field.Invalid(field.NewPath("modules").Index(i), m, "a module name is letters, digits, '_' and '-', at most 55 bytes"))
		case seen[m]:
			errs = append(errs, field.Duplicate(field.NewPath("modules").Index(i), m))
		}
		seen[m] = true
	}
	clear(seen)
	for i, s := range c.Sysctls {
		p := func() *field.Path { return field.NewPath("sysctls").Index(i) }
		switch {
		case !sysctlKey(s.Key):
			errs = append(errs, field.Invalid(p().Child("key"), s.Key, "a sysctl key is names of letters, digits, '_' and '-' joined by '.'"))
		case seen[s.Key]:
			errs = append(errs, field.Duplicate(p().Child("key"), s.Key))
		}
		seen[s.Key] = true
		if !sysctlValue(s.Value) {
			errs = append(errs, field.Invalid(p().Child("value"), s.Value, "a sysctl value is printable ASCII, not empty, with no leading or trailing space"))
		}
	}
	clear(seen)
	for i, u := range c.MaskedUnits {
		switch {
		case !runtime.ValidUnitName(u):
			errs = append(errs, field.Invalid(field.NewPath("maskedUnits").Index(i), u, "not a unit name"))
		case seen[u]:
			errs = append(errs, field.Duplicate(field.NewPath("maskedUnits").Index(i), u))
		}
		seen[u] = true
	}
	return errs.Err()
}

func moduleName(s string) bool {
	if s == "" || len(s) > maxModuleName {
		return false
	}
	for _, c := range []byte(s) {
		if !wordByte(c) {
			return false
		}
	}
	return true
}

func sysctlKey(s string) bool {
	if s == "" {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if part == "" {
			return false
		}
		for _, c := range []byte(part) {
			if !wordByte(c) {
				return false
			}
		}
	}
	return true
}

func sysctlValue(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	for _, c := range []byte(s) {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
