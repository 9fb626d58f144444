package runtime

import (
	"errors"
	"path"
	"strings"
)

// The errors of a node file kubenode will not read, shared by everything
// that reads a node (runtime/apply, runtime/inspect), so errors.Is matches
// one sentinel wherever the file was refused.
var (
	// ErrNotRegular is a path that names a FIFO, a device, a socket or a
	// directory where a file is read: opening a FIFO waits for a writer,
	// and a device such as /dev/zero never ends.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is a file larger than the reader's cap for its kind.
	ErrTooLarge = errors.New("file too large")
)

// PathsOverlap reports whether two absolute directories are the same or
// one lies inside the other: data directories that overlap delete each
// other's files.
func PathsOverlap(a, b string) bool {
	a, b = path.Clean(a)+"/", path.Clean(b)+"/"
	if a == "//" || b == "//" {
		return true // "/" holds everything
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}
