package apply

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
)

// maxChecksumFile bounds what Apply reads of a checksum file.
const maxChecksumFile = 1 << 20

// ArtifactProgress is one report of a download's progress, given to
// [Options].Progress.
type ArtifactProgress struct {
	// Name and URL are the artifact's.
	Name, URL string
	// Done is the bytes of the file in the cache so far (a resumed download
	// starts at what the cache held); Total is its size, -1 while the
	// server has not said. Done == Total when the file is complete, also
	// for a file found in the cache.
	Done, Total int64
}

// fetcher downloads artifacts into the cache under the root.
type fetcher struct {
	root     *nodeRoot // nil in a dry run over a root that does not exist
	cache    string    // the cache directory, relative to the root
	client   *http.Client
	progress func(ArtifactProgress)
	dryRun   bool
}

func newFetcher(root *nodeRoot, opts Options) *fetcher {
	f := &fetcher{root: root, cache: rel(runtime.ArtifactCacheDir), client: opts.HTTPClient, progress: opts.Progress, dryRun: opts.DryRun}
	if opts.CacheDir != "" {
		f.cache = rel(opts.CacheDir)
	}
	if f.client == nil {
		f.client = &http.Client{}
	}
	return f
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

// cached returns the cache path of the artifact's verified file when the
// cache holds it.
func (f *fetcher) cached(a runtime.Artifact, want string) (string, bool, error) {
	if f.root == nil {
		return "", false, nil
	}
	name := filepath.Join(f.cache, want)
	got, size, err := hashRootFile(f.root, name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if got != want {
		// Damaged since it was verified: download it again.
		if f.dryRun {
			return "", false, nil
		}
		return "", false, f.root.Remove(name)
	}
	f.report(a, size, size)
	return name, true, nil
}

// fetch makes the cache hold the artifact's file, verified against want,
// and returns its path relative to the root. An unfinished download is
// resumed with an HTTP Range request; if the resumed file does not verify,
// it is downloaded once more from the start, since the server's file may
// have changed between the two parts. A file that does not verify is
// removed and a *ChecksumError returned.
func (f *fetcher) fetch(ctx context.Context, a runtime.Artifact, want string) (string, error) {
	if err := f.root.MkdirAll(f.cache, 0o755); err != nil {
		return "", fmt.Errorf("cache %s: %w", f.cache, err)
	}
	final := filepath.Join(f.cache, want)
	part := final + ".partial"
	for attempt := 0; ; attempt++ {
		resumed, err := f.download(ctx, a, part)
		if err != nil {
			return "", err
		}
		got, _, err := hashRootFile(f.root, part)
		if err != nil {
			return "", err
		}
		if got == want {
			if err := f.root.Rename(part, final); err != nil {
				return "", err
			}
			return final, syncRootDir(f.root, f.cache)
		}
		if err := f.root.Remove(part); err != nil {
			return "", err
		}
		if !resumed || attempt > 0 {
			return "", &ChecksumError{URL: a.URL, Want: want, Got: got}
		}
	}
}

// download fills part with the file, continuing what it holds. It reports
// whether it continued an earlier download.
func (f *fetcher) download(ctx context.Context, a runtime.Artifact, part string) (resumed bool, err error) {
	var offset int64
	if fi, err := f.root.Stat(part); err == nil && fi.Mode().IsRegular() {
		offset = fi.Size()
	}
	resp, err := f.get(ctx, a.URL, offset)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	flags := os.O_WRONLY | os.O_CREATE
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
		start, err := contentRangeStart(resp.Header.Get("Content-Range"))
		if err != nil || start != offset {
			return false, fmt.Errorf("GET %s: the server resumed at %q, not at byte %d", a.URL, resp.Header.Get("Content-Range"), offset)
		}
		flags |= os.O_APPEND
		resumed = true
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && offset > 0:
		// The partial file is already whole (or longer than the file):
		// its digest decides.
		return true, nil
	case resp.StatusCode == http.StatusOK:
		offset = 0
		flags |= os.O_TRUNC
	default:
		return false, &HTTPError{URL: a.URL, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	total := int64(-1)
	if resp.ContentLength >= 0 {
		total = offset + resp.ContentLength
	}
	out, err := f.root.OpenFile(part, flags, 0o644)
	if err != nil {
		return false, err
	}
	f.report(a, offset, total)
	w := &progressWriter{f: f, a: a, done: offset, total: total}
	_, err = io.Copy(io.MultiWriter(out, w), resp.Body)
	if err == nil {
		err = f.root.Sync(out, part)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("GET %s: %w (the part downloaded is kept and resumed next time)", a.URL, err)
	}
	if total < 0 {
		f.report(a, w.done, w.done)
	}
	return resumed, nil
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

func (f *fetcher) report(a runtime.Artifact, done, total int64) {
	if f.progress != nil {
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

// hashRootFile returns the SHA-256 and size of a file under the root.
func hashRootFile(root *nodeRoot, name string) (string, int64, error) {
	f, err := root.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// syncRootDir fsyncs a directory under the root.
func syncRootDir(root *nodeRoot, dir string) error {
	a := applier{root: root}
	return a.syncDir(dir)
}
