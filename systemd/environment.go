package systemd

import (
	"errors"
	"strings"
)

// Env is one variable of an Environment= line. It renders as its own line,
// quoted by [QuoteWord] only when systemd needs it:
//
//	Environment=KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml
//	Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
//
// The zero Env is the empty assignment ("Environment="), which clears every
// variable set before it. systemd expands "%" specifiers in the value but
// never "$" variables.
type Env struct {
	// Name is a shell-style variable name: letters, digits and "_", not
	// starting with a digit.
	Name string
	// Value is the value, any UTF-8 text without line breaks or NUL.
	Value string
}

// IsReset reports whether e is the empty assignment.
func (e Env) IsReset() bool {
	return e == Env{}
}

// String returns the assignment as the value of an Environment= line.
func (e Env) String() string {
	if e.IsReset() {
		return ""
	}
	var b strings.Builder
	b.Grow(len(e.Name) + len(e.Value) + 3)
	e.writeTo(&b)
	return b.String()
}

// writeTo writes QuoteWord(e.Name + "=" + e.Value) to b without building
// that word first. "=" is ASCII and needs no quoting, so the word needs
// quoting when its name or value does (it is never "" or ";"), and
// escaping the name, "=" and the value one after the other escapes the
// word (see writeEscaped).
func (e Env) writeTo(b *strings.Builder) {
	if !hasQuotable(e.Name) && !hasQuotable(e.Value) {
		b.WriteString(e.Name)
		b.WriteByte('=')
		b.WriteString(e.Value)
		return
	}
	b.WriteByte('"')
	writeEscaped(b, e.Name)
	b.WriteByte('=')
	writeEscaped(b, e.Value)
	b.WriteByte('"')
}

// parseEnv splits an Environment= value into its assignments; the empty
// value gives the reset. A word without "=" is not an assignment (systemd
// ignores it), so the whole line is reported as not fitting.
func parseEnv(value string) ([]Env, error) {
	if value == "" {
		return []Env{{}}, nil
	}
	words, err := SplitWords(value)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errors.New("no assignment")
	}
	envs := make([]Env, 0, len(words))
	for _, w := range words {
		name, val, ok := strings.Cut(w, "=")
		if !ok || name == "" && val == "" {
			return nil, errors.New("not an assignment: " + w)
		}
		envs = append(envs, Env{Name: name, Value: val})
	}
	return envs, nil
}

// EnvironmentFile is one EnvironmentFile= line: a file of NAME=value lines
// read when the service starts. The zero EnvironmentFile is the empty
// assignment, which clears the files listed before it.
type EnvironmentFile struct {
	// Path is the absolute path of the file (a glob is allowed).
	Path string
	// Optional is the "-" prefix: a missing file is not an error.
	Optional bool
}

// IsReset reports whether f is the empty assignment.
func (f EnvironmentFile) IsReset() bool {
	return f == EnvironmentFile{}
}

// String returns the value of the EnvironmentFile= line.
func (f EnvironmentFile) String() string {
	if f.Optional {
		return "-" + f.Path
	}
	return f.Path
}

// parseEnvironmentFile reads an EnvironmentFile= value, which always fits.
func parseEnvironmentFile(value string) ([]EnvironmentFile, error) {
	p, optional := strings.CutPrefix(value, "-")
	return []EnvironmentFile{{Path: p, Optional: optional}}, nil
}
