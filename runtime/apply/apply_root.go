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
// (see observerKey) or make a change fail (see faultKey). It offers only
// the operations Apply needs; the apply lock is taken on the os.Root
// itself.
type nodeRoot struct {
	root *os.Root
	// observe, when set, is told of each change before it is made.
	observe func(op, name string)
	// fault, when set, is asked before each change; an error it returns
	// is the change's.
	fault func(op, name string) error
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

// faultKey is the context key under which a test hands Apply a function
// that fails chosen changes (export_test.go), to play a read-only mount or
// an immutable directory without either.
type faultKey struct{}

func openNodeRoot(ctx context.Context, dir string) (*nodeRoot, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	observe, _ := ctx.Value(observerKey{}).(func(op, name string))
	fault, _ := ctx.Value(faultKey{}).(func(op, name string) error)
	return &nodeRoot{root: r, observe: observe, fault: fault}, nil
}

// note tells the observer of a change and returns the error the fault
// hook has for it, as a *fs.PathError.
func (r *nodeRoot) note(op, name string) error {
	if r.observe != nil {
		r.observe(op, name)
	}
	if r.fault != nil {
		if err := r.fault(op, name); err != nil {
			return &fs.PathError{Op: op, Path: name, Err: err}
		}
	}
	return nil
}

func (r *nodeRoot) Close() error                           { return r.root.Close() }
func (r *nodeRoot) Lstat(name string) (fs.FileInfo, error) { return r.root.Lstat(name) }
func (r *nodeRoot) Stat(name string) (fs.FileInfo, error)  { return r.root.Stat(name) }

// OpenFile opens a file; opened for writing, it is a change.
func (r *nodeRoot) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		if err := r.note(opWrite, name); err != nil {
			return nil, err
		}
	}
	return r.root.OpenFile(name, flag, perm)
}

// Sync fsyncs a file or directory opened under the root as name.
func (r *nodeRoot) Sync(f *os.File, name string) error {
	if err := r.note(opFsync, name); err != nil {
		return err
	}
	return f.Sync()
}

func (r *nodeRoot) Rename(oldname, newname string) error {
	if err := r.note(opRename, newname); err != nil {
		return err
	}
	return r.root.Rename(oldname, newname)
}

func (r *nodeRoot) Link(oldname, newname string) error {
	if err := r.note(opLink, newname); err != nil {
		return err
	}
	return r.root.Link(oldname, newname)
}

func (r *nodeRoot) Remove(name string) error {
	if err := r.note(opRemove, name); err != nil {
		return err
	}
	return r.root.Remove(name)
}

func (r *nodeRoot) Mkdir(name string, perm fs.FileMode) error {
	if err := r.note(opMkdir, name); err != nil {
		return err
	}
	return r.root.Mkdir(name, perm)
}

// MkdirAll is a change only when a directory is missing.
func (r *nodeRoot) MkdirAll(name string, perm fs.FileMode) error {
	if fi, err := r.root.Stat(name); err == nil && fi.IsDir() {
		return nil
	}
	if err := r.note(opMkdir, name); err != nil {
		return err
	}
	return r.root.MkdirAll(name, perm)
}

func (r *nodeRoot) Chmod(name string, mode fs.FileMode) error {
	if err := r.note(opChmod, name); err != nil {
		return err
	}
	return r.root.Chmod(name, mode)
}

func (r *nodeRoot) Chtimes(name string, atime, mtime time.Time) error {
	if err := r.note(opChtimes, name); err != nil {
		return err
	}
	return r.root.Chtimes(name, atime, mtime)
}
