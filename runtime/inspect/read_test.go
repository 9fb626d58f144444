package inspect_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// write creates the file rel under root, with its directories.
func write(t *testing.T, root, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(root, rel)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, data, 0o644))
}

// mknod creates a special file rel under root, with its directories.
func mknod(t *testing.T, root, rel string, mode uint32, dev int) {
	t.Helper()
	p := filepath.Join(root, rel)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, syscall.Mknod(p, mode|0o644, dev))
}

// fsMakers are the ways a directory becomes a Node's fs.FS.
var fsMakers = map[string]func(t *testing.T, dir string) fs.FS{
	"os.DirFS": func(_ *testing.T, dir string) fs.FS { return os.DirFS(dir) },
	"DirFS": func(t *testing.T, dir string) fs.FS {
		d, err := inspect.OpenDirFS(dir)
		require.NoError(t, err)
		t.Cleanup(func() { _ = d.Close() })
		return d
	},
}

// TestNodeReadsOnlyRegularFiles is the Lint that hung on a FIFO
// at config.toml or at a unit file: no read waits, and each path Node
// does not read is one finding of its own.
func TestNodeReadsOnlyRegularFiles(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/systemd/system"), 0o755))
	for _, p := range []string{"etc/fifo", "etc/systemd/system/f.service", "etc/systemd/system/x.service.d", "etc/env"} {
		require.NoError(t, syscall.Mkfifo(filepath.Join(root, p), 0o644))
	}
	mknod(t, root, "etc/sock", syscall.S_IFSOCK, 0)
	require.NoError(t, os.Mkdir(filepath.Join(root, "etc/dir"), 0o755))
	require.NoError(t, os.Symlink("/etc/fifo", filepath.Join(root, "etc/to-fifo")))
	write(t, root, "etc/max", []byte(strings.Repeat("x", inspect.MaxFileSize)))
	write(t, root, "etc/big", []byte(strings.Repeat("x", inspect.MaxFileSize+1)))
	write(t, root, "etc/systemd/system/big.service", []byte("[Service]\n#"+strings.Repeat("x", inspect.MaxUnitSize)+"\n"))
	write(t, root, "etc/systemd/system/x.service", []byte("[Service]\nExecStart=/bin/x $A\nEnvironmentFile=/etc/env\n"))
	write(t, root, "etc/file", []byte("f"))

	for fsName, makeFS := range fsMakers {
		t.Run(fsName, func(t *testing.T) {
			n := inspect.NewNode(makeFS(t, root))
			for _, tc := range []struct {
				path string
				err  error
			}{
				{"/etc/fifo", inspect.ErrNotRegular},
				{"/etc/to-fifo", inspect.ErrNotRegular},
				{"/etc/sock", inspect.ErrNotRegular},
				{"/etc/dir", inspect.ErrNotRegular},
				{"/etc/big", inspect.ErrTooLarge},
				{"/etc/file/below", fs.ErrNotExist},
			} {
				_, err := n.Read(tc.path)
				assert.ErrorIs(t, err, tc.err, tc.path)
			}
			data, err := n.Read("/etc/max")
			require.NoError(t, err)
			assert.Len(t, data, inspect.MaxFileSize, "a file at the cap is read")

			assert.Nil(t, n.Unit("f.service"), "a unit file that is a pipe")
			assert.Nil(t, n.Unit("big.service"), "a unit file over MaxUnitSize")
			assert.Nil(t, n.List("/etc/systemd/system/x.service.d", "*"), "a drop-in directory that is a pipe")
			u := n.Unit("x.service")
			require.NotNil(t, u)
			assert.Empty(t, u.DropIns)
			n.CommandLine(u) // reads /etc/env, a pipe

			want := []string{"/etc/big", "/etc/dir", "/etc/env", "/etc/fifo", "/etc/sock", "/etc/systemd/system/big.service", "/etc/systemd/system/f.service", "/etc/to-fifo"}
			assert.Equal(t, want, n.Unreadable())
			inspecttest.RequireFindings(t, n.Findings(), unreadable(want)...) // once each, however often read
		})
	}
}

// TestNodeRefusesADevice is the character device (mknod c 1 5,
// /dev/zero) at config.toml, which ran Lint out of memory.
func TestNodeRefusesADevice(t *testing.T) {
	testenv.RequireRoot(t)
	root := t.TempDir()
	mknod(t, root, "etc/containerd/config.toml", syscall.S_IFCHR, 1<<8|5)
	for fsName, makeFS := range fsMakers {
		t.Run(fsName, func(t *testing.T) {
			_, err := inspect.NewNode(makeFS(t, root)).Read("/etc/containerd/config.toml")
			assert.ErrorIs(t, err, inspect.ErrNotRegular)
		})
	}
}

// TestNodeStaysInTheRoot: a link that leads out of the node's root,
// relative or absolute, resolves inside it, and DirFS refuses to follow
// one itself.
func TestNodeStaysInTheRoot(t *testing.T) {
	top := t.TempDir()
	write(t, top, "secret", []byte("secret"))
	root := filepath.Join(top, "root")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.Symlink("../../secret", filepath.Join(root, "etc/rel")))
	require.NoError(t, os.Symlink(filepath.Join(top, "secret"), filepath.Join(root, "etc/abs")))
	for fsName, makeFS := range fsMakers {
		t.Run(fsName, func(t *testing.T) {
			n := inspect.NewNode(makeFS(t, root))
			for _, p := range []string{"/etc/rel", "/etc/abs"} {
				_, err := n.Read(p)
				assert.ErrorIs(t, err, fs.ErrNotExist, p)
			}
		})
	}
	d, err := inspect.OpenDirFS(root)
	require.NoError(t, err)
	defer d.Close()
	for _, name := range []string{"etc/rel", "etc/abs", "../secret"} {
		_, err := d.Open(name)
		assert.Error(t, err, name)
	}
}

// TestDirFSOpensAPipeAtOnce: a pipe put where Node found a file opens
// without waiting for a writer, and Node then refuses it.
func TestDirFSOpensAPipeAtOnce(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644))
	d, err := inspect.OpenDirFS(root)
	require.NoError(t, err)
	defer d.Close()
	f, err := d.Open("fifo") // os.DirFS would block here
	require.NoError(t, err)
	defer f.Close()
	info, err := f.Stat()
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&fs.ModeNamedPipe)
}

// TestNodeUnreadable is the unreadable drop-in directory and
// config file (chmod 000, Lint run as nobody), which Lint skipped
// silently: each is one finding, at the directory when what is in it
// cannot even be looked for.
func TestNodeUnreadable(t *testing.T) {
	m := fstest.MapFS{
		"etc/systemd/system/x.service":              file("[Service]\nExecStart=/bin/x\n"),
		"etc/systemd/system/x.service.d/10-a.conf":  file("[Service]\nRestart=always\n"),
		"etc/closed/a.toml":                         file("a"),
		"etc/containerd/config.toml":                file("version = 3\n"),
		"etc/systemd/system/y.service.d/10-a.conf":  file("[Service]\nRestart=always\n"),
		"usr/lib/systemd/system/y.service":          file("[Service]\nExecStart=/bin/y\n"),
		"usr/lib/systemd/system/y.service.d/x.conf": file("[Service]\n"),
	}
	n := inspect.NewNode(inspecttest.Unreadable(m,
		"/etc/systemd/system/x.service.d", "/etc/closed", "/etc/containerd/config.toml", "/usr/lib/systemd/system/y.service.d"))

	u := n.Unit("x.service")
	require.NotNil(t, u)
	assert.Empty(t, u.DropIns)
	_, err := n.Read("/etc/containerd/config.toml")
	assert.ErrorIs(t, err, fs.ErrPermission)
	for _, p := range []string{"/etc/closed/a.toml", "/etc/closed/b.toml"} {
		_, err = n.Read(p)
		assert.ErrorIs(t, err, fs.ErrPermission, p)
	}
	assert.Nil(t, n.List("/etc/closed", "*"))
	assert.Nil(t, n.Glob("/etc/closed/*.toml"))
	assert.NotNil(t, n.Unit("y.service"))

	want := []string{"/etc/closed", "/etc/containerd/config.toml", "/etc/systemd/system/x.service.d", "/usr/lib/systemd/system/y.service.d"}
	assert.Equal(t, want, n.Unreadable())
	inspecttest.RequireFindings(t, n.Findings(), unreadable(want)...)
}

// unreadable wants the finding of each file or directory that cannot be
// read.
func unreadable(files []string) []inspecttest.Want {
	out := make([]inspecttest.Want, len(files))
	for i, f := range files {
		out[i] = inspecttest.Error(f, field.ErrInvalid, "")
	}
	return out
}

// sizeless states every file's size as 0, as /proc and some FUSE file
// systems do, whatever it holds.
type sizeless struct{ fstest.MapFS }

type zeroSize struct{ fs.FileInfo }

func (zeroSize) Size() int64 { return 0 }

type sizelessFile struct{ fs.File }

func (f sizelessFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	return zeroSize{info}, err
}

func (s sizeless) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return sizelessFile{f}, nil
}

func (s sizeless) Stat(name string) (fs.FileInfo, error) {
	info, err := s.MapFS.Stat(name)
	if err != nil {
		return nil, err
	}
	return zeroSize{info}, nil
}

// TestNodeReadsNoMoreThanTheCap: a file that states a small size is read
// up to the cap and no further.
func TestNodeReadsNoMoreThanTheCap(t *testing.T) {
	n := inspect.NewNode(sizeless{fstest.MapFS{
		"etc/big": file(strings.Repeat("x", inspect.MaxFileSize+1)),
		"etc/max": file(strings.Repeat("x", inspect.MaxFileSize)),
	}})
	_, err := n.Read("/etc/big")
	assert.ErrorIs(t, err, inspect.ErrTooLarge)
	data, err := n.Read("/etc/max")
	require.NoError(t, err)
	assert.Len(t, data, inspect.MaxFileSize)
}
