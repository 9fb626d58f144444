package inspect

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"

	"github.com/kubenode/kubenode/runtime"
)

// The most Node reads of one file. A node's files are written by people
// and packages, each a few kilobytes; a file far larger is a mistake or an
// attack, and reading it whole would cost memory in proportion.
const (
	// MaxFileSize caps a configuration file (Read): 1 MiB. containerd's
	// config.toml with every plugin (`containerd config default`) is
	// about 12 KB, CRI-O's whole crio.conf about 40 KB.
	MaxFileSize = 1 << 20
	// MaxUnitSize caps a unit file, a drop-in and an environment file:
	// 256 KiB. The largest units systemd itself ships are under 10 KB.
	MaxUnitSize = 256 << 10
)

// The errors of a node file Node does not read; errors.Is matches them on
// what Read returns.
var (
	// ErrNotRegular is a path that names a named pipe, a device, a socket
	// or a directory where a file is read: opening a pipe waits for a
	// writer, and a device such as /dev/zero never ends.
	ErrNotRegular = runtime.ErrNotRegular
	// ErrTooLarge is a file larger than its kind's cap (MaxFileSize,
	// MaxUnitSize).
	ErrTooLarge = runtime.ErrTooLarge
)

// readRegular reads the fs.FS file name, the node path nodePath, when it
// is a regular file of at most limit bytes. It asks the file's type before
// opening it, so a named pipe or a device is refused without being opened
// (opening a pipe blocks until a writer comes); checks the file it opened
// again, in case another took its place meanwhile (an fs.FS from DirFS
// opens without blocking even then); and reads no more than limit bytes,
// whatever the file claims to hold.
func readRegular(fsys fs.FS, name, nodePath string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(info, nodePath, limit); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(info, nodePath, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: nodePath, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(nodePath, -1, limit) // it grew, or states no size
	}
	return data, nil
}

// checkRegular refuses what is no regular file, or one larger than limit.
func checkRegular(info fs.FileInfo, nodePath string, limit int64) error {
	if !info.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: nodePath, Err: fmt.Errorf("%w: %s", ErrNotRegular, fileType(info.Mode()))}
	}
	if info.Size() > limit {
		return tooLarge(nodePath, info.Size(), limit)
	}
	return nil
}

// tooLarge is the error of a file over limit; size is its size as its
// file system states it, or -1 when only reading it found it larger.
func tooLarge(nodePath string, size, limit int64) error {
	err := fmt.Errorf("%w: more than the %d bytes kubenode reads of such a file", ErrTooLarge, limit)
	if size >= 0 {
		err = fmt.Errorf("%w: %d bytes, more than the %d kubenode reads of such a file", ErrTooLarge, size, limit)
	}
	return &fs.PathError{Op: "read", Path: nodePath, Err: err}
}

// fileType names what a mode that is no regular file's is.
func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "an irregular file (" + m.Type().String() + ")"
}

// absent reports whether err says a path is not there: missing, or below
// something that is no directory (ENOTDIR), which no daemon reads as a
// problem either.
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
