package inspect

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Node reads a node's files as its daemons do, by their node paths
// (/etc/crictl.yaml), from an fs.FS rooted at the node's /. When the FS
// can read links (fs.ReadLinkFS, as os.DirFS does) Node follows them
// itself, so an absolute link (/etc/systemd/system/x.service ->
// /lib/systemd/system/x.service) resolves inside the node's root, not the
// host's.
//
// Node reads only regular files, each up to a cap (MaxFileSize,
// MaxUnitSize): a named pipe, a device or a socket where a file should be
// is refused without being opened (ErrNotRegular), a larger file without
// being read whole (ErrTooLarge). Every file or directory that is there
// but cannot be read, for these reasons or for its permissions, is a
// finding of the Node's, once per path, and listed by Unreadable: what
// Lint concludes from a file being absent does not hold for it.
//
// Node also loads units as systemd does, once each (Unit): what is wrong
// with reading them is kept in the Node's own Findings, so several
// components asking for one unit report its problems once. A Node is not
// safe for concurrent use.
type Node struct {
	fsys     fs.FS
	units    map[string]*Unit
	findings Report
	// unreadable are the node paths that are there but could not be read.
	unreadable map[string]bool
}

// NewNode returns the node whose / is fsys. For a directory on this
// machine, OpenDirFS gives an fs.FS that never blocks and never leaves the
// directory, even while the tree changes.
func NewNode(fsys fs.FS) *Node {
	return &Node{fsys: fsys, units: map[string]*Unit{}, unreadable: map[string]bool{}}
}

// Findings are the problems of reading the node: its units and their
// environment files, and every file or directory that could not be read,
// each reported once however often it was asked for.
func (n *Node) Findings() []Finding {
	return n.findings.Findings
}

// stat is fs.Stat of a node path after resolve: an error when it is not
// there, and one recorded (failedAt) when it is there but unreadable.
func (n *Node) stat(nodePath string) (string, fs.FileInfo, error) {
	name, err := n.resolve(nodePath)
	if err != nil {
		n.failed(nodePath, err)
		return "", nil, err
	}
	if name == "dev/null" {
		return name, nil, ErrMasked
	}
	info, err := fs.Stat(n.fsys, name)
	if err != nil && !absent(err) {
		n.failedAt(nodePath, name, err)
	}
	return name, info, err
}

// ErrMasked is the error of reading a file linked to /dev/null, as systemd
// masks a unit.
var ErrMasked = errors.New("linked to /dev/null (masked)")

// maxLinks is how many links one path may go through, as in Linux.
const maxLinks = 40

// resolve returns the fs.FS name of a node path with every link along it
// followed inside the root. A missing element ends the walk: the rest is
// appended as it is, and opening it fails with fs.ErrNotExist.
func (n *Node) resolve(nodePath string) (string, error) {
	rest := splitPath(nodePath)
	rl, ok := n.fsys.(fs.ReadLinkFS)
	if !ok {
		return joinPath(rest), nil
	}
	var done []string
	links := 0
	for len(rest) > 0 {
		elem := rest[0]
		rest = rest[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			continue
		}
		next := joinPath(append(done, elem))
		info, err := rl.Lstat(next)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			done = append(done, elem)
			if err != nil {
				return joinPath(append(done, rest...)), nil
			}
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: "open", Path: nodePath, Err: errors.New("too many links")}
		}
		target, err := rl.ReadLink(next)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") {
			done = nil
		}
		rest = append(strings.Split(target, "/"), rest...)
	}
	return joinPath(done), nil
}

func splitPath(nodePath string) []string {
	return strings.Split(strings.TrimPrefix(path.Clean("/"+nodePath), "/"), "/")
}

func joinPath(elems []string) string {
	var kept []string
	for _, e := range elems {
		if e != "" && e != "." {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return "."
	}
	return strings.Join(kept, "/")
}

// Read returns a node file's content, up to MaxFileSize: fs.ErrNotExist
// when there is none, ErrMasked when it is linked to /dev/null,
// ErrNotRegular or ErrTooLarge for what Node does not read (see Node).
func (n *Node) Read(nodePath string) ([]byte, error) {
	return n.read(nodePath, MaxFileSize)
}

// read is Read with a cap of limit bytes.
func (n *Node) read(nodePath string, limit int64) ([]byte, error) {
	name, err := n.resolve(nodePath)
	if err != nil {
		n.failed(nodePath, err)
		return nil, err
	}
	if name == "dev/null" {
		return nil, ErrMasked
	}
	data, err := readRegular(n.fsys, name, nodePath, limit)
	switch {
	case err == nil:
		return data, nil
	case absent(err):
		// Below a file is as absent as a missing file, for daemons too.
		return nil, &fs.PathError{Op: "open", Path: nodePath, Err: fs.ErrNotExist}
	}
	n.failedAt(nodePath, name, err)
	return nil, err
}

// Exists reports whether a node path names a file or directory, masked
// units included.
func (n *Node) Exists(nodePath string) bool {
	_, _, err := n.stat(nodePath)
	return err == nil || errors.Is(err, ErrMasked)
}

// IsFile reports whether a node path names something other than a
// directory.
func (n *Node) IsFile(nodePath string) bool {
	_, info, err := n.stat(nodePath)
	return err == nil && !info.IsDir()
}

// List returns the node paths of the entries of a directory whose names
// match pattern (a path.Match pattern), sorted; none when the directory is
// missing or is no directory. A directory that cannot be read is a finding
// of the Node's (see Node).
func (n *Node) List(dir, pattern string) []string {
	name, info, err := n.stat(dir)
	if err != nil || !info.IsDir() {
		return nil // a pipe is not opened: that would wait for a writer
	}
	entries, err := fs.ReadDir(n.fsys, name)
	if err != nil {
		n.failed(dir, err)
		return nil
	}
	var out []string
	for _, e := range entries {
		if ok, _ := path.Match(pattern, e.Name()); ok {
			out = append(out, path.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// Glob returns the node paths a pattern matches, sorted, such as
// /etc/containerd/conf.d/*.toml. Only the last element may hold wildcards,
// which is what containerd's imports and systemd's EnvironmentFile= use; a
// pattern without any names itself when it exists.
func (n *Node) Glob(pattern string) []string {
	dir, base := path.Split(path.Clean(pattern))
	if !strings.ContainsAny(base, "*?[") {
		if n.Exists(pattern) {
			return []string{path.Clean(pattern)}
		}
		return nil
	}
	var out []string
	for _, p := range n.List(path.Clean(dir), base) {
		if n.IsFile(p) {
			out = append(out, p)
		}
	}
	return out
}
