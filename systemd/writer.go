package systemd

import (
	"strconv"
	"strings"
	"sync"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime/field"
)

// A typical unit file fits in a unitWriter's own arrays: kubenode's units
// have at most four sections and, like containerd.service, a few lines
// under twenty.
const (
	smallSections = 4
	smallEntries  = 24
)

// unitWriter builds one file's sections directly as go-systemd's
// serializer takes them, and checks each line's length as it adds it, so
// Validate checks the very lines Render then writes.
//
// Every line of the file is an element of one backing array (entries), and
// go-systemd's sections point into it. For a file of up to smallSections
// sections and smallEntries lines, those arrays are the writer's own, so
// the structure of a typical file costs no allocation once the pool
// (unitWriters) holds a writer; a larger file gets arrays made at its
// exact size.
type unitWriter struct {
	// secs backs the sections, in file order; sections points to them.
	secs     []unit.UnitSection
	sections []*unit.UnitSection
	// entries backs every line of the file; ptrs points to them, and each
	// section's Entries is a window of ptrs.
	entries []unit.UnitEntry
	ptrs    []*unit.UnitEntry
	// first is the index of the current section's first line.
	first int
	// section is the path of the current section, nil in the pass without
	// paths (see validateTwice).
	section *field.Path
	// values holds the values that had to be formatted.
	values valueBuffer
	// long lists the problems of lines longer than LineMax, in file order.
	long field.ErrorList

	secArray   [smallSections]unit.UnitSection
	secPtrs    [smallSections]*unit.UnitSection
	entryArray [smallEntries]unit.UnitEntry
	entryPtrs  [smallEntries]*unit.UnitEntry
}

// unitWriters keeps writers between files: a writer's own arrays are
// the larger part of what rendering a unit allocates, and a file's
// sections are dead once serialized (see release).
var unitWriters = sync.Pool{New: func() any { return new(unitWriter) }}

// newUnitWriter returns a writer for a file of the given number of
// sections and lines, whose formatted values take about size bytes. Its
// sections are valid until release.
func newUnitWriter(sections, lines, size int) *unitWriter {
	w := unitWriters.Get().(*unitWriter)
	w.values.want = size
	if sections <= smallSections {
		w.secs, w.sections = w.secArray[:0], w.secPtrs[:0]
	} else {
		w.secs, w.sections = make([]unit.UnitSection, 0, sections), make([]*unit.UnitSection, 0, sections)
	}
	if lines <= smallEntries {
		w.entries, w.ptrs = w.entryArray[:0], w.entryPtrs[:0]
	} else {
		w.entries, w.ptrs = make([]unit.UnitEntry, 0, lines), make([]*unit.UnitEntry, 0, lines)
	}
	return w
}

// release returns the writer to the pool, its arrays cleared as far as
// the file used them, so that the pool holds no value of the file (an
// Environment= line may hold a proxy's credentials); nothing it built may
// be used after. Clearing only the used part keeps a small file's release
// cheap while the collector runs, when clearing memory that holds
// pointers costs a write barrier per word.
func (w *unitWriter) release() {
	clear(w.secArray[:min(len(w.secs), smallSections)])
	clear(w.secPtrs[:min(len(w.sections), smallSections)])
	clear(w.entryArray[:min(len(w.entries), smallEntries)])
	clear(w.entryPtrs[:min(len(w.ptrs), smallEntries)])
	w.secs, w.sections, w.entries, w.ptrs = nil, nil, nil, nil
	w.first, w.section, w.values, w.long = 0, nil, valueBuffer{}, nil
	unitWriters.Put(w)
}

// beginSection starts the section name, whose path is p.
func (w *unitWriter) beginSection(name string, p *field.Path) {
	w.section = p
	w.first = len(w.entries)
	// "[name]\n"
	if n := len(name) + 3; n > LineMax {
		w.long = append(w.long, field.TooLong(p, n, LineMax))
	}
}

// endSection ends the section name with the lines added since beginSection.
func (w *unitWriter) endSection(name string) {
	end := len(w.ptrs)
	w.secs = append(w.secs, unit.UnitSection{Section: name, Entries: w.ptrs[w.first:end:end]})
	w.sections = append(w.sections, &w.secs[len(w.secs)-1])
}

// add appends the line name=value. The entries were sized for the whole
// file, so the pointer to an entry stays the pointer to the array that
// holds every line; were they not, growing would copy the entries and the
// old array, still pointed to, would keep the same values.
func (w *unitWriter) add(name, value string) int {
	w.entries = append(w.entries, unit.UnitEntry{Name: name, Value: value})
	w.ptrs = append(w.ptrs, &w.entries[len(w.entries)-1])
	// "name=value\n"
	return len(name) + len(value) + 2
}

// line adds a typed key's line; index is the element of a list key it
// holds, -1 for a scalar key. A line too long is reported at the key, or
// at the element.
func (w *unitWriter) line(name string, index int, value string) {
	if n := w.add(name, value); n > LineMax {
		p := w.section.Child(name)
		if index >= 0 {
			p = p.Index(index)
		}
		w.long = append(w.long, field.TooLong(p, n, LineMax))
	}
}

// option adds the raw option o, element i of its section's Extra.
func (w *unitWriter) option(o Option, i int) {
	if n := w.add(o.Name, o.Value); n > LineMax {
		w.long = append(w.long, field.TooLong(optionPath(w.section, o, i), n, LineMax))
	}
}

// valueBuffer holds the values of one file that are formatted rather than
// written as they are (commands with arguments, assignments, numbers): each
// is a substring of one buffer, made on the first write at the size the
// file's keys estimated. A strings.Builder never changes the bytes it has
// written, even when it grows into a new array, so a value taken from it
// stays valid and unchanged.
type valueBuffer struct {
	b    strings.Builder
	want int
}

// mark starts a value and returns where it starts.
func (v *valueBuffer) mark() int {
	if v.b.Cap() == 0 {
		v.b.Grow(v.want)
	}
	return v.b.Len()
}

// since returns the value written since mark returned m.
func (v *valueBuffer) since(m int) string {
	return v.b.String()[m:]
}

// formatInt is n in decimal, as strconv.Itoa writes it.
func formatInt(v *valueBuffer, n int) string {
	m := v.mark()
	var digits [20]byte
	v.b.Write(strconv.AppendInt(digits[:0], int64(n), 10))
	return v.since(m)
}

// formatBoolValue is formatBool as a key's formatter; it needs no buffer.
func formatBoolValue(_ *valueBuffer, b bool) string {
	return formatBool(b)
}

// formatCommand is an Exec*= line's value: the empty value for the reset,
// the program itself when it stands alone and needs no quoting, and
// otherwise [Command.String], written to v.
func formatCommand(v *valueBuffer, c Command) string {
	switch {
	case c.IsReset():
		return ""
	case len(c.Argv) == 1 && !c.IgnoreFailure && c.Prefix == "" && !needsQuoting(c.Argv[0]):
		return c.Argv[0]
	}
	m := v.mark()
	c.writeTo(&v.b)
	return v.since(m)
}

// commandSize estimates the bytes formatCommand writes for c: every word
// with a space and a pair of quotes. A lone program is usually its own
// value.
func commandSize(c Command) int {
	if len(c.Argv) <= 1 && !c.IgnoreFailure && c.Prefix == "" {
		return 0
	}
	n := len(c.Prefix) + 1
	for _, a := range c.Argv {
		n += len(a) + 3
	}
	return n
}

// formatEnv is an Environment= line's value, [Env.String], written to v.
func formatEnv(v *valueBuffer, e Env) string {
	if e.IsReset() {
		return ""
	}
	m := v.mark()
	e.writeTo(&v.b)
	return v.since(m)
}

// envSize estimates the bytes formatEnv writes for e.
func envSize(e Env) int {
	return len(e.Name) + len(e.Value) + 3
}

// formatEnvironmentFile is an EnvironmentFile= line's value,
// [EnvironmentFile.String]; only an optional file needs the buffer, for
// its "-".
func formatEnvironmentFile(v *valueBuffer, f EnvironmentFile) string {
	if !f.Optional {
		return f.Path
	}
	m := v.mark()
	v.b.WriteByte('-')
	v.b.WriteString(f.Path)
	return v.since(m)
}

// environmentFileSize is the bytes formatEnvironmentFile writes for f.
func environmentFileSize(f EnvironmentFile) int {
	if !f.Optional {
		return 0
	}
	return len(f.Path) + 1
}
