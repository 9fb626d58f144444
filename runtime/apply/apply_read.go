package apply

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// readLimit is the most Apply reads of one kind of node file, and how the
// error names that kind.
type readLimit struct {
	bytes int64
	what  string
}

// The caps. A user or group database of a node is kilobytes; a file a plan
// replaces is a config file, so 16 MiB is far above any real one (a plan
// writing a larger file may read back as much as it writes, see inspect).
var (
	idFileLimit  = readLimit{8 << 20, "/etc/passwd or /etc/group"}
	oldFileLimit = readLimit{16 << 20, "a file it replaces"}
)

// tooLarge is the error for a file of size bytes over the limit.
func (l readLimit) tooLarge(size int64) error {
	return fmt.Errorf("%w: %d bytes; Apply reads at most %d MiB of %s", ErrTooLarge, size, l.bytes>>20, l.what)
}

// notRegular is the error for a file of the given mode that Apply will not
// read.
func notRegular(mode fs.FileMode) error {
	kind := "of mode " + mode.Type().String()
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a block device"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeSymlink != 0:
		kind = "a symbolic link"
	case mode.IsDir():
		kind = "a directory"
	}
	return fmt.Errorf("%w: it is %s", ErrNotRegular, kind)
}

// readIDFile reads /etc/passwd or /etc/group under the root, as little of
// it as idFileLimit allows; a missing file (or root) reads as empty. The
// error names the node path.
func (a *applier) readIDFile(nodePath string) ([]byte, error) {
	if a.root == nil {
		return nil, nil
	}
	data, err := a.root.readRegular(rel(nodePath), idFileLimit, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: nodePath, Err: err}
	}
	return data, nil
}

// Open opens a regular file or a directory under the root for reading. It
// checks what is there before it opens it, so no device is ever opened (to
// open some has effects), opens without blocking (a FIFO put there in
// between does not hang it) and checks again what it opened.
func (r *nodeRoot) Open(name string) (*os.File, error) {
	fi, err := r.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, notRegular(fi.Mode())
	}
	f, err := r.root.OpenFile(name, os.O_RDONLY|openNoBlock, 0)
	if err != nil {
		return nil, err
	}
	opened, err := f.Stat()
	if err == nil && !os.SameFile(fi, opened) {
		err = fmt.Errorf("%s changed while it was opened", name)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readRegular reads a regular file under the root whole, refusing anything
// else and a file over the limit before reading it. When seen is set, the
// file must still be the one seen (by an earlier Lstat).
func (r *nodeRoot) readRegular(name string, limit readLimit, seen fs.FileInfo) ([]byte, error) {
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, notRegular(fi.Mode())
	case seen != nil && !os.SameFile(seen, fi):
		return nil, fmt.Errorf("%s changed while Apply read it", name)
	case fi.Size() > limit.bytes:
		return nil, limit.tooLarge(fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, limit.bytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit.bytes { // it grew while it was read
		return nil, limit.tooLarge(int64(len(data)))
	}
	return data, nil
}
