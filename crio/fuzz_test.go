package crio_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
)

// FuzzParse: Parse never panics, and whatever it accepts renders and
// parses back to the same Config.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile("testdata/crio-1.34.0-all-keys.toml")
	require.NoError(f, err)
	f.Add(data)
	valid, err := os.ReadFile("testdata/valid.toml")
	require.NoError(f, err)
	f.Add(valid)
	f.Add([]byte("[crio.runtime.runtimes.x]\n"))
	f.Add([]byte("a = 1\n[crio]\nb = [1, 'x']\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := crio.Parse(data)
		if err != nil {
			return
		}
		out, err := c.Render()
		if err != nil {
			return // Extra collisions are refused, not written
		}
		back, err := crio.Parse(out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, c, back)
	})
}

// FuzzParseRegistries: the same for registries.conf.
func FuzzParseRegistries(f *testing.F) {
	valid, err := os.ReadFile("testdata/registries.conf")
	require.NoError(f, err)
	f.Add(valid)
	f.Add([]byte("unqualified-search-registries = ['docker.io']\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := crio.ParseRegistries(data)
		if err != nil {
			return
		}
		out, err := rc.Render()
		if err != nil {
			return // Render validates
		}
		back, err := crio.ParseRegistries(out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, rc, back)
	})
}
