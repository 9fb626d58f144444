package inspecttest

import (
	"io/fs"
	"strings"
)

// Unreadable returns fsys with the given node paths unreadable as `chmod
// 000` makes them for a user other than root: such a file cannot be
// opened, such a directory neither listed nor searched, while each can
// still be stated from its parent. Tests run as root on CI, where chmod
// does not stop reading; this stops it for everyone.
func Unreadable(fsys fs.FS, nodePaths ...string) fs.FS {
	u := &unreadableFS{fsys: fsys}
	for _, p := range nodePaths {
		u.names = append(u.names, name(p))
	}
	return u
}

// unreadableFS is the fs.FS Unreadable returns; it reads links as fsys
// does, so a Node still follows them.
type unreadableFS struct {
	fsys  fs.FS
	names []string
}

// denied returns a permission error for op on name when name is one of
// the unreadable paths (self) or lies below one.
func (u *unreadableFS) denied(op, name string, self bool) error {
	for _, n := range u.names {
		if (self && name == n) || strings.HasPrefix(name, n+"/") {
			return &fs.PathError{Op: op, Path: name, Err: fs.ErrPermission}
		}
	}
	return nil
}

// Open opens name unless it is unreadable (fs.FS).
func (u *unreadableFS) Open(name string) (fs.File, error) {
	if err := u.denied("open", name, true); err != nil {
		return nil, err
	}
	return u.fsys.Open(name)
}

// ReadDir lists name unless it is unreadable (fs.ReadDirFS).
func (u *unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := u.denied("open", name, true); err != nil {
		return nil, err
	}
	return fs.ReadDir(u.fsys, name)
}

// Stat describes name unless it lies in an unreadable directory
// (fs.StatFS).
func (u *unreadableFS) Stat(name string) (fs.FileInfo, error) {
	if err := u.denied("stat", name, false); err != nil {
		return nil, err
	}
	return fs.Stat(u.fsys, name)
}

// Lstat is Stat without following a final link (fs.ReadLinkFS).
func (u *unreadableFS) Lstat(name string) (fs.FileInfo, error) {
	if err := u.denied("lstat", name, false); err != nil {
		return nil, err
	}
	return fs.Lstat(u.fsys, name)
}

// ReadLink reads the link name unless it lies in an unreadable directory
// (fs.ReadLinkFS).
func (u *unreadableFS) ReadLink(name string) (string, error) {
	if err := u.denied("readlink", name, false); err != nil {
		return "", err
	}
	return fs.ReadLink(u.fsys, name)
}
