package inspect_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/inspect"
)

// linkedNode has a file behind every kind of link a node holds.
var linkedNode = fstest.MapFS{
	"usr/lib/systemd/system/a.service": {Data: []byte("a")},
	"lib":                              {Data: []byte("usr/lib"), Mode: fs.ModeSymlink},
	"etc/systemd/system/abs.service":   {Data: []byte("/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
	"etc/systemd/system/rel.service":   {Data: []byte("../../../usr/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
	"etc/systemd/system/null.service":  {Data: []byte("/dev/null"), Mode: fs.ModeSymlink},
	"etc/loop":                         {Data: []byte("/etc/loop"), Mode: fs.ModeSymlink},
	"etc/up":                           {Data: []byte("../../../../usr/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
	"etc/conf.d/b.toml":                {Data: []byte("b")},
	"etc/conf.d/a.toml":                {Data: []byte("a")},
	"etc/conf.d/c.txt":                 {Data: []byte("c")},
	"etc/conf.d/dir.toml/x":            {Data: []byte("x")},
}

func TestNodeRead(t *testing.T) {
	n := inspect.NewNode(linkedNode)
	for _, tc := range []struct {
		name, path string
		want       string
		err        error
	}{
		{"a link in a parent directory", "/lib/systemd/system/a.service", "a", nil},
		{"an absolute link resolves in the root", "/etc/systemd/system/abs.service", "a", nil},
		{"a relative link", "/etc/systemd/system/rel.service", "a", nil},
		{"a link above the root stops at it", "/etc/up", "a", nil},
		{"a unit linked to /dev/null is masked", "/etc/systemd/system/null.service", "", inspect.ErrMasked},
		{"a missing file", "/etc/none", "", fs.ErrNotExist},
		{"a missing directory", "/none/x", "", fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := n.Read(tc.path)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(data))
		})
	}
	_, err := n.Read("/etc/loop")
	assert.Error(t, err, "a link to itself")
}

func TestNodeExistsAndIsFile(t *testing.T) {
	n := inspect.NewNode(linkedNode)
	for _, tc := range []struct {
		path           string
		exists, isFile bool
	}{
		{"/etc/systemd/system/abs.service", true, true},
		{"/etc/systemd/system/null.service", true, false},
		{"/etc/conf.d", true, false},
		{"/lib/systemd", true, false},
		{"/etc/none", false, false},
		{"/etc/loop", false, false},
	} {
		assert.Equal(t, tc.exists, n.Exists(tc.path), "Exists(%s)", tc.path)
		assert.Equal(t, tc.isFile, n.IsFile(tc.path), "IsFile(%s)", tc.path)
	}
}

func TestNodeListAndGlob(t *testing.T) {
	n := inspect.NewNode(linkedNode)
	assert.Equal(t, []string{"/etc/conf.d/a.toml", "/etc/conf.d/b.toml", "/etc/conf.d/dir.toml"}, n.List("/etc/conf.d", "*.toml"))
	assert.Nil(t, n.List("/etc/none", "*"))
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"/etc/conf.d/*.toml", []string{"/etc/conf.d/a.toml", "/etc/conf.d/b.toml"}}, // not the directory
		{"/lib/systemd/system/*.service", []string{"/lib/systemd/system/a.service"}},
		{"/etc/conf.d/c.txt", []string{"/etc/conf.d/c.txt"}},
		{"/etc/conf.d/../conf.d/a.toml", []string{"/etc/conf.d/a.toml"}},
		{"/etc/conf.d/none", nil},
		{"/etc/none/*.toml", nil},
	} {
		assert.Equal(t, tc.want, n.Glob(tc.pattern), tc.pattern)
	}
}

func TestNodeFollowsLinksInADirectory(t *testing.T) {
	_, ok := os.DirFS(".").(fs.ReadLinkFS)
	require.True(t, ok, "os.DirFS reads links (Go 1.25 and later)")
	root := t.TempDir()
	lib := filepath.Join(root, "usr/lib/systemd/system")
	require.NoError(t, os.MkdirAll(lib, 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/systemd/system"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(lib, "a.service"), []byte("a"), 0o644))
	// The host's /usr/lib/systemd/system/a.service must not be read.
	require.NoError(t, os.Symlink("/usr/lib/systemd/system/a.service", filepath.Join(root, "etc/systemd/system/a.service")))
	require.NoError(t, os.Symlink("/dev/null", filepath.Join(root, "etc/systemd/system/m.service")))

	n := inspect.NewNode(os.DirFS(root))
	data, err := n.Read("/etc/systemd/system/a.service")
	require.NoError(t, err)
	assert.Equal(t, "a", string(data))
	_, err = n.Read("/etc/systemd/system/m.service")
	assert.ErrorIs(t, err, inspect.ErrMasked)
}
