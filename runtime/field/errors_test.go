package field_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestErrorMatchesSentinel(t *testing.T) {
	p := field.NewPath("exec-opts").Index(0)
	tests := []struct {
		err  *field.Error
		want error
	}{
		{field.Required(p, ""), field.ErrRequired},
		{field.Invalid(p, "x", ""), field.ErrInvalid},
		{field.NotSupported(p, "x", []string{"a"}), field.ErrNotSupported},
		{field.Forbidden(p, "x", ""), field.ErrForbidden},
		{field.Duplicate(p, "x"), field.ErrDuplicate},
		{field.Removed(p, "x", ""), field.ErrRemoved},
		{field.Deprecated(p, "x", ""), field.ErrDeprecated},
		{field.Unknown(p, ""), field.ErrUnknown},
		{field.TooLong(p, "x", 1), field.ErrTooLong},
		{field.Conflict(p, "x", ""), field.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.want.Error(), func(t *testing.T) {
			assert.ErrorIs(t, tt.err, tt.want)
			wrapped := fmt.Errorf("context: %w", tt.err)
			assert.ErrorIs(t, wrapped, tt.want)
			assert.Equal(t, p, tt.err.Path)
			for _, other := range tests {
				if other.want != tt.want {
					assert.NotErrorIs(t, tt.err, other.want)
				}
			}
		})
	}
}

func TestErrorListErrIsPlainNil(t *testing.T) {
	var l field.ErrorList
	err := l.Err()
	assert.True(t, err == nil, "an empty list must give an untyped nil error")

	l = append(l, field.Invalid(field.NewPath("a"), 1, ""), field.Removed(field.NewPath("b"), 2, ""))
	err = l.Err()
	require.Error(t, err)
	assert.ErrorIs(t, err, field.ErrInvalid)
	assert.ErrorIs(t, err, field.ErrRemoved)
	assert.NotErrorIs(t, err, field.ErrRequired)

	got := field.AsList(fmt.Errorf("plan: %w", err))
	require.Len(t, got, 2)
	assert.Equal(t, "b", got[1].Path.String())
	assert.Len(t, got.Filter(field.ErrRemoved), 1)

	single := field.AsList(field.Required(field.NewPath("c"), ""))
	require.Len(t, single, 1)
	assert.Nil(t, field.AsList(errors.New("plain")))
	assert.Nil(t, field.AsList(nil))
}

// TestAsListCommonKinds: a list, one problem and nil are told apart
// without errors.As, as errors.As would tell them, at no allocation for a
// list or nil; a wrapped single problem still comes back.
func TestAsListCommonKinds(t *testing.T) {
	one := field.Required(field.NewPath("c"), "")
	list := field.ErrorList{one, field.Invalid(field.NewPath("d"), 1, "")}
	assert.Equal(t, list, field.AsList(list))
	assert.Equal(t, field.ErrorList{one}, field.AsList(one))
	assert.Equal(t, field.ErrorList{one}, field.AsList(fmt.Errorf("x: %w", one)))
	var typedNil *field.Error
	assert.Equal(t, field.ErrorList{nil}, field.AsList(typedNil), "as errors.As finds it")
	var err error = list
	assert.Zero(t, testing.AllocsPerRun(10, func() { field.AsList(err) }))
	assert.Zero(t, testing.AllocsPerRun(10, func() { field.AsList(nil) }))
}

func TestErrorsAt(t *testing.T) {
	assert.Nil(t, field.ErrorsAt(field.NewPath("x"), nil))
	list := field.ErrorList{field.Required(field.NewPath("a"), "")}
	got := field.ErrorsAt(field.NewPath("x"), fmt.Errorf("wrapped: %w", list))
	fieldtest.RequireExactly(t, got, fieldtest.Match(field.ErrRequired, "x.a"))
	assert.Equal(t, list, field.ErrorsAt(nil, list))
	got = field.ErrorsAt(field.NewPath("x"), errors.New("boom"))
	require.Len(t, got, 1)
	assert.ErrorIs(t, got[0], field.ErrInvalid)
	assert.Equal(t, "x", got[0].Path.String())
}
