package systemd

import (
	"bytes"
	"errors"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime/field"
)

// Render validates the unit and returns its file content; on any problem it
// returns Validate's error and no bytes. Sections come in the order [Unit],
// [Service], [Socket], [Install], then Extra; keys in struct order, then the
// section's Extra options. Unset fields are left out. The output ends with
// exactly one newline and depends on nothing but u.
func (u *UnitFile) Render() ([]byte, error) {
	if u == nil {
		return nil, errors.New("systemd: render of a nil unit file")
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return serializeSections(u.sections(field.NewUnitPath(u.Name))), nil
}

// Render validates the drop-in and returns its file content, as
// [UnitFile.Render] does.
func (d *DropIn) Render() ([]byte, error) {
	if d == nil {
		return nil, errors.New("systemd: render of a nil drop-in")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return serializeSections(d.sections(field.NewUnitPath(d.file()))), nil
}

// renderedSection is a section as lines, shared by Render and by
// Validate's line-length check so both see the same bytes.
type renderedSection struct {
	name  string
	path  *field.Path
	lines []unitLine
}

func (s *Sections) sections(root *field.Path) []renderedSection {
	var out []renderedSection
	add := func(name string, lines func(*field.Path) []unitLine) {
		p := root.Child(name)
		out = append(out, renderedSection{name: name, path: p, lines: lines(p)})
	}
	if s.Unit != nil {
		add("Unit", func(p *field.Path) []unitLine { return unitCodec.lines(s.Unit, p) })
	}
	if s.Service != nil {
		add("Service", func(p *field.Path) []unitLine { return serviceCodec.lines(s.Service, p) })
	}
	if s.Socket != nil {
		add("Socket", func(p *field.Path) []unitLine { return socketCodec.lines(s.Socket, p) })
	}
	if s.Install != nil {
		add("Install", func(p *field.Path) []unitLine { return installCodec.lines(s.Install, p) })
	}
	for _, sec := range s.Extra {
		p := sectionPath(root, sec.Name)
		out = append(out, renderedSection{name: sec.Name, path: p, lines: optionLines(sec.Options, p)})
	}
	return out
}

// serializeSections hands the lines to go-systemd, which writes names and values
// verbatim; Validate has made sure that is safe.
func serializeSections(secs []renderedSection) []byte {
	us := make([]*unit.UnitSection, 0, len(secs))
	for _, s := range secs {
		entries := make([]*unit.UnitEntry, 0, len(s.lines))
		for _, l := range s.lines {
			entries = append(entries, &unit.UnitEntry{Name: l.name, Value: l.value})
		}
		us = append(us, &unit.UnitSection{Section: s.name, Entries: entries})
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(unit.SerializeSections(us)) // a bytes.Buffer's reader does not fail
	return buf.Bytes()
}
