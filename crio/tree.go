package crio

import (
	"fmt"
	"maps"
	"slices"

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

// table removes key from m and returns it as a table, or nil when absent.
func (p *parser) table(m tree, key string, path *field.Path) tree {
	v, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	t, ok := v.(tree)
	if !ok {
		p.errs = append(p.errs, field.Invalid(path, fmt.Sprintf("%T", v), "must be a table"))
		return nil
	}
	return t
}

// string removes key from m and returns its string value.
func (p *parser) string(m tree, key string, path *field.Path) string {
	v, ok := m[key]
	if !ok {
		return ""
	}
	delete(m, key)
	s, ok := v.(string)
	if !ok {
		p.errs = append(p.errs, field.Invalid(path, v, "must be a string"))
	}
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
	v, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	list, ok := v.([]any)
	if !ok {
		p.errs = append(p.errs, field.Invalid(path, v, "must be an array of strings"))
		return nil
	}
	out := make([]string, 0, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			p.errs = append(p.errs, field.Invalid(path.Index(i), e, "must be a string"))
			continue
		}
		out = append(out, s)
	}
	return out
}

// rest returns what is left of a table, or nil when nothing is.
func rest(m tree) tree {
	if len(m) == 0 {
		return nil
	}
	return m
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

// sortedKeys returns the keys of a table in order, so problems come out in
// the same order every time.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// bool removes key from m and returns its boolean value.
func (p *parser) bool(m tree, key string, path *field.Path) bool {
	v, ok := m[key]
	if !ok {
		return false
	}
	delete(m, key)
	b, ok := v.(bool)
	if !ok {
		p.errs = append(p.errs, field.Invalid(path, v, "must be a boolean"))
	}
	return b
}

// tables removes key from m and returns its array of tables.
func (p *parser) tables(m tree, key string, path *field.Path) []tree {
	v, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	list, ok := v.([]any)
	if !ok {
		p.errs = append(p.errs, field.Invalid(path, fmt.Sprintf("%T", v), "must be an array of tables ([[...]])"))
		return nil
	}
	out := make([]tree, 0, len(list))
	for i, e := range list {
		t, ok := e.(tree)
		if !ok {
			p.errs = append(p.errs, field.Invalid(path.Index(i), fmt.Sprintf("%T", e), "must be a table"))
			continue
		}
		out = append(out, t)
	}
	return out
}
