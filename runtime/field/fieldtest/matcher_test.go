package fieldtest_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestMatch(t *testing.T) {
	e := field.Invalid(field.NewPath("exec-opts").Index(0), "native.cgroupdriver=foo", "unknown driver")
	tests := []struct {
		name string
		m    fieldtest.Matcher
		want bool
	}{
		{"sentinel and path", fieldtest.Match(field.ErrInvalid, "exec-opts[0]"), true},
		{"value too", fieldtest.Match(field.ErrInvalid, "exec-opts[0]").Value("native.cgroupdriver=foo"), true},
		{"other value", fieldtest.Match(field.ErrInvalid, "exec-opts[0]").Value("x"), false},
		{"other sentinel", fieldtest.Match(field.ErrRemoved, "exec-opts[0]"), false},
		{"other path", fieldtest.Match(field.ErrInvalid, "exec-opts[1]"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.Matches(e))
		})
	}
}

// recorder is a testing.TB that records a failure instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestRequire(t *testing.T) {
	list := field.ErrorList{
		field.Required(field.NewPath("pauseImage"), "needed"),
		field.Removed(field.NewTOMLPath("version"), 1, "gone"),
	}
	wrapped := fmt.Errorf("plan: %w", list)
	tests := []struct {
		name   string
		check  func(testing.TB)
		failed bool
	}{
		{"one of two", func(t testing.TB) { fieldtest.RequireProblem(t, wrapped, field.ErrRequired, "pauseImage") }, false},
		{"missing", func(t testing.TB) { fieldtest.RequireProblem(t, list, field.ErrInvalid, "pauseImage") }, true},
		{"exactly", func(t testing.TB) {
			fieldtest.RequireExactly(t, list, fieldtest.Match(field.ErrRemoved, "version"), fieldtest.Match(field.ErrRequired, "pauseImage"))
		}, false},
		{"one more than expected", func(t testing.TB) {
			fieldtest.RequireExactly(t, list, fieldtest.Match(field.ErrRemoved, "version"))
		}, true},
		{"none", func(t testing.TB) { fieldtest.RequireNone(t, list, fieldtest.Match(field.ErrInvalid, "pauseImage")) }, false},
		{"none, but there", func(t testing.TB) { fieldtest.RequireNone(t, list, fieldtest.Match(field.ErrRemoved, "version")) }, true},
		{"not a field error", func(t testing.TB) { fieldtest.Require(t, errors.New("plain")) }, true},
		{"an empty list has none", func(t testing.TB) { fieldtest.RequireExactly(t, error(field.ErrorList{})) }, false},
		{"the same, in another order", func(t testing.TB) {
			fieldtest.RequireSame(t, wrapped, field.ErrorList{list[1], list[0]})
		}, false},
		{"the same but a value", func(t testing.TB) {
			fieldtest.RequireSame(t, list, field.ErrorList{list[0], field.Removed(field.NewTOMLPath("version"), 2, "gone")})
		}, true},
		{"one fewer", func(t testing.TB) { fieldtest.RequireSame(t, list, list[:1]) }, true},
		{"none of none", func(t testing.TB) { fieldtest.RequireSame(t, nil, field.ErrorList{}.Err()) }, false},
		{"one of none", func(t testing.TB) { fieldtest.RequireSame(t, list, nil) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			tt.check(r)
			assert.Equal(t, tt.failed, r.failed)
		})
	}
}
