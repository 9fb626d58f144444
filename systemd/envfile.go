package systemd

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// ParseEnvironmentFile reads the contents of a file an EnvironmentFile=
// line names, for the forms kubeadm and administrators write: NAME=value
// lines, "#" and ";" comment lines, blank lines, a value in double or
// single quotes (a backslash escapes the next character inside double
// quotes), and surrounding whitespace dropped. It returns the variables by
// name; a later line for the same name wins. A line it cannot read is an
// error naming the line.
func ParseEnvironmentFile(data []byte) (map[string]string, error) {
	vars := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' || s[0] == ';' {
			continue
		}
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t\"'") {
			return nil, fmt.Errorf("line %d: want NAME=VALUE, got %q", line, s)
		}
		v, err := unquoteEnvFileValue(strings.TrimSpace(value))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		vars[name] = v
	}
	return vars, sc.Err()
}

// unquoteEnvFileValue removes one pair of quotes around a value: single
// quotes keep everything inside, double quotes drop each backslash before
// the character it escapes.
func unquoteEnvFileValue(v string) (string, error) {
	if v == "" || v[0] != '"' && v[0] != '\'' {
		return v, nil
	}
	q := v[0]
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
