package inspect

import (
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
)

// Unreadable returns the node paths of the files and directories that are
// on the node but could not be read so far, sorted: whatever they say is
// unknown.
func (n *Node) Unreadable() []string {
	return slices.Sorted(maps.Keys(n.unreadable))
}

// failed records that nodePath is there but cannot be read, once: a
// finding of the Node's, as a component that asks for it may not report
// it (one that does reports the same finding, which Lint keeps once).
func (n *Node) failed(nodePath string, err error) {
	if n.unreadable[nodePath] {
		return
	}
	n.unreadable[nodePath] = true
	n.findings.AddReadErr(nodePath, err)
}

// failedAt records that nodePath, the fs.FS file name, cannot be read
// (failed). A permission error is recorded at the directory that cannot
// be searched when there is one, so a directory closed to Lint is one
// finding, not one per file looked for in it.
func (n *Node) failedAt(nodePath, name string, err error) {
	if errors.Is(err, fs.ErrPermission) {
		if dir, ok := n.unsearchable(name); ok {
			nodePath = dir
		}
	}
	n.failed(nodePath, err)
}

// unsearchable returns the node path of the directory above name that
// cannot be searched (what lies in it cannot even be stated), if any.
func (n *Node) unsearchable(name string) (string, bool) {
	elems := strings.Split(name, "/")
	for i := range elems {
		if _, err := fs.Stat(n.fsys, strings.Join(elems[:i+1], "/")); errors.Is(err, fs.ErrPermission) {
			return "/" + strings.Join(elems[:i], "/"), true
		}
	}
	return "", false
}
