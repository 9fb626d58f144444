package crio

import (
	"fmt"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// A tree is a TOML table as go-toml/v2 decodes one into map[string]any.
// Render builds one from the typed fields and Extra; Parse takes one apart.
// Copying and checking trees is tomltree's; what stays here are the typed
// getters and setters with CRI-O's own rules (an empty list is kept apart
// from an absent one).
type tree = tomltree.Tree

// parser takes the typed keys out of decoded tables, collecting every
// problem with its path.
type parser struct {
	errs field.ErrorList
}

// take removes key from m and returns its value as a T; ok is false when
// key is absent or holds another type, which is a problem at path saying
// it must be want, with bad of the value (itself, or typeOf for tables).
func take[T any](p *parser, m tree, key string, path *field.Path, want string, bad func(any) any) (t T, ok bool) {
	v, found := m[key]
	if !found {
		return t, false
	}
	delete(m, key)
	if t, ok = v.(T); !ok {
		p.errs = append(p.errs, field.Invalid(path, bad(v), "must be "+want))
	}
	return t, ok
}

// list is take for an array of Ts, each refused at its index (must be
// wantEach) and left out; an empty array gives an empty, non-nil slice.
func list[T any](p *parser, m tree, key string, path *field.Path, want, wantEach string, bad func(any) any) []T {
	elems, ok := take[[]any](p, m, key, path, want, bad)
	if !ok {
		return nil
	}
	out := make([]T, 0, len(elems))
	for i, e := range elems {
		if t, ok := e.(T); ok {
			out = append(out, t)
		} else {
			p.errs = append(p.errs, field.Invalid(path.Index(i), bad(e), "must be "+wantEach))
		}
	}
	return out
}

// itself and typeOf are what a problem of take shows of a value: the value,
// or only its Go type, for a table whose contents would be too long.
func itself(v any) any { return v }
func typeOf(v any) any { return fmt.Sprintf("%T", v) }

// table removes key from m and returns it as a table, or nil when absent.
func (p *parser) table(m tree, key string, path *field.Path) tree {
	t, _ := take[tree](p, m, key, path, "a table", typeOf)
	return t
}

// string removes key from m and returns its string value.
func (p *parser) string(m tree, key string, path *field.Path) string {
	s, _ := take[string](p, m, key, path, "a string", itself)
	return s
}

// optionalString is string for a key whose empty value differs from its
// absence.
func (p *parser) optionalString(m tree, key string, path *field.Path) *string {
	if _, ok := m[key]; !ok {
		return nil
	}
	s := p.string(m, key, path)
	return &s
}

// strings removes key from m and returns its array of strings; an empty
// array gives an empty, non-nil slice.
func (p *parser) strings(m tree, key string, path *field.Path) []string {
	return list[string](p, m, key, path, "an array of strings", "a string", itself)
}

// rest returns what is left of a table, or nil when nothing is.
func rest(m tree) tree {
	if len(m) == 0 {
		return nil
	}
	return m
}

// startFrom is a copy of an Extra table to render the typed keys into, empty
// rather than nil.
func startFrom(t tree) tree {
	if c := tomltree.Copy(t); c != nil {
		return c
	}
	return tree{}
}

// setString, setStrings and setTable write a typed value into a table
// being rendered, leaving out what is not set.
func setString(m tree, key, v string) {
	if v != "" {
		m[key] = v
	}
}

func setStrings(m tree, key string, v []string) {
	if v != nil {
		m[key] = append([]string{}, v...)
	}
}

func setTable(m tree, key string, t tree) {
	if len(t) > 0 {
		m[key] = t
	}
}

// bool removes key from m and returns its boolean value.
func (p *parser) bool(m tree, key string, path *field.Path) bool {
	b, _ := take[bool](p, m, key, path, "a boolean", itself)
	return b
}

// tables removes key from m and returns its array of tables.
func (p *parser) tables(m tree, key string, path *field.Path) []tree {
	return list[tree](p, m, key, path, "an array of tables ([[...]])", "a table", typeOf)
}
