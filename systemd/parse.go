package systemd

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/coreos/go-systemd/v22/unit"
)

// ParseUnitFile reads a unit file named name (docker.service) as systemd
// does, keeping every key and value (see "Parsing" in the package doc).
// The name is not checked and nothing is validated: call Validate for that.
func ParseUnitFile(name string, data []byte) (*UnitFile, error) {
	s, err := parseSections(data)
	if err != nil {
		return nil, fmt.Errorf("systemd: parse %s: %w", name, err)
	}
	return &UnitFile{Name: name, Sections: s}, nil
}

// ParseDropIn reads the drop-in file name (10-kubeadm.conf) of unitName
// (kubelet.service), as [ParseUnitFile] reads a unit.
func ParseDropIn(unitName, name string, data []byte) (*DropIn, error) {
	s, err := parseSections(data)
	if err != nil {
		return nil, fmt.Errorf("systemd: parse %s.d/%s: %w", unitName, name, err)
	}
	return &DropIn{Unit: unitName, Name: name, Sections: s}, nil
}

func parseSections(data []byte) (Sections, error) {
	raw, err := unit.DeserializeSections(bytes.NewReader(prepareText(data)))
	if err != nil {
		return Sections{}, err
	}
	var s Sections
	spilled := map[string]map[string]bool{}
	for _, sec := range raw {
		sp := spilled[sec.Section]
		if sp == nil {
			sp = map[string]bool{}
			spilled[sec.Section] = sp
		}
		switch sec.Section {
		case "Unit":
			unitCodec.decode(&s.Unit, sec.Entries, sp)
		case "Service":
			serviceCodec.decode(&s.Service, sec.Entries, sp)
		case "Socket":
			socketCodec.decode(&s.Socket, sec.Entries, sp)
		case "Install":
			installCodec.decode(&s.Install, sec.Entries, sp)
		default:
			i := 0
			for i < len(s.Extra) && s.Extra[i].Name != sec.Section {
				i++
			}
			if i == len(s.Extra) {
				s.Extra = append(s.Extra, Section{Name: sec.Section})
			}
			for _, e := range sec.Entries {
				s.Extra[i].Options = append(s.Extra[i].Options, Option{Name: e.Name, Value: normalizeValue(e.Value)})
			}
		}
	}
	return s, nil
}

// prepareText makes go-systemd's reader agree with systemd's on two points.
// systemd skips a comment line anywhere, even inside a continued value, and
// a comment never continues; go-systemd would take such a line as part of
// the value, or continue a comment ending in a backslash. So comment lines
// are dropped here. And systemd continues a line only when its last
// backslash is not itself escaped ("\\" ends no line), while go-systemd
// continues on any trailing backslash; a space after an even run keeps
// go-systemd from continuing (values are trimmed, so it adds nothing).
func prepareText(data []byte) []byte {
	lines := bytes.Split(data, []byte("\n"))
	out := make([][]byte, 0, len(lines))
	for _, l := range lines {
		if t := bytes.TrimLeft(l, whitespace); len(t) > 0 && (t[0] == '#' || t[0] == ';') {
			continue
		}
		body, cr := bytes.CutSuffix(l, []byte("\r"))
		n := len(body) - len(bytes.TrimRight(body, `\`))
		if n > 0 && n%2 == 0 {
			fixed := append(append([]byte{}, body...), ' ')
			if cr {
				fixed = append(fixed, '\r')
			}
			l = fixed
		}
		out = append(out, l)
	}
	return bytes.Join(out, []byte("\n"))
}

// normalizeValue undoes go-systemd's continuation: it keeps the backslash
// and the newline, where systemd replaces the backslash by a space and
// appends the next line as it is.
func normalizeValue(v string) string {
	return strings.TrimSpace(strings.ReplaceAll(v, "\\\n", " "))
}
