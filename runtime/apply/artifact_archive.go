package apply

import (
	"archive/tar"
	"bufio"
	stdgzip "compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/kubenode/kubenode/runtime"
)

// eachMember reads the artifact's verified file and calls fn for each
// member, in archive order, with its content. Every archive entry is
// checked, mapped or not: an absolute name, a ".." element, or a symbolic
// or hard link pointing out of the archive makes the whole archive
// unsafe. A member must be a regular file and appear exactly once.
//
// What fn was given is known to come from the verified file only when
// eachMember returns nil, and its caller keeps nothing from fn before then:
// the archive is read under the stamp it was verified with, which must
// hold until the end (or, without one, hashed as it is read). A plain
// binary's content is the file: fn checks its digest as it writes it.
func (a *applier) eachMember(st *artifactState, fn func(runtime.Member, io.Reader) error) error {
	f, err := openToHash(a.root, st.file)
	if err != nil {
		return err
	}
	defer f.Close()
	if st.a.Format == runtime.ArchiveBinary {
		return fn(st.a.Members[0], f)
	}
	stamp, vouched := fileStampOf(f)
	vouched = vouched && stamp == st.rec.Stamp
	var r io.Reader = f
	h := sha256.New()
	if !vouched {
		r = io.TeeReader(f, h)
	}
	// gzip would read through a 4 KiB buffer of its own.
	if err := eachTarMember(bufio.NewReaderSize(r, copyBufferSize), st.a.Members, fn); err != nil {
		return err
	}
	if vouched {
		if now, _ := fileStampOf(f); now != stamp {
			return errChangedWhileRead
		}
		return nil
	}
	if _, err := copyBuffered(io.Discard, r); err != nil { // what follows the archive's end
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != st.sha {
		return errChangedWhileRead
	}
	return nil
}

// errChangedWhileRead is the error of a cached file that changed while
// Apply read it: nothing read from it is kept.
var errChangedWhileRead = fmt.Errorf("%w: the cached release file changed while it was read", ErrChecksumMismatch)

// fileStampOf is the stamp of an open file.
func fileStampOf(f *os.File) (fileStamp, bool) {
	fi, err := f.Stat()
	if err != nil {
		return fileStamp{}, false
	}
	return stampOf(fi)
}

// eachTarMember walks a tar.gz stream; see eachMember.
func eachTarMember(r io.Reader, members []runtime.Member, fn func(runtime.Member, io.Reader) error) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a gzip file: %w", stdGzipError(err))
	}
	byName := map[string]runtime.Member{}
	for _, m := range members {
		byName[m.Name] = m
	}
	seen := map[string]bool{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %w", stdGzipError(err))
		}
		if err := checkEntry(h); err != nil {
			return err
		}
		m, mapped := byName[h.Name]
		if !mapped {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("%w: member %q is not a regular file (tar type %q); only regular files are installed", ErrUnsafeArchive, h.Name, h.Typeflag)
		}
		if seen[h.Name] {
			return fmt.Errorf("%w: member %q appears twice", ErrUnsafeArchive, h.Name)
		}
		seen[h.Name] = true
		if err := fn(m, tr); err != nil {
			return stdGzipError(err)
		}
	}
	var missing []string
	for _, m := range members {
		if !seen[m.Name] {
			missing = append(missing, m.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the archive lacks %s: the release's layout differs from its member map", strings.Join(missing, ", "))
	}
	return nil
}

// stdGzipError gives the gzip reader's errors the sentinels of
// compress/gzip, which callers match. The reader is klauspost/compress's,
// API-compatible with compress/gzip and, on release archives, about a
// quarter cheaper in CPU to decompress (a sixth of a whole bring-up: see
// BENCHMARKS.md); it declares sentinels of its own.
func stdGzipError(err error) error {
	switch {
	case errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("%w (%w)", stdgzip.ErrHeader, err)
	case errors.Is(err, gzip.ErrChecksum):
		return fmt.Errorf("%w (%w)", stdgzip.ErrChecksum, err)
	}
	return err
}

// checkEntry refuses an archive entry whose name, or link target, leaves
// the directory the archive is extracted into.
func checkEntry(h *tar.Header) error {
	name := h.Name
	if strings.HasPrefix(name, "/") || runtime.HasDotDot(name) {
		return fmt.Errorf("%w: entry %q would be written outside the archive's directory", ErrUnsafeArchive, name)
	}
	switch h.Typeflag {
	case tar.TypeSymlink:
		target := path.Join(path.Dir(name), h.Linkname)
		if strings.HasPrefix(h.Linkname, "/") || target == ".." || strings.HasPrefix(target, "../") {
			return fmt.Errorf("%w: symbolic link %q points out of the archive (%s)", ErrUnsafeArchive, name, h.Linkname)
		}
	case tar.TypeLink:
		if strings.HasPrefix(h.Linkname, "/") || runtime.HasDotDot(h.Linkname) {
			return fmt.Errorf("%w: hard link %q points out of the archive (%s)", ErrUnsafeArchive, name, h.Linkname)
		}
	}
	return nil
}
