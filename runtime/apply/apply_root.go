package apply

import (
	"context"
	"io/fs"
	"os"
	"time"
)

// nodeRoot is the root Apply reads and changes the node through: an
// os.Root (which keeps every path inside it) with each change passing
// through one place, so that a test can count what Apply does to the node
// (see observerKey). It offers only the operations Apply needs; the apply
// lock is taken on the os.Root itself.
type nodeRoot struct {
	root *os.Root
	// observe, when set, is told of each change before it is made.
	observe func(op, name string)
}

// The changes a nodeRoot reports, by the name its observer gets.
const (
	opWrite   = "write" // a file opened for writing (created, truncated or appended to)
	opFsync   = "fsync" // a file or directory fsynced
	opRename  = "rename"
	opLink    = "link"
	opRemove  = "remove"
	opMkdir   = "mkdir"
	opChmod   = "chmod"
	opChtimes = "chtimes"
)

// observerKey is the context key under which a test hands Apply an
// observer of every change it makes under the root (export_test.go). It is
// unexported: nothing outside this package's tests can set it.
type observerKey struct{}

func openNodeRoot(ctx context.Context, dir string) (*nodeRoot, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	observe, _ := ctx.Value(observerKey{}).(func(op, name string))
	return &nodeRoot{root: r, observe: observe}, nil
}

func (r *nodeRoot) note(op, name string) {
	if r.observe != nil {
		r.observe(op, name)
	}
}

func (r *nodeRoot) Close() error                           { return r.root.Close() }
func (r *nodeRoot) Lstat(name string) (fs.FileInfo, error) { return r.root.Lstat(name) }
func (r *nodeRoot) Stat(name string) (fs.FileInfo, error)  { return r.root.Stat(name) }
func (r *nodeRoot) Open(name string) (*os.File, error)     { return r.root.Open(name) }
func (r *nodeRoot) ReadFile(name string) ([]byte, error)   { return r.root.ReadFile(name) }

// OpenFile opens a file; opened for writing, it is a change.
func (r *nodeRoot) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		r.note(opWrite, name)
	}
	return r.root.OpenFile(name, flag, perm)
}

// Sync fsyncs a file or directory opened under the root as name.
func (r *nodeRoot) Sync(f *os.File, name string) error {
	r.note(opFsync, name)
	return f.Sync()
}

func (r *nodeRoot) Rename(oldname, newname string) error {
	r.note(opRename, newname)
	return r.root.Rename(oldname, newname)
}

func (r *nodeRoot) Link(oldname, newname string) error {
	r.note(opLink, newname)
	return r.root.Link(oldname, newname)
}

func (r *nodeRoot) Remove(name string) error {
	r.note(opRemove, name)
	return r.root.Remove(name)
}

func (r *nodeRoot) Mkdir(name string, perm fs.FileMode) error {
	r.note(opMkdir, name)
	return r.root.Mkdir(name, perm)
}

// MkdirAll is a change only when a directory is missing.
func (r *nodeRoot) MkdirAll(name string, perm fs.FileMode) error {
	if fi, err := r.root.Stat(name); err == nil && fi.IsDir() {
		return nil
	}
	r.note(opMkdir, name)
	return r.root.MkdirAll(name, perm)
}

func (r *nodeRoot) Chmod(name string, mode fs.FileMode) error {
	r.note(opChmod, name)
	return r.root.Chmod(name, mode)
}

func (r *nodeRoot) Chtimes(name string, atime, mtime time.Time) error {
	r.note(opChtimes, name)
	return r.root.Chtimes(name, atime, mtime)
}
