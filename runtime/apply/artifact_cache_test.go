package apply_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// readLog records the release files and binaries Apply opens to read.
type readLog struct {
	mu    sync.Mutex
	names []string
}

func (l *readLog) read(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, filepath.ToSlash(name))
}

// count is how many times name (relative to the root) was opened.
func (l *readLog) count(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.names {
		if r == name {
			n++
		}
	}
	return n
}

// under lists the names opened under dir.
func (l *readLog) under(dir string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.names {
		if strings.HasPrefix(r, dir+"/") {
			out = append(out, r)
		}
	}
	return out
}

func logReads(t *testing.T) *readLog {
	l := &readLog{}
	t.Cleanup(apply.SetReadHook(l.read))
	return l
}

// cacheFile is the cached copy of data, relative to the root.
func cacheFile(data []byte) string {
	return strings.TrimPrefix(runtime.ArtifactCacheDir, "/") + "/" + releasetest.SHA256(data)
}

// upManager is a manager whose containerd.service is enabled and running.
func upManager() *fakeManager {
	m := newFakeManager()
	m.active["containerd.service"], m.enabled["containerd.service"] = true, true
	return m
}

// regularFiles keeps a snapshot's regular files (a directory's entry
// changes with its modification time).
func regularFiles(snap map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range snap {
		if strings.HasPrefix(v, "-") {
			out[k] = v
		}
	}
	return out
}

// installedRelease applies serveRelease's plan of release v1 to a new
// root.
func installedRelease(t *testing.T) (release, *runtime.Plan, string) {
	rel := newRelease(t, "v1")
	plan := serveRelease(t, releasetest.NewServer(t), rel)
	root := t.TempDir()
	mustApply(t, plan, apply.Options{Root: root})
	return rel, plan, root
}

// A fresh node reads each downloaded file once: hashed as it downloads,
// then one pass over each archive that installs its members.
func TestFreshInstallReadsEachArchiveOnce(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	reads := logReads(t)
	mustApply(t, plan, apply.Options{Root: t.TempDir()})
	assert.Equal(t, 1, reads.count(cacheFile(rel.archive)))
	assert.Equal(t, 1, reads.count(cacheFile(rel.runc)))
}

// An unchanged re-apply, and a dry run over it, read the cache records,
// never the archives; the binaries are hashed, to know they are intact.
func TestUnchangedReapplyReadsNoArchive(t *testing.T) {
	_, plan, root := installedRelease(t)

	for _, dryRun := range []bool{false, true} {
		reads := logReads(t)
		res := mustApply(t, plan, apply.Options{Root: root, DryRun: dryRun, Manager: upManager()})
		assert.False(t, res.Changed())
		assert.Equal(t, "cache", res.Artifacts[0].Source)
		assert.Empty(t, reads.under(strings.TrimPrefix(runtime.ArtifactCacheDir, "/")), "dry run %v", dryRun)
		assert.Equal(t, 1, reads.count("usr/local/bin/containerd"))
		for _, a := range res.Artifacts {
			for _, m := range a.Members {
				assert.Equal(t, apply.ChangeUnchanged, m.Change, m.Path)
				assert.NotEmpty(t, m.SHA256, m.Path)
			}
		}
	}
}

// The cache record is only a shortcut: a damaged one, or one whose file
// changed since, costs a read of the file and is written anew; one that
// lies about a member's digest is corrected by the install, which hashes
// what it extracts.
func TestCacheRecordIsOnlyAShortcut(t *testing.T) {
	rel, plan, root := installedRelease(t)
	record := filepath.Join(root, cacheFile(rel.archive)+".json")
	good, err := os.ReadFile(record)
	require.NoError(t, err)

	// Damaged: read again, rewritten.
	require.NoError(t, os.WriteFile(record, []byte("{not json"), 0o644))
	reads := logReads(t)
	res := mustApply(t, plan, apply.Options{Root: root, Manager: upManager()})
	assert.False(t, res.Changed())
	assert.Positive(t, reads.count(cacheFile(rel.archive)))
	got, err := os.ReadFile(record)
	require.NoError(t, err)
	assert.JSONEq(t, string(good), string(got))

	// A member's digest that lies: the binary looks changed, the install
	// finds it is not and replaces nothing.
	lie := strings.Replace(string(good), releasetest.SHA256([]byte("ctr v1\n")), releasetest.SHA256([]byte("ctr v0\n")), 1)
	require.NotEqual(t, string(good), lie)
	require.NoError(t, os.WriteFile(record, []byte(lie), 0o644))
	before := regularFiles(nodeSnapshot(t, root))
	res = mustApply(t, plan, apply.Options{Root: root, Manager: upManager()})
	assert.False(t, res.Changed())
	assert.Equal(t, before, regularFiles(nodeSnapshot(t, root)), "no file replaced")
	got, err = os.ReadFile(record)
	require.NoError(t, err)
	assert.JSONEq(t, string(good), string(got), "corrected")
}

// Artifacts download at the same time: the server holds each response
// until a second request is in flight, which a fetch one after another
// never makes (and then the test fails instead of waiting forever).
func TestApplyFetchesArtifactsConcurrently(t *testing.T) {
	rel := newRelease(t, "v1")
	files := releasetest.NewServer(t)
	plan := serveRelease(t, files, rel)
	var (
		mu       sync.Mutex
		inFlight int
		most     int
	)
	both := make(chan struct{})
	var once sync.Once
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight == 2 {
			once.Do(func() { close(both) })
		}
		mu.Unlock()
		select {
		case <-both:
		case <-time.After(5 * time.Second):
		}
		files.Config.Handler.ServeHTTP(w, r)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	t.Cleanup(gate.Close)
	for i := range plan.Artifacts {
		plan.Artifacts[i].URL = strings.Replace(plan.Artifacts[i].URL, files.URL, gate.URL, 1)
	}
	root := t.TempDir()
	mustApply(t, plan, apply.Options{Root: root})
	assert.Equal(t, 2, most, "both artifacts were asked for at once")
	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
	assert.Equal(t, "runc v1\n", readNode(t, root, "/usr/local/sbin/runc"))
}

// Two artifacts of one file (one per member map) share its cache entry
// without downloading it twice at once.
func TestApplySharesOneCacheFile(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	second := plan.Artifacts[0]
	second.Name = "containerd-stress"
	second.Members = []runtime.Member{{Name: "bin/containerd-stress", Path: "/usr/local/bin/containerd-stress", Mode: 0o755}}
	plan.Artifacts = append(plan.Artifacts, second)
	root := t.TempDir()
	res := mustApply(t, plan, apply.Options{Root: root})
	assert.Equal(t, "stress v1\n", readNode(t, root, "/usr/local/bin/containerd-stress"))
	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
	assert.ElementsMatch(t, []string{"download", "cache"}, []string{res.Artifacts[0].Source, res.Artifacts[2].Source})
	assert.Equal(t, len(rel.archive), s.Sent("/containerd/containerd-2.2.9-linux-amd64.tar.gz"), "downloaded once")
}

// A failed download stops the others (their parts are kept for the next
// run) and leaves the node as it was.
func TestApplyStopsOtherDownloadsOnFailure(t *testing.T) {
	s := releasetest.NewServer(t)
	plan := serveRelease(t, s, newRelease(t, "v1"))
	plan.Artifacts[1].URL = s.URL + "/missing/runc.amd64"
	root := t.TempDir()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	var he *apply.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Empty(t, nodeSnapshot(t, root))
	leftovers, _ := filepath.Glob(filepath.Join(root, "usr/local/bin/.*"))
	assert.Empty(t, leftovers, "no temp file")
}

// A cached file replaced after it was verified and before its members are
// installed is caught: nothing of it is installed and the node is as it
// was.
func TestApplyRefusesCacheChangedBeforeInstall(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	root := t.TempDir()
	other := newRelease(t, "v2").archive
	restore := apply.SetWriteHook(func(string) error {
		return os.WriteFile(filepath.Join(root, cacheFile(rel.archive)), other, 0o644)
	})
	defer restore()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.ErrorIs(t, err, apply.ErrRolledBack)
	require.ErrorIs(t, err, apply.ErrChecksumMismatch)
	assert.Empty(t, nodeSnapshot(t, root))
}
