package inspect

import (
	"regexp"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Word is one word of a service's command line after its environment was
// substituted, and the node path of the file it came from: the unit, a
// drop-in or an environment file.
type Word struct {
	Text, File string
}

// CommandLine returns the words of a service's effective command line (its
// last ExecStart=) with its environment substituted as systemd does:
// Environment= assignments, then EnvironmentFile= files, which override
// them. A missing EnvironmentFile= that is not optional (systemd refuses to
// start the service) and an environment file that cannot be read or parsed
// are the Node's Findings, once per unit. A unit without a command line
// gives nil.
func (n *Node) CommandLine(u *Unit) []Word {
	svc := u.Service()
	if svc == nil || len(svc.ExecStart) == 0 {
		return nil
	}
	if u.env == nil {
		u.env = n.unitEnv(u)
	}
	return expandCommand(svc.ExecStart[len(svc.ExecStart)-1].Argv, u.env, u.ExecFile())
}

// envVar is one variable of a service's environment and the file that set
// it.
type envVar struct {
	value, file string
}

// unitEnv returns a service's environment as systemd builds it.
func (n *Node) unitEnv(u *Unit) map[string]envVar {
	env := map[string]envVar{}
	svc := u.Service()
	for i, e := range svc.Environment {
		file, _ := u.At("Service", "Environment", i)
		env[e.Name] = envVar{value: e.Value, file: file}
	}
	for i, ef := range svc.EnvironmentFile {
		matches := n.Glob(ef.Path)
		if len(matches) == 0 && !ef.Optional {
			file, p := u.At("Service", "EnvironmentFile", i)
			n.findings.Add(SeverityError, file, field.Invalid(p, ef.Path, "no such file: systemd refuses to start the service (a \"-\" prefix makes it optional)"))
		}
		for _, m := range matches {
			data, err := n.read(m, MaxUnitSize)
			if err != nil {
				continue // a finding of the Node's
			}
			vars, err := systemd.ParseEnvironmentFile(data)
			if err != nil {
				n.findings.AddErr(m, err)
				continue
			}
			for name, v := range vars {
				env[name] = envVar{value: v, file: m}
			}
		}
	}
	return env
}

var (
	wholeVarRE  = regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*)$`)
	bracedVarRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\$`)
)

// expandCommand substitutes a service's environment in its command line
// as systemd does: a word that is exactly $NAME becomes the variable's
// value split at whitespace (nothing when unset), ${NAME} is replaced
// inside a word, and $$ is a literal $.
func expandCommand(argv []string, env map[string]envVar, file string) []Word {
	var out []Word
	for _, a := range argv {
		if m := wholeVarRE.FindStringSubmatch(a); m != nil {
			v := env[m[1]]
			for _, f := range strings.Fields(v.value) {
				out = append(out, Word{Text: f, File: v.file})
			}
			continue
		}
		src := file
		text := bracedVarRE.ReplaceAllStringFunc(a, func(s string) string {
			if s == "$$" {
				return "$"
			}
			v := env[s[2:len(s)-1]]
			if v.file != "" {
				src = v.file
			}
			return v.value
		})
		out = append(out, Word{Text: text, File: src})
	}
	return out
}

// FlagValue returns the value of the last --name=value or --name value in
// args, or "".
func FlagValue(args []string, name string) string {
	vs := FlagValues(args, name)
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// FlagValues returns the value of every --name=value and --name value in
// args, in order.
func FlagValues(args []string, name string) []string {
	var out []string
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, name+"="):
			out = append(out, a[len(name)+1:])
		case a == name && i+1 < len(args):
			out = append(out, args[i+1])
		}
	}
	return out
}
