package runtime_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
)

// FuzzParseMirror: ParseMirror never panics, and a mirror it accepts,
// written back as REGISTRY=URL, parses to the same Mirror.
func FuzzParseMirror(f *testing.F) {
	for _, s := range []string{
		"docker.io=https://mirror.example.com",
		"_default=http://10.0.0.1:5000",
		"localhost:5000=https://m.example/v2/",
		"registry.k8s.io=https://[fd00::1]:443",
		"=https://x",
		"docker.io=ftp://x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := runtime.ParseMirror(s)
		if err != nil {
			return
		}
		require.Empty(t, m.Validate(nil))
		back, err := runtime.ParseMirror(m.Registry + "=" + m.URL)
		require.NoError(t, err)
		require.Equal(t, m, back)
	})
}

// FuzzParseVersion: ParseVersion never panics, and what it accepts prints
// (String) to a version that parses to the same value.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1.31", "v1.35.2", "2.1.4", "20.10.24+dfsg1", "2.0.0-rc.1", "1.7.28~ds1", " v1.2 ", "01.2", "1.2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := runtime.ParseVersion(s)
		if err != nil {
			return
		}
		printed := v.String()
		require.False(t, strings.HasPrefix(printed, "v"))
		back, err := runtime.ParseVersion(printed)
		require.NoError(t, err, "%q printed as %q", s, printed)
		require.Equal(t, v, back, "%q printed as %q", s, printed)
		require.Zero(t, v.Compare(back))
	})
}
