package kubenode

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// nodeFS reads a node's files by their node paths (/etc/crictl.yaml) from
// an fs.FS rooted at the node's /. When the FS can read links it follows
// them itself, so that an absolute link (/etc/systemd/system/x.service ->
// /lib/systemd/system/x.service) resolves inside the node's root.
type nodeFS struct {
	fsys fs.FS
}

// errMasked is the error of reading a file linked to /dev/null, as systemd
// masks a unit.
var errMasked = errors.New("linked to /dev/null (masked)")

// maxLinks is how many links one path may go through, as in Linux.
const maxLinks = 40

// resolve returns the fs.FS name of a node path with every link along it
// followed inside the root. A missing element ends the walk: the rest is
// appended as it is, and opening it fails with fs.ErrNotExist.
func (n nodeFS) resolve(nodePath string) (string, error) {
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

// read returns a node file's content; fs.ErrNotExist when there is none,
// errMasked when it is linked to /dev/null.
func (n nodeFS) read(nodePath string) ([]byte, error) {
	name, err := n.resolve(nodePath)
	if err != nil {
		return nil, err
	}
	if name == "dev/null" {
		return nil, errMasked
	}
	return fs.ReadFile(n.fsys, name)
}

// exists reports whether a node path names a file or directory, masked
// units included.
func (n nodeFS) exists(nodePath string) bool {
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

// list returns the node paths of the entries of a directory whose names
// match pattern (a path.Match pattern), sorted; none when the directory is
// missing.
func (n nodeFS) list(dir, pattern string) []string {
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

// glob returns the node paths a pattern matches, sorted, such as
// /etc/containerd/conf.d/*.toml. Only the last element may hold wildcards,
// which is what containerd's imports and systemd's EnvironmentFile= use.
func (n nodeFS) glob(pattern string) []string {
	dir, base := path.Split(path.Clean(pattern))
	if !strings.ContainsAny(base, "*?[") {
		if n.exists(pattern) {
			return []string{path.Clean(pattern)}
		}
		return nil
	}
	var out []string
	for _, p := range n.list(path.Clean(dir), base) {
		if n.isFile(p) {
			out = append(out, p)
		}
	}
	return out
}

func (n nodeFS) isFile(nodePath string) bool {
	name, err := n.resolve(nodePath)
	if err != nil {
		return false
	}
	info, err := fs.Stat(n.fsys, name)
	return err == nil && !info.IsDir()
}
