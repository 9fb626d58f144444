package fieldtest

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/kubenode/kubenode/runtime/field"
)

// Matcher matches one problem: its sentinel (errors.Is), its path as
// printed, and, when set with [Matcher.Value], its bad value.
type Matcher struct {
	sentinel error
	path     string
	value    any
	byValue  bool
}

// Match matches a problem with the sentinel at the path ("" for a problem
// with no path).
func Match(sentinel error, path string) Matcher {
	return Matcher{sentinel: sentinel, path: path}
}

// Value returns m that also requires the problem's bad value to equal v.
func (m Matcher) Value(v any) Matcher {
	m.value, m.byValue = v, true
	return m
}

// Matches reports whether e is the problem m describes.
func (m Matcher) Matches(e *field.Error) bool {
	if e == nil || !errors.Is(e, m.sentinel) || e.Path.String() != m.path {
		return false
	}
	return !m.byValue || reflect.DeepEqual(e.BadValue, m.value)
}

// String describes m for a failure message.
func (m Matcher) String() string {
	s := fmt.Sprintf("%v at %q", m.sentinel, m.path)
	if m.byValue {
		s += fmt.Sprintf(" with value %#v", m.value)
	}
	return s
}
