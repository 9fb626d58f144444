package apply

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	neturl "net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/kubenode/kubenode/runtime"
)

// maxChecksumFile bounds what Apply reads of a checksum file.
const maxChecksumFile = 1 << 20

// ArtifactProgress is one report of a download's progress, given to
// [Options].Progress. Apply fetches several artifacts at once; their
// reports come one call at a time, each artifact's in order.
type ArtifactProgress struct {
	// Name and URL are the artifact's.
	Name, URL string
	// Done is the bytes of the file in the cache so far (a resumed download
	// starts at what the cache held); Total is its size, -1 while the
	// server has not said. Done == Total when the file is complete, also
	// for a file found in the cache.
	Done, Total int64
}

// fetcher downloads artifacts into the cache under the root. Its methods
// may run for several artifacts at once.
type fetcher struct {
	root     *nodeRoot // nil in a dry run over a root that does not exist
	cache    string    // the cache directory, relative to the root
	client   *http.Client
	progress func(ArtifactProgress)
	dryRun   bool

	progressMu sync.Mutex // one Progress call at a time
	files      keyedMutex // one artifact at a time per cache file
}

func newFetcher(root *nodeRoot, opts Options) *fetcher {
	f := &fetcher{root: root, cache: cacheDir(opts), client: opts.HTTPClient, progress: opts.Progress, dryRun: opts.DryRun}
	if f.client == nil {
		f.client = &http.Client{}
	}
	f.client = confineRedirects(f.client, opts.AllowCrossHostRedirects)
	return f
}

// cacheDir is the cache directory, relative to the root.
func cacheDir(opts Options) string {
	if opts.CacheDir != "" {
		return rel(opts.CacheDir)
	}
	return rel(runtime.ArtifactCacheDir)
}

// digest returns the SHA-256 the artifact must have: the pinned one, or the
// one its checksum file lists for it.
func (f *fetcher) digest(ctx context.Context, a runtime.Artifact) (string, error) {
	if a.SHA256 != "" {
		return a.SHA256, nil
	}
	resp, err := f.get(ctx, a.ChecksumURL, 0)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", &HTTPError{URL: a.ChecksumURL, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxChecksumFile))
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", a.ChecksumURL, err)
	}
	sum, err := ParseChecksum(data, a.FileName())
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.ChecksumURL, err)
	}
	return sum, nil
}

// ParseChecksum finds the SHA-256 of file in a checksum file: a file that
// holds only a digest (the kubelet's .sha256), or sha256sum lines
// "<digest>  <name>" or "<digest> *<name>" (containerd's .sha256sum,
// runc.sha256sum), where the line whose name (or its last element) is file
// counts.
func ParseChecksum(data []byte, file string) (string, error) {
	var lines [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		lines = append(lines, fields)
	}
	if len(lines) == 1 && len(lines[0]) == 1 {
		return checkDigest(lines[0][0])
	}
	for _, l := range lines {
		if len(l) < 2 {
			continue
		}
		name := strings.TrimPrefix(l[1], "*")
		if name == file || path.Base(name) == file {
			return checkDigest(l[0])
		}
	}
	return "", fmt.Errorf("%w for %s in the checksum file", ErrNoDigest, file)
}

func checkDigest(s string) (string, error) {
	s = strings.ToLower(s)
	if !runtime.SHA256Hex.MatchString(s) {
		return "", fmt.Errorf("%q is not a SHA-256 digest", s)
	}
	return s, nil
}

// cached finds the artifact's verified file in the cache and loads its
// record into st. A file whose stamp is the one its record holds is
// trusted unread; another is hashed, and removed when damaged (kept, in a
// dry run, which changes nothing).
func (f *fetcher) cached(st *artifactState) (bool, error) {
	if f.root == nil {
		return false, nil
	}
	name := filepath.Join(f.cache, st.sha)
	fi, err := f.root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() {
		return false, &fs.PathError{Op: "read", Path: name, Err: notRegular(fi.Mode())}
	}
	st.rec = loadRecord(f.root, f.cache, st.sha)
	if stamp, ok := stampOf(fi); !ok || stamp != st.rec.Stamp {
		got, _, err := hashRootFile(f.root, name)
		if err != nil {
			return false, err
		}
		if got != st.sha {
			// Damaged since it was verified: download it again.
			st.rec = cacheRecord{}
			if f.dryRun {
				return false, nil
			}
			return false, f.root.Remove(name)
		}
		if ok {
			f.restamp(st, name, stamp)
		}
	}
	st.file = name
	f.report(st.a, fi.Size(), fi.Size())
	return true, nil
}

// restamp records in st's record the stamp of its file, just verified,
// if the file still has the stamp it had when its verification began.
func (f *fetcher) restamp(st *artifactState, name string, verified fileStamp) {
	fi, err := f.root.Lstat(name)
	if err != nil {
		return
	}
	if now, ok := stampOf(fi); ok && now == verified && now != st.rec.Stamp {
		st.rec.Stamp = now
		st.recChanged = true
	}
}

// fetch makes the cache hold the artifact's file, verified against st.sha,
// and sets st.file to its path relative to the root. An unfinished
// download is resumed with an HTTP Range request; if the resumed file does
// not verify, it is downloaded once more from the start, since the
// server's file may have changed between the two parts. A file that does
// not verify is removed and a *ChecksumError returned.
func (f *fetcher) fetch(ctx context.Context, st *artifactState) error {
	if err := f.root.MkdirAll(f.cache, 0o755); err != nil {
		return fmt.Errorf("cache %s: %w", f.cache, err)
	}
	final := filepath.Join(f.cache, st.sha)
	part := final + ".partial"
	for attempt := 0; ; attempt++ {
		resumed, got, err := f.download(ctx, st.a, part)
		if err != nil {
			return err
		}
		if got == st.sha {
			if err := f.root.Rename(part, final); err != nil {
				return err
			}
			if err := syncRootDir(f.root, f.cache); err != nil {
				return err
			}
			st.file = final
			st.rec = cacheRecord{}
			// Hashed as Apply wrote it: its stamp now is the verified one.
			if fi, err := f.root.Lstat(final); err == nil {
				if stamp, ok := stampOf(fi); ok {
					f.restamp(st, final, stamp)
				}
			}
			return nil
		}
		if err := f.root.Remove(part); err != nil {
			return err
		}
		if !resumed || attempt > 0 {
			return &ChecksumError{URL: st.a.URL, Want: st.sha, Got: got}
		}
	}
}

// download fills part with the file, continuing what it holds, and returns
// the SHA-256 of the whole, hashed as it is written (the part kept is read
// once). It reports whether it continued an earlier download.
func (f *fetcher) download(ctx context.Context, a runtime.Artifact, part string) (resumed bool, sum string, err error) {
	var offset int64
	if fi, err := f.root.Lstat(part); err == nil && fi.Mode().IsRegular() {
		offset = fi.Size()
	}
	resp, err := f.get(ctx, a.URL, offset)
	if err != nil {
		return false, "", err
	}
	defer resp.Body.Close()
	h := sha256.New()
	flags := os.O_WRONLY | os.O_CREATE
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
		start, err := contentRangeStart(resp.Header.Get("Content-Range"))
		if err != nil || start != offset {
			return false, "", fmt.Errorf("GET %s: the server resumed at %q, not at byte %d", a.URL, resp.Header.Get("Content-Range"), offset)
		}
		if err := hashPrefix(f.root, part, offset, h); err != nil {
			return false, "", err
		}
		flags |= os.O_APPEND
		resumed = true
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && offset > 0:
		// The partial file is already whole (or longer than the file):
		// its digest decides.
		sum, _, err := hashRootFile(f.root, part)
		return true, sum, err
	case resp.StatusCode == http.StatusOK:
		offset = 0
		flags |= os.O_TRUNC
	default:
		return false, "", &HTTPError{URL: a.URL, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	total := int64(-1)
	if resp.ContentLength >= 0 {
		total = offset + resp.ContentLength
	}
	out, err := f.root.OpenFile(part, flags, 0o644)
	if err != nil {
		return false, "", err
	}
	f.report(a, offset, total)
	w := &progressWriter{f: f, a: a, done: offset, total: total}
	_, err = copyBuffered(io.MultiWriter(out, h, w), resp.Body)
	if err == nil {
		err = f.root.Sync(out, part)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, "", fmt.Errorf("GET %s: %w (the part downloaded is kept and resumed next time)", a.URL, err)
	}
	if total < 0 {
		f.report(a, w.done, w.done)
	}
	return resumed, hex.EncodeToString(h.Sum(nil)), nil
}

// get sends a GET, asking for the bytes from offset on when it is not 0.
func (f *fetcher) get(ctx context.Context, url string, offset int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "kubenode")
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		// The client's error names the last URL it asked, which after a
		// redirect may carry a CDN's signed token: name the plan's.
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	return resp, nil
}

// contentRangeStart reads the first byte position of "bytes 100-199/200".
func contentRangeStart(v string) (int64, error) {
	rest, ok := strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, fmt.Errorf("Content-Range %q", v)
	}
	start, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, fmt.Errorf("Content-Range %q", v)
	}
	return strconv.ParseInt(start, 10, 64)
}

// report calls Progress, one call at a time, whichever artifact's
// download reports.
func (f *fetcher) report(a runtime.Artifact, done, total int64) {
	if f.progress != nil {
		f.progressMu.Lock()
		defer f.progressMu.Unlock()
		f.progress(ArtifactProgress{Name: a.Name, URL: a.URL, Done: done, Total: total})
	}
}

// progressWriter reports each chunk written.
type progressWriter struct {
	f           *fetcher
	a           runtime.Artifact
	done, total int64
}

func (w *progressWriter) Write(p []byte) (int, error) {
	w.done += int64(len(p))
	w.f.report(w.a, w.done, w.total)
	return len(p), nil
}

// copyBufferSize is the buffer of Apply's copies of release files: larger
// than io.Copy's 32 KiB, for fewer system calls over hundreds of
// megabytes.
const copyBufferSize = 256 << 10

var copyBuffers = sync.Pool{New: func() any { return new([copyBufferSize]byte) }}

// copyBuffered is io.Copy with a pooled copyBufferSize buffer.
func copyBuffered(dst io.Writer, src io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[copyBufferSize]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(dst, src, buf[:])
}

// hashRootFile returns the SHA-256 and size of a regular file under the
// root.
func hashRootFile(root *nodeRoot, name string) (string, int64, error) {
	h := sha256.New()
	n, err := hashFile(root, name, -1, h)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// hashPrefix feeds the first n bytes of a file under the root to h.
func hashPrefix(root *nodeRoot, name string, n int64, h hash.Hash) error {
	got, err := hashFile(root, name, n, h)
	if err == nil && got != n {
		err = fmt.Errorf("%s: %d bytes, not %d", name, got, n)
	}
	return err
}

// hashFile feeds a regular file under the root, or its first limit bytes
// when limit is not negative, to h, and returns how many bytes it read.
func hashFile(root *nodeRoot, name string, limit int64, h hash.Hash) (int64, error) {
	f, err := openToHash(root, name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit)
	}
	return copyBuffered(h, r)
}

// syncRootDir fsyncs a directory under the root.
func syncRootDir(root *nodeRoot, dir string) error {
	a := applier{root: root}
	return a.syncDir(dir)
}

// readHook, when set (by tests), is told of every release file, cached
// or installed, that Apply opens to read.
var readHook func(name string)

// openToHash opens a regular file under the root for reading (nodeRoot.Open:
// a FIFO planted in its place never blocks it), refusing anything else.
func openToHash(root *nodeRoot, name string) (*os.File, error) {
	if readHook != nil {
		readHook(name)
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &fs.PathError{Op: "read", Path: name, Err: notRegular(fi.Mode())}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
