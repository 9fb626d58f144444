package crio_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
)

// goldenSeeds returns this package's golden files, and the sections of its
// golden plans, whose path is under dir (a node directory such as
// /etc/crio/crio.conf.d) or whose file name matches glob.
func goldenSeeds(f *testing.F, dir, glob string) [][]byte {
	var seeds [][]byte
	files, err := filepath.Glob(filepath.Join("testdata", glob))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		seeds = append(seeds, data)
	}
	plans, err := filepath.Glob("testdata/*.txtar")
	require.NoError(f, err)
	for _, name := range plans {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		for path, content := range runtime.TxtarFiles(data) {
			if strings.HasPrefix(path, dir+"/") {
				seeds = append(seeds, []byte(content))
			}
		}
	}
	require.NotEmpty(f, seeds)
	return seeds
}

// FuzzParse: Parse never panics, and whatever it accepts renders and
// parses back to the same Config, which renders to the same bytes.
func FuzzParse(f *testing.F) {
	for _, data := range goldenSeeds(f, crio.DropInDir, "*.toml") {
		f.Add(data)
	}
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
		require.Equal(t, c, back, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}

// FuzzParseRegistries: the same for registries.conf.
func FuzzParseRegistries(f *testing.F) {
	for _, data := range goldenSeeds(f, crio.RegistriesDropInDir, "registries.conf") {
		f.Add(data)
	}
	f.Add([]byte("unqualified-search-registries = ['docker.io']\n"))
	f.Add([]byte("short-name-mode = 'permissive'\n[[registry]]\nprefix = 'docker.io'\nlocation = 'registry-1.docker.io'\n[[registry.mirror]]\nlocation = 'm.example'\ninsecure = true\nx = 1\n"))
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
		require.Equal(t, rc, back, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}
