package runtime_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want runtime.Version
		str  string
	}{
		{"1.31", runtime.NewVersion(1, 31), "1.31"},
		{"v1.31.2", runtime.NewVersion(1, 31, 2), "1.31.2"},
		{"2.1.4", runtime.NewVersion(2, 1, 4), "2.1.4"},
		{"2.0.0-rc.1", runtime.NewVersion(2, 0, 0), "2.0.0"},
		{"20.10.24+dfsg1", runtime.NewVersion(20, 10, 24), "20.10.24"},
		{"1.6.20~ds1", runtime.NewVersion(1, 6, 20), "1.6.20"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := runtime.ParseVersion(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.str, got.String())
		})
	}
	for _, bad := range []string{"", "1", "1.2.3.4", "a.b", "1.-2", "1..2", "01.2", "v"} {
		_, err := runtime.ParseVersion(bad)
		assert.Error(t, err, bad)
	}
}

func TestVersionCompare(t *testing.T) {
	v := runtime.MustParseVersion
	assert.True(t, v("2.0").AtLeast(v("2.0.0")))
	assert.True(t, v("2.0.1").AtLeast(v("2.0")))
	assert.True(t, v("1.7.28").Before(v("2.0")))
	assert.True(t, v("1.10").AtLeast(v("1.9")))
	assert.Equal(t, 0, v("1.31").Compare(v("1.31.0")))
	assert.Equal(t, 1, v("1.31.1").Compare(v("1.31")))
	assert.Equal(t, v("1.31"), v("1.31.7").MinorOf())
	assert.True(t, runtime.Version{}.IsZero())
	assert.Panics(t, func() { v("x") })

	var fv runtime.Version
	require.NoError(t, fv.Set("v2.2.9"))
	b, _ := fv.MarshalText()
	assert.Equal(t, "2.2.9", string(b))
}

// Issue 20, item 12: a 1 MB bad version gave a 3 MB error, the input
// quoted by ParseVersion twice and once more by the caller. The error now
// says what is wrong and leaves the input to the caller's BadValue; the
// text decoders, whose errors say nothing else, name it shortened.
func TestParseVersionErrorDoesNotRepeatTheInput(t *testing.T) {
	huge := "1." + strings.Repeat("9x", 1<<19)
	_, err := runtime.ParseVersion(huge)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 100)

	var v runtime.Version
	err = v.UnmarshalText([]byte(huge))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400)
	_, parseErr := runtime.ParseVersion(huge)
	assert.Equal(t, parseErr, errors.Unwrap(err), "the decoder's error wraps the parser's (ExampleVersion_UnmarshalText shows it names the text)")
	assert.Panics(t, func() { runtime.MustParseVersion(huge) })
}
