package field_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// Issue 20, item 12: a 1 MB bad value gave a 3 MB error. An error now
// quotes a bounded prefix and the length, while BadValue stays whole for
// errors.Is and the matcher.
func TestErrorBoundsAHugeValue(t *testing.T) {
	huge := "1." + strings.Repeat("x", 1<<20)
	p := field.NewPath("kubernetes")
	err := field.Invalid(p, huge, "want MAJOR.MINOR")

	msg := err.Error()
	assert.Less(t, len(msg), 512, "the message must not repeat the value")
	assert.Contains(t, msg, fmt.Sprintf("(%d bytes)", len(huge)), "the message gives the value's length")
	assert.Contains(t, msg, `"`+huge[:50], "the message shows how the value starts")
	assert.ErrorIs(t, err, field.ErrInvalid)
	assert.Equal(t, huge, err.BadValue, "BadValue keeps the whole value")
	fieldtest.Require(t, field.ErrorList{err}.Err(), fieldtest.Match(field.ErrInvalid, "kubernetes").Value(huge))
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"short"`, field.Quote("short"), "a short value is quoted whole")
	exact := strings.Repeat("a", 200)
	assert.Equal(t, strconv.Quote(exact), field.Quote(exact), "200 bytes are still quoted whole")

	long := strings.Repeat("a", 201)
	assert.Equal(t, strconv.Quote(exact)+"… (201 bytes)", field.Quote(long))

	// A prefix never ends inside a character: the quoted text stays the
	// characters the value starts with.
	multi := strings.Repeat("é", 150) // 300 bytes, 2 each
	q := field.Quote(multi)
	unq, err := strconv.Unquote(q[:strings.LastIndex(q, `"`)+1])
	require.NoError(t, err)
	assert.True(t, utf8.ValidString(unq))
	assert.True(t, strings.HasPrefix(multi, unq))
	assert.Contains(t, q, "(300 bytes)")
}

func TestErrorBoundsEveryPart(t *testing.T) {
	long := strings.Repeat("k", 10000)
	tests := []struct {
		name string
		err  *field.Error
	}{
		{"list of strings", field.Invalid(field.NewPath("a"), strings.Split(strings.Repeat("v,", 5000), ","), "")},
		{"stringer", field.Invalid(field.NewPath("a"), stringer(long), "")},
		{"other value", field.Invalid(field.NewPath("a"), []byte(long), "")},
		{"detail", field.Invalid(field.NewPath("a"), "x", "parse "+strconv.Quote(long)+": bad")},
		{"map key", field.Unknown(field.NewPath("log-opts").Key(long), "")},
		{"top-level key", field.Unknown(field.NewPath(long), "")},
		{"flag", field.Unknown(field.NewFlagPath("kubelet").Child("--"+long), "")},
		{"toml key", field.Unknown(field.NewTOMLPath("plugins").Key(long).Child("x"), "")},
		{"unit key", field.Unknown(field.NewUnitPath("a.service").Child(long, "Key"), "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.err.Error()
			assert.Less(t, len(msg), 2600, "the message must not repeat the input whole")
			assert.Contains(t, msg, "…")
		})
	}
}

// A unit path's root is the unit's file name, which a caller strips from
// the printed path to show the key alone.
func TestPathKeepsItsRoot(t *testing.T) {
	long := strings.Repeat("u", 300) + ".service"
	p := field.NewUnitPath(long).Child("Service", "ExecStart")
	assert.True(t, strings.HasPrefix(p.String(), long+" [Service]"), "the root names the file and stays whole")
	assert.Equal(t, long, p.Root())
}

type stringer string

func (s stringer) String() string { return string(s) }
