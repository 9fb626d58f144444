package kubelet

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// KubeadmFlagsEnv renders kubeadm-flags.env: one line setting
// KUBELET_KUBEADM_ARGS to every flag of f except the kubeconfig and config
// flags (the drop-in carries those), in double quotes as kubeadm writes it:
//
//	KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=10.0.0.5"
//
// systemd reads the value verbatim and ExecStart= splits $KUBELET_KUBEADM_ARGS
// at whitespace, so each flag must be one word free of quotes, backslashes
// and control characters; KubeadmFlagsEnv refuses any other (Validate
// reports them with their flag's path).
func KubeadmFlagsEnv(f *Flags) ([]byte, error) {
	_, _, rest := splitForKubeadm(f)
	var errs field.ErrorList
	for i, arg := range rest {
		errs = append(errs, checkWord(field.NewPath(EnvKubeadmArgs).Index(i), arg)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// Each word is free of quotes, backslashes and whitespace (checked
	// above), so joining them inside one pair of double quotes is the whole
	// of the env file's quoting.
	return []byte(EnvKubeadmArgs + `="` + strings.Join(rest, " ") + "\"\n"), nil
}

// ParseEnvFile reads an environment file as systemd's EnvironmentFile=
// does for the forms kubeadm and administrators write: NAME=value lines,
// "#" and ";" comment lines, blank lines, a value in double or single quotes
// (a backslash escapes the next character inside double quotes), and
// surrounding whitespace dropped. It returns the variables by name; a later
// line for the same name wins.
func ParseEnvFile(data []byte) (map[string]string, error) {
	vars := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' || s[0] == ';' {
			continue
		}
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t\"'") {
			return nil, fmt.Errorf("line %d: want NAME=VALUE, got %q", line, s)
		}
		v, err := unquoteEnvValue(strings.TrimSpace(value))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		vars[name] = v
	}
	return vars, sc.Err()
}

func unquoteEnvValue(v string) (string, error) {
	if v == "" {
		return v, nil
	}
	switch q := v[0]; q {
	case '"', '\'':
		if len(v) < 2 || v[len(v)-1] != q {
			return "", fmt.Errorf("unterminated quote in %q", v)
		}
		inner := v[1 : len(v)-1]
		if q == '\'' {
			return inner, nil
		}
		var b strings.Builder
		for i := 0; i < len(inner); i++ {
			if inner[i] == '\\' && i+1 < len(inner) {
				i++
			}
			b.WriteByte(inner[i])
		}
		return b.String(), nil
	}
	return v, nil
}

// ParseKubeadmFlagsEnv reads the flags of a kubeadm-flags.env (or of any
// env file that sets KUBELET_KUBEADM_ARGS), split at whitespace as
// ExecStart= splits $KUBELET_KUBEADM_ARGS.
func ParseKubeadmFlagsEnv(data []byte) (*Flags, error) {
	vars, err := ParseEnvFile(data)
	if err != nil {
		return nil, err
	}
	return ParseFlags(strings.Fields(vars[EnvKubeadmArgs]))
}
