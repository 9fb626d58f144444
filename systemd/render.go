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

// render returns the bytes of the sections w holds, or the problems and
// no bytes, and releases w.
func render(w *unitWriter, errs field.ErrorList) ([]byte, error) {
	defer w.release()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return serializeSections(w.sections), nil
}

// writer returns a writer made at the size of s's file, and the keys each
// typed section sets (see sectionCodec.measure).
func (s *Sections) writer() (*unitWriter, sectionKeys) {
	var keys sectionKeys
	sections, lines, size := 0, 0, 0
	add := func(l, n int, set keySet) keySet {
		sections, lines, size = sections+1, lines+l, size+n
		return set
	}
	if s.Unit != nil {
		keys.unit = add(unitCodec.measure(s.Unit))
	}
	if s.Service != nil {
		keys.service = add(serviceCodec.measure(s.Service))
	}
	if s.Socket != nil {
		keys.socket = add(socketCodec.measure(s.Socket))
	}
	if s.Install != nil {
		keys.install = add(installCodec.measure(s.Install))
	}
	for _, sec := range s.Extra {
		sections, lines = sections+1, lines+len(sec.Options)
	}
	return newUnitWriter(sections, lines, size), keys
}

// sectionKeys are the keys each typed section of a file sets.
type sectionKeys struct {
	unit, service, socket, install keySet
}

// childOf is root's child name, or nil when root is nil: the first pass of
// validation (see validateTwice) builds no path.
func childOf(root *field.Path, name string) *field.Path {
	if root == nil {
		return nil
	}
	return root.Child(name)
}

// serializeSections hands the sections to go-systemd, which writes names
// and values verbatim; Validate has made sure that is safe.
func serializeSections(secs []*unit.UnitSection) []byte {
	r := unit.SerializeSections(secs)
	if b, ok := r.(*bytes.Buffer); ok {
		return b.Bytes()
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r) // a bytes.Buffer's reader does not fail
	return buf.Bytes()
}
