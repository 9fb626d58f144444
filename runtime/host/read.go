package host

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Read returns the facts of the host whose root directory is root: "/" on
// a node, an image root or a test's directory otherwise. It reads files
// only, runs nothing and changes nothing. Its error is only for a root
// that cannot be opened; a fact it cannot read is unknown, and a file that
// exists but was not read is listed in [Facts.Unreadable].
func Read(root string) (*Facts, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rd := &reader{root: r}
	f := &Facts{
		KernelRelease:  rd.line("proc/sys/kernel/osrelease"),
		SystemdVersion: rd.systemdVersion(),
		Cgroup:         rd.cgroup(filepath.Clean(root) == "/"),
		Swap:           rd.swap(),
		Sysctls:        rd.sysctls(),
	}
	f.OOMScoreAdj, _ = parsed(rd, "proc/self/oom_score_adj", parseOOMScoreAdj)
	f.UserNamespace, _ = parsed(rd, "proc/self/uid_map", parseUIDMap)
	capable, _ := parsed(rd, "proc/self/status", parseCapSysResource)
	f.LowerOOMScoreAdj = mayLower(capable, f.UserNamespace)
	f.Modules = rd.modules(f.KernelRelease)
	f.Unreadable = rd.unreadable
	return f, nil
}

// reader reads files under a root for Read: confined by os.Root (no ".."
// or symbolic link leads out of it), regular files only, at most
// MaxFileSize bytes each. It records every file that exists but was not
// read, so that the caller can say why a fact is unknown.
type reader struct {
	root       *os.Root
	unreadable []Unreadable
}

// file returns the content of the regular file name (relative to the
// root) and true, or false when it is missing or was not read.
func (r *reader) file(name string) ([]byte, bool) {
	// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	// writer; the fstat below then refuses it.
	f, err := r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if !missing(err) {
			r.skip(name, CannotOpen)
		}
		return nil, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		r.skip(name, CannotOpen)
		return nil, false
	}
	if !st.Mode().IsRegular() {
		r.skip(name, NotRegular)
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	switch {
	case err != nil:
		r.skip(name, CannotOpen)
		return nil, false
	case len(data) > MaxFileSize:
		r.skip(name, TooLarge)
		return nil, false
	}
	return data, true
}

// parsed reads the file name and parses it: false when the file is
// missing, not read, or not what parse expects (then recorded as
// Malformed).
func parsed[T any](r *reader, name string, parse func(string) (T, bool)) (T, bool) {
	var zero T
	data, ok := r.file(name)
	if !ok {
		return zero, false
	}
	v, ok := parse(string(data))
	if !ok {
		r.skip(name, Malformed)
		return zero, false
	}
	return v, true
}

// isFile is whether name is a regular file under the root. It reads
// nothing, so it records nothing.
func (r *reader) isFile(name string) bool {
	st, err := r.root.Stat(name)
	return err == nil && st.Mode().IsRegular()
}

// dirNames returns the names in the directory name, or nil when it is
// missing or not a directory.
func (r *reader) dirNames(name string) []string {
	f, err := r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.IsDir() {
		return nil
	}
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil
	}
	return names
}

// isDir is whether name is a directory under the root.
func (r *reader) isDir(name string) bool {
	st, err := r.root.Stat(name)
	return err == nil && st.IsDir()
}

// skip records that the file name was not read.
func (r *reader) skip(name string, why Reason) {
	r.unreadable = append(r.unreadable, Unreadable{Path: "/" + name, Reason: why})
}

// missing is whether err says the file is not there: not found, or a path
// component that is a file rather than a directory.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
