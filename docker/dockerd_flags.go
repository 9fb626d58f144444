package docker

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// unitFlag is one flag found on a dockerd command line.
type unitFlag struct {
	d     directive
	name  string // as written: "-H", "--containerd"
	value string
}

// parseDockerdFlags reads dockerd's arguments (ExecStart= without the
// program) the way its flag parser does: "--name=value", "--name value",
// "-H value", "-Hvalue", boolean flags without a value. A flag dockerd
// (target) does not know, and any non-flag argument, stop dockerd; both are
// errors at the path "dockerd --name".
func parseDockerdFlags(target runtime.Version, args []string) ([]unitFlag, field.ErrorList) {
	root := field.NewFlagPath("dockerd")
	var flags []unitFlag
	var errs field.ErrorList
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			errs = append(errs, field.Invalid(root.Index(i), arg, "dockerd takes no arguments besides flags"))
			continue
		}
		long := strings.HasPrefix(arg, "--")
		body := strings.TrimLeft(arg, "-")
		name, value, hasValue := strings.Cut(body, "=")
		written := "--" + name
		if !long {
			name, value, hasValue = body[:1], body[1:], len(body) > 1
			value = strings.TrimPrefix(value, "=")
			written = "-" + name
		}
		d, ok := lookupFlag(name, !long)
		if !ok || d.AddedAfter(target) {
			errs = append(errs, field.Unknown(root.Child(written), "dockerd "+target.String()+" has no such flag"))
			continue
		}
		if d.RemovedIn(target) {
			errs = append(errs, field.Removed(root.Child(written), arg, "removed in dockerd "+d.Removed.String()+"; "+d.hint))
		}
		if !d.boolFlag && !hasValue {
			if i+1 >= len(args) {
				errs = append(errs, field.Required(root.Child(written), "the flag needs a value"))
				continue
			}
			i++
			value = args[i]
		}
		flags = append(flags, unitFlag{d: d, name: written, value: value})
	}
	return flags, errs
}
