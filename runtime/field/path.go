package field

import (
	"strconv"
	"strings"
)

// Syntax is the key syntax of the file a Path points into.
type Syntax uint8

const (
	// JSON prints keys joined by dots and indexes in brackets, as in
	// daemon.json or a YAML document: exec-opts[0], log-opts.max-size.
	JSON Syntax = iota
	// TOML prints dotted keys, quoting a key that is not a bare TOML key:
	// plugins."io.containerd.grpc.v1.cri".sandbox_image.
	TOML
	// Unit prints a systemd unit file name, a bracketed section and a key:
	// kubelet.service [Service] ExecStart.
	Unit
	// Flags prints a program followed by its flag: kubelet --node-ip.
	Flags
)

type elementKind uint8

const (
	childElement elementKind = iota
	keyElement
	indexElement
)

type element struct {
	kind  elementKind
	name  string
	index int
}

// Path is an immutable location of a value inside one file. The zero value
// and a nil *Path are the empty path. Methods return new paths and never
// change the receiver, so one parent can be shared by many children.
type Path struct {
	syntax   Syntax
	parent   *Path
	elem     element
	hasValue bool
}

// NewPath returns a JSON-syntax path (daemon.json, YAML files) made of the
// given names.
func NewPath(name string, more ...string) *Path {
	return newPath(JSON, name, more)
}

// NewTOMLPath returns a TOML-syntax path made of the given keys.
func NewTOMLPath(key string, more ...string) *Path {
	return newPath(TOML, key, more)
}

// NewUnitPath returns the path of a systemd unit file or drop-in, such as
// "kubelet.service" or "kubelet.service.d/10-kubeadm.conf". Its first Child
// is a section and the next a key: kubelet.service [Service] ExecStart.
func NewUnitPath(file string) *Path {
	return newPath(Unit, file, nil)
}

// NewFlagPath returns the path of a program's command line; its Child is a
// flag: kubelet --node-ip.
func NewFlagPath(program string) *Path {
	return newPath(Flags, program, nil)
}

func newPath(s Syntax, name string, more []string) *Path {
	p := &Path{syntax: s, elem: element{kind: childElement, name: name}, hasValue: true}
	for _, m := range more {
		p = p.Child(m)
	}
	return p
}

// Syntax reports the syntax the path prints in.
func (p *Path) Syntax() Syntax {
	if p == nil {
		return JSON
	}
	return p.syntax
}

// Child returns the path of a named field, table, section or flag below p.
func (p *Path) Child(name string, more ...string) *Path {
	c := p.with(element{kind: childElement, name: name})
	for _, m := range more {
		c = c.with(element{kind: childElement, name: m})
	}
	return c
}

// Key returns the path of an entry of a map below p: a runtime name under
// runtimes, a log option under log-opts.
func (p *Path) Key(key string) *Path {
	return p.with(element{kind: keyElement, name: key})
}

// Index returns the path of the i-th element of a list at p.
func (p *Path) Index(i int) *Path {
	return p.with(element{kind: indexElement, index: i})
}

// Join returns q placed below p: every element of q, in p's syntax, so a
// caller can put a component's problems under a path of its own. A nil p
// gives q.
func (p *Path) Join(q *Path) *Path {
	if p == nil || !p.hasValue {
		return q
	}
	var elems []element
	for ; q != nil && q.hasValue; q = q.parent {
		elems = append(elems, q.elem)
	}
	for i := len(elems) - 1; i >= 0; i-- {
		p = p.with(elems[i])
	}
	return p
}

func (p *Path) with(e element) *Path {
	if p == nil || !p.hasValue {
		return &Path{elem: e, hasValue: true}
	}
	return &Path{syntax: p.syntax, parent: p, elem: e, hasValue: true}
}

// Root returns the first element of the path: the top key, unit file or
// program.
func (p *Path) Root() string {
	if p == nil || !p.hasValue {
		return ""
	}
	for p.parent != nil {
		p = p.parent
	}
	return p.elem.name
}

// String prints the path in its file's syntax.
func (p *Path) String() string {
	if p == nil || !p.hasValue {
		return ""
	}
	var elems []element
	for q := p; q != nil; q = q.parent {
		elems = append(elems, q.elem)
	}
	var b strings.Builder
	depth := 0
	for i := len(elems) - 1; i >= 0; i-- {
		e := elems[i]
		if e.kind == indexElement {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
			continue
		}
		p.writeName(&b, e, depth)
		depth++
	}
	return b.String()
}

// writeName writes one name of the path. A key comes from the input (a
// map key, a section name), so a long one is cut like a long value; a
// unit path's root, the unit's file name, stays whole so a caller can
// strip it (inspect.DisplayPath).
func (p *Path) writeName(b *strings.Builder, e element, depth int) {
	if (depth > 0 || p.syntax != Unit) && len(e.name) > maxValueBytes {
		defer b.WriteString(lengthNote(len(e.name)))
		e.name = prefix(e.name, maxValueBytes)
	}
	switch p.syntax {
	case Unit:
		switch depth {
		case 0:
			b.WriteString(e.name)
		case 1:
			b.WriteString(" [")
			b.WriteString(e.name)
			b.WriteByte(']')
		default:
			b.WriteByte(' ')
			b.WriteString(e.name)
		}
	case Flags:
		if depth > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.name)
	default:
		if depth > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quoteKey(e.name))
	}
}

// quoteKey leaves a bare key (letters, digits, '-' and '_', as TOML defines
// it) alone and quotes any other key, so that dotted keys like
// "io.containerd.grpc.v1.cri" stay one key when the path is read back.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return strconv.Quote(k)
		}
	}
	return k
}
