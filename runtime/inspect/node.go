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
// Node also loads units as systemd does, once each (Unit): what is wrong
// with reading them is kept in the Node's own Findings, so several
// components asking for one unit report its problems once. A Node is not
// safe for concurrent use.
type Node struct {
	fsys     fs.FS
	units    map[string]*Unit
	findings Report
}

// NewNode returns the node whose / is fsys.
func NewNode(fsys fs.FS) *Node {
	return &Node{fsys: fsys, units: map[string]*Unit{}}
}

// Findings are the problems of reading the node's units and their
// environment files, each reported once however often it was asked for.
func (n *Node) Findings() []Finding {
	return n.findings.Findings
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

// Read returns a node file's content: fs.ErrNotExist when there is none,
// ErrMasked when it is linked to /dev/null.
func (n *Node) Read(nodePath string) ([]byte, error) {
	name, err := n.resolve(nodePath)
	if err != nil {
		return nil, err
	}
	if name == "dev/null" {
		return nil, ErrMasked
	}
	return fs.ReadFile(n.fsys, name)
}

// Exists reports whether a node path names a file or directory, masked
// units included.
func (n *Node) Exists(nodePath string) bool {
	name, err := n.resolve(nodePath)
	if err != nil {
		return false
	}
	if name == "dev/null" {
		return true
	}
	_, err = fs.Stat(n.fsys, name)
	return err == nil
}

// IsFile reports whether a node path names something other than a
// directory.
func (n *Node) IsFile(nodePath string) bool {
	name, err := n.resolve(nodePath)
	if err != nil {
		return false
	}
	info, err := fs.Stat(n.fsys, name)
	return err == nil && !info.IsDir()
}

// List returns the node paths of the entries of a directory whose names
// match pattern (a path.Match pattern), sorted; none when the directory is
// missing.
func (n *Node) List(dir, pattern string) []string {
	name, err := n.resolve(dir)
	if err != nil {
		return nil
	}
	entries, err := fs.ReadDir(n.fsys, name)
	if err != nil {
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
