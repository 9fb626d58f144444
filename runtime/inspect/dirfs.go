package inspect

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// DirFS is a directory on this machine as the fs.FS of a Node, read
// through an os.Root: no "..", absolute name or symbolic link leads out of
// it, and every file is opened with O_NONBLOCK. Node follows links itself
// and asks a file's type before opening it; DirFS holds when the tree
// changes in between, as on a live node it may: a link put in place that
// leads out fails to open, and a named pipe put in place of a file opens
// at once, where os.DirFS would wait for a writer, and is then refused.
// Close it when done.
type DirFS struct {
	root *os.Root
}

// OpenDirFS opens the directory dir as a DirFS.
func OpenDirFS(dir string) (*DirFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &DirFS{root: root}, nil
}

// Close closes the directory.
func (d *DirFS) Close() error { return d.root.Close() }

// Open opens name for reading without blocking (fs.FS).
func (d *DirFS) Open(name string) (fs.File, error) {
	f, err := d.open("open", name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// open opens name read-only and non-blocking, after fs.FS's check of the
// name, which os.Root does not make (it takes "a/../b").
func (d *DirFS) open(op, name string) (*os.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// ReadDir reads the directory name, its entries sorted by name
// (fs.ReadDirFS).
func (d *DirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := d.open("readdir", name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// Stat describes name, following links inside the directory (fs.StatFS).
func (d *DirFS) Stat(name string) (fs.FileInfo, error) {
	return fs.Stat(d.root.FS(), name)
}

// Lstat describes name without following a final link (fs.ReadLinkFS).
func (d *DirFS) Lstat(name string) (fs.FileInfo, error) {
	return d.root.FS().(fs.ReadLinkFS).Lstat(name)
}

// ReadLink returns the target of the link name (fs.ReadLinkFS).
func (d *DirFS) ReadLink(name string) (string, error) {
	return d.root.FS().(fs.ReadLinkFS).ReadLink(name)
}
