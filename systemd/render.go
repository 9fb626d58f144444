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
	return render(u.validate())
}

// Render validates the drop-in and returns its file content, as
// [UnitFile.Render] does.
func (d *DropIn) Render() ([]byte, error) {
	if d == nil {
		return nil, errors.New("systemd: render of a nil drop-in")
	}
	return render(d.validate())
}

// render returns the sections' bytes, or the problems and no bytes.
func render(secs []renderedSection, errs field.ErrorList) ([]byte, error) {
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return serializeSections(secs), nil
}

// renderedSection is a section as lines: Validate checks the lengths of
// the very lines Render then writes.
type renderedSection struct {
	name  string
	path  *field.Path
	lines []unitLine
}

func (s *Sections) sections(root *field.Path) []renderedSection {
	out := make([]renderedSection, 0, 4+len(s.Extra))
	out = unitCodec.render(out, s.Unit, root)
	out = serviceCodec.render(out, s.Service, root)
	out = socketCodec.render(out, s.Socket, root)
	out = installCodec.render(out, s.Install, root)
	for _, sec := range s.Extra {
		var p *field.Path
		if root != nil {
			p = sectionPath(root, sec.Name)
		}
		out = append(out, renderedSection{name: sec.Name, path: p, lines: optionLines(sec.Options, p)})
	}
	return out
}

// childOf is root's child name, or nil when root is nil: the first pass of
// validation (see validateTwice) builds no path.
func childOf(root *field.Path, name string) *field.Path {
	if root == nil {
		return nil
	}
	return root.Child(name)
}

// sectionOf returns the path of the typed section name, or nil.
func sectionOf(secs []renderedSection, name string) *field.Path {
	for _, s := range secs {
		if s.name == name {
			return s.path
		}
	}
	return nil
}

// serializeSections hands the lines to go-systemd, which writes names and values
// verbatim; Validate has made sure that is safe.
func serializeSections(secs []renderedSection) []byte {
	n := 0
	for _, s := range secs {
		n += len(s.lines)
	}
	// One array of entries and one of pointers to them for the whole file.
	entries := make([]unit.UnitEntry, 0, n)
	ptrs := make([]*unit.UnitEntry, n)
	sections := make([]unit.UnitSection, len(secs))
	us := make([]*unit.UnitSection, len(secs))
	for i, s := range secs {
		first := len(entries)
		for _, l := range s.lines {
			entries = append(entries, unit.UnitEntry{Name: l.name, Value: l.value})
			ptrs[len(entries)-1] = &entries[len(entries)-1]
		}
		sections[i] = unit.UnitSection{Section: s.name, Entries: ptrs[first:len(entries):len(entries)]}
		us[i] = &sections[i]
	}
	r := unit.SerializeSections(us)
	if b, ok := r.(*bytes.Buffer); ok {
		return b.Bytes()
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r) // a bytes.Buffer's reader does not fail
	return buf.Bytes()
}
