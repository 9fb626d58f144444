package host

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeRoot builds a host root in a temp dir: each key is a path relative
// to the root, its value the file's content; a key ending in "/" is a
// directory.
func fakeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// readRoot is Read of a fake root.
func readRoot(t *testing.T, files map[string]string) *Facts {
	t.Helper()
	f, err := Read(fakeRoot(t, files))
	require.NoError(t, err)
	return f
}

// with returns base plus more (more wins).
func with(base map[string]string, more map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}

func TestReadRootMissing(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "missing"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err = Read(file)
	assert.Error(t, err)
}
