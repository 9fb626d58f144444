package systemd

import (
	"math/bits"
	"strconv"
	"strings"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime/field"
)

// A section type (Unit, Service, ...) is described once, as a table of keys
// in struct order. The same table renders, parses and validates the
// section, so the three cannot disagree on a key's name or order.

// keyDef describes one typed field of a section struct T.
type keyDef[T any] struct {
	name string
	// list keys render one line per element, reported at Index(i).
	list bool
	// measure returns how many lines the field renders (none when unset)
	// and about how many bytes of formatted values they need, so a file's
	// writer is made at its size.
	measure func(s *T) (lines, size int)
	// write adds the field's lines to w, in order.
	write func(w *unitWriter, s *T)
	// decode stores a parsed value and reports whether it fits the field.
	// It changes nothing when it returns false: the caller keeps the value
	// as a raw Option instead.
	decode func(*T, string) bool
	// check validates the field; section is the path of its section, below
	// which it builds the key's path only when there is a value to check.
	check func(s *T, section *field.Path) field.ErrorList
}

// sectionCodec is the key table of one section type.
type sectionCodec[T any] struct {
	name  string
	keys  []keyDef[T]
	extra func(*T) *[]Option
}

func (c *sectionCodec[T]) find(name string) *keyDef[T] {
	for i := range c.keys {
		if c.keys[i].name == name {
			return &c.keys[i]
		}
	}
	return nil
}

// keySet marks keys of a section table, bit i for keys[i]: a table has
// fewer than 64 keys (TestKeyTablesFitKeySet).
type keySet uint64

// measure returns how many lines s renders, about how many bytes of
// formatted values, and which keys render any. A key that renders no
// line has nothing to write and nothing to check (each kind of key below
// checks only the values it renders), so write and validate visit only
// the keys of set: a unit sets a few of its table's dozens.
func (c *sectionCodec[T]) measure(s *T) (lines, size int, set keySet) {
	for i := range c.keys {
		l, n := c.keys[i].measure(s)
		if l > 0 {
			set |= 1 << i
		}
		lines += l
		size += n
	}
	return lines + len(*c.extra(s)), size, set
}

// write adds the section s, at path p, to w: the typed keys of set in
// table order, then the raw options.
func (c *sectionCodec[T]) write(w *unitWriter, s *T, p *field.Path, set keySet) {
	w.beginSection(c.name, p)
	for ; set != 0; set &= set - 1 {
		c.keys[bits.TrailingZeros64(uint64(set))].write(w, s)
	}
	for i, o := range *c.extra(s) {
		w.option(o, i)
	}
	w.endSection(c.name)
}

// optionPath reports a raw option at its key name, as the file spells it;
// a name that cannot be printed as a key falls back to Extra[i].
func optionPath(p *field.Path, o Option, i int) *field.Path {
	if validName(o.Name) {
		return p.Child(o.Name)
	}
	return p.Child("Extra").Index(i)
}

// decode fills *dst, allocated when nil, from a section's entries in file
// order. Once a key has had a value that does not fit its field, every
// later value of that key stays raw too, so the rendered lines keep the
// file's relative order for the key (which decides resets and which scalar
// wins). spilled records those keys across repeated sections of one name.
func (c *sectionCodec[T]) decode(dst **T, entries []*unit.UnitEntry, spilled map[string]bool) {
	if *dst == nil {
		*dst = new(T)
	}
	s := *dst
	for _, e := range entries {
		v := normalizeValue(e.Value)
		if k := c.find(e.Name); k != nil && !spilled[e.Name] && k.decode(s, v) {
			continue
		}
		spilled[e.Name] = true
		extra := c.extra(s)
		*extra = append(*extra, Option{Name: e.Name, Value: v})
	}
}

// validate checks the typed fields of set (see measure) and every raw
// option. A raw option
// whose value would fit its typed field is refused the way parsing decides
// it: keeping it raw would render it out of the field's order.
func (c *sectionCodec[T]) validate(s *T, p *field.Path, set keySet) field.ErrorList {
	var errs field.ErrorList
	for ; set != 0; set &= set - 1 {
		errs = append(errs, c.keys[bits.TrailingZeros64(uint64(set))].check(s, p)...)
	}
	extra := *c.extra(s)
	if len(extra) == 0 {
		return errs
	}
	spilled := map[string]bool{}
	for i, o := range extra {
		errs = append(errs, checkOption(o, p, i)...)
		if spilled[o.Name] {
			continue
		}
		if k := c.find(o.Name); k != nil {
			var probe T
			if k.decode(&probe, o.Value) && (k.list || !k.isSet(s)) {
				errs = append(errs, field.Forbidden(optionPath(p, o, i), o.Value,
					"the value fits the typed field "+c.name+"."+o.Name+"; set that instead"))
				continue
			}
		}
		spilled[o.Name] = true
	}
	return errs
}

// isSet reports whether the field renders any line.
func (k *keyDef[T]) isSet(s *T) bool {
	lines, _ := k.measure(s)
	return lines > 0
}

// textKey is a scalar kept as written: free text, a name, a Timespan, a
// Limit or an enum. The empty value is "unset".
func textKey[T any, S ~string](name string, get func(*T) *S, check func(S, *field.Path) field.ErrorList) keyDef[T] {
	return keyDef[T]{
		name: name,
		measure: func(s *T) (int, int) {
			if *get(s) != "" {
				return 1, 0
			}
			return 0, 0
		},
		write: func(w *unitWriter, s *T) {
			if v := *get(s); v != "" {
				w.line(name, -1, string(v))
			}
		},
		decode: func(s *T, v string) bool {
			f := get(s)
			if v == "" || *f != "" {
				return false
			}
			*f = S(v)
			return true
		},
		check: func(s *T, section *field.Path) field.ErrorList {
			if v := *get(s); v != "" && hasProblem(check, v) {
				return check(v, section.Child(name))
			}
			return nil
		},
	}
}

// listKey is a list of strings. With split, one line may hold several
// whitespace-separated elements (After=a b), as systemd reads unit lists;
// without, the whole value is one element (a path that may hold spaces).
func listKey[T any](name string, get func(*T) *[]string, split bool, check func(string, *field.Path) field.ErrorList) keyDef[T] {
	return keyDef[T]{
		name: name,
		list: true,
		measure: func(s *T) (int, int) {
			return len(*get(s)), 0
		},
		write: func(w *unitWriter, s *T) {
			for i, v := range *get(s) {
				w.line(name, i, v)
			}
		},
		decode: func(s *T, v string) bool {
			f := get(s)
			switch {
			case v == "" || !split:
				*f = append(*f, v)
			case strings.ContainsAny(v, `"'`):
				// systemd's unquoting differs between these keys; keep the
				// line raw rather than guess.
				return false
			default:
				*f = append(*f, strings.FieldsFunc(v, func(r rune) bool { return r < 0x80 && isWhitespace(byte(r)) })...)
			}
			return true
		},
		check: func(s *T, section *field.Path) field.ErrorList {
			var errs field.ErrorList
			var kp *field.Path
			for i, v := range *get(s) {
				if v != "" && hasProblem(check, v) {
					if kp == nil {
						kp = section.Child(name)
					}
					errs = append(errs, check(v, kp.Index(i))...)
				}
			}
			return errs
		},
	}
}

// pointerKey is a scalar that is unset when nil: format renders it (in the
// file's buffer, when it must build the value), size is about how many
// bytes that takes, parse reads it (false when the value does not fit),
// valid checks it and detail says what valid accepts.
func pointerKey[T, V any](name string, get func(*T) **V, format func(*valueBuffer, V) string, size int, parse func(string) (V, bool), valid func(V) bool, detail string) keyDef[T] {
	return keyDef[T]{
		name: name,
		measure: func(s *T) (int, int) {
			if *get(s) != nil {
				return 1, size
			}
			return 0, 0
		},
		write: func(w *unitWriter, s *T) {
			if v := *get(s); v != nil {
				w.line(name, -1, format(&w.values, *v))
			}
		},
		decode: func(s *T, v string) bool {
			f := get(s)
			x, ok := parse(v)
			if !ok || *f != nil {
				return false
			}
			*f = &x
			return true
		},
		check: func(s *T, section *field.Path) field.ErrorList {
			if v := *get(s); v != nil && !valid(*v) {
				return field.ErrorList{field.Invalid(section.Child(name), *v, detail)}
			}
			return nil
		},
	}
}

// hasProblem reports whether check finds a problem in v, checking it
// without a path: a valid value, the common case, then costs no path, and
// only a value with problems is checked again at its real path. A check is
// a pure function of its value, so the second run reports the same
// problems.
func hasProblem[V any](check func(V, *field.Path) field.ErrorList, v V) bool {
	return len(check(v, nil)) > 0
}

// boolKey renders yes/no and parses every spelling systemd accepts.
func boolKey[T any](name string, get func(*T) **bool) keyDef[T] {
	return pointerKey(name, get, formatBoolValue, 0, parseBool, func(bool) bool { return true }, "")
}

// intKey is a decimal integer in [lo, hi].
func intKey[T any](name string, get func(*T) **int, lo, hi int) keyDef[T] {
	parse := func(v string) (int, bool) {
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	inRange := func(n int) bool { return n >= lo && n <= hi }
	// An int has at most 20 bytes with its sign.
	return pointerKey(name, get, formatInt, 20, parse, inRange, "must be from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
}

// commandKey is an Exec*= list. A line holding several commands separated
// by ";" becomes several Commands, one line each when rendered.
func commandKey[T any](name string, get func(*T) *[]Command) keyDef[T] {
	return typedListKey(name, get, formatCommand, commandSize, ParseCommands, checkCommand)
}

// envKey is the Environment= list; a line with several assignments becomes
// several Env, one line each when rendered.
func envKey[T any](name string, get func(*T) *[]Env) keyDef[T] {
	return typedListKey(name, get, formatEnv, envSize, parseEnv, checkEnv)
}

// envFileKey is the EnvironmentFile= list.
func envFileKey[T any](name string, get func(*T) *[]EnvironmentFile) keyDef[T] {
	return typedListKey(name, get, formatEnvironmentFile, environmentFileSize, parseEnvironmentFile, checkEnvironmentFile)
}

// typedListKey is a list of typed elements E, one line each: format
// writes an element's value (in the file's buffer, when it must build it),
// size is about how many bytes that takes, parse reads a line into
// elements (an error when it does not fit, and the line stays raw), check
// checks one element.
func typedListKey[T, E any](name string, get func(*T) *[]E, format func(*valueBuffer, E) string, size func(E) int, parse func(string) ([]E, error), check func(E, *field.Path) field.ErrorList) keyDef[T] {
	return keyDef[T]{
		name: name,
		list: true,
		measure: func(s *T) (int, int) {
			list := *get(s)
			n := 0
			for _, e := range list {
				n += size(e)
			}
			return len(list), n
		},
		write: func(w *unitWriter, s *T) {
			for i, e := range *get(s) {
				w.line(name, i, format(&w.values, e))
			}
		},
		decode: func(s *T, v string) bool {
			elems, err := parse(v)
			if err != nil {
				return false
			}
			f := get(s)
			*f = append(*f, elems...)
			return true
		},
		check: func(s *T, section *field.Path) field.ErrorList {
			var errs field.ErrorList
			var kp *field.Path
			for i, e := range *get(s) {
				if hasProblem(check, e) {
					if kp == nil {
						kp = section.Child(name)
					}
					errs = append(errs, check(e, kp.Index(i))...)
				}
			}
			return errs
		},
	}
}
