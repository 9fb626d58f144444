package kubelet

import (
	"strings"

	"github.com/kubenode/kubenode/kubelet/internal/flagtable"
	"github.com/kubenode/kubenode/runtime/field"
)

// ParseFlags reads kubelet arguments (the command line after the program
// name: a unit's ExecStart argv without its first word, or the words of
// KUBELET_KUBEADM_ARGS) as the kubelet's flag set does: --name=value,
// --name value, a boolean flag alone, -v 2, and "_" read as "-" in names.
// A flag given twice keeps its last value, except --node-labels and
// --register-with-taints, which add up. Flags without a typed field go to
// Extra, removed and unknown ones included, so Validate can report them.
// It fails on what every kubelet refuses: a word that is not a flag, a
// flag without its value, a typed value that does not parse.
func ParseFlags(argv []string) (*Flags, error) {
	f := &Flags{}
	var errs field.ErrorList
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		if arg == "--" || !strings.HasPrefix(arg, "-") || arg == "-" {
			errs = append(errs, field.Invalid(field.NewFlagPath("kubelet").Index(i), arg,
				"not a flag: the kubelet takes no arguments (\"unknown command\")"))
			continue
		}
		name, value, hasValue, ok := splitFlag(arg)
		if !ok {
			errs = append(errs, field.Invalid(field.NewFlagPath("kubelet").Index(i), arg, "bad flag syntax"))
			continue
		}
		if !hasValue {
			spec, _ := flagtable.Lookup(name)
			switch {
			case spec.Boolean:
				value = "true"
			case i+1 < len(argv):
				i++
				value = argv[i]
			default:
				errs = append(errs, field.Required(flagPath(name), "the flag needs a value"))
				continue
			}
		}
		errs = append(errs, f.set(name, value)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// splitFlag reads one flag word as pflag does: --name[=value], or a
// shorthand -v[=]N or -h. The name comes back normalized.
func splitFlag(arg string) (name, value string, hasValue, ok bool) {
	if long, isLong := strings.CutPrefix(arg, "--"); isLong {
		name, value, hasValue = strings.Cut(long, "=")
		name = normalizeFlagName(name)
		if name == "" || strings.HasPrefix(name, "-") {
			return "", "", false, false
		}
		return name, value, hasValue, true
	}
	short := strings.TrimPrefix(arg, "-")
	switch {
	case short == "h":
		return "help", "", false, true
	case short == "v":
		return "v", "", false, true
	case strings.HasPrefix(short, "v="):
		return "v", short[2:], true, true
	case strings.HasPrefix(short, "v"):
		return "v", short[1:], true, true
	}
	return "", "", false, false
}

// set assigns one parsed flag: a typed field, or else Extra.
func (f *Flags) set(name, value string) field.ErrorList {
	if t := typedFlagNamed(name); t != nil {
		return t.set(f, value, flagPath(name))
	}
	f.Extra = append(f.Extra, Flag{Name: name, Value: value})
	return nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
