package apply_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// entry is one tar entry of a test archive.
type entry struct {
	name, body, link string
	typ              byte
}

func reg(name, body string) entry { return entry{name: name, body: body, typ: tar.TypeReg} }
func dir(name string) entry       { return entry{name: name, typ: tar.TypeDir} }

// tgz builds a gzip-compressed tar archive, the format of every release
// tarball.
func tgz(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: 0o755, Size: int64(len(e.body)), ModTime: time.Unix(0, 0)}
		if e.typ != tar.TypeReg {
			h.Size = 0
		}
		require.NoError(t, tw.WriteHeader(h))
		if e.typ == tar.TypeReg {
			_, err := tw.Write([]byte(e.body))
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// incompressible returns n bytes gzip cannot shrink, so an archive is as
// large as its content.
func incompressible(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return string(b)
}

// containerdRelease is a tarball with containerd's layout (tar -C <dir>
// bin), its sha256sum file, and a plain runc binary.
type release struct {
	archive, runc []byte
}

func newRelease(t *testing.T, version string) release {
	return release{
		archive: tgz(t, dir("bin/"),
			reg("bin/containerd", "containerd "+version+"\n"),
			reg("bin/containerd-shim-runc-v2", "shim "+version+"\n"),
			reg("bin/ctr", "ctr "+version+"\n"),
			reg("bin/containerd-stress", "stress "+version+"\n")),
		runc: []byte("runc " + version + "\n"),
	}
}

// serveRelease publishes a release and returns the plan that installs it
// beside nodePlan's files: the tarball verified by its checksum file, runc
// by a pinned digest.
func serveRelease(t *testing.T, s *releasetest.Server, r release) *runtime.Plan {
	url := s.Put("/containerd/containerd-2.2.9-linux-amd64.tar.gz", r.archive)
	sum := s.Put("/containerd/containerd-2.2.9-linux-amd64.tar.gz.sha256sum", []byte(releasetest.SHA256(r.archive)+"  containerd-2.2.9-linux-amd64.tar.gz\n"))
	runcURL := s.Put("/runc/runc.amd64", r.runc)
	p := plansample.NodePlan()
	p.Artifacts = []runtime.Artifact{
		{
			Name: "containerd", URL: url, ChecksumURL: sum, Format: runtime.ArchiveTarGz,
			Members: []runtime.Member{
				{Name: "bin/containerd", Path: "/usr/local/bin/containerd", Mode: 0o755, RestartUnits: []string{"containerd.service"}},
				{Name: "bin/containerd-shim-runc-v2", Path: "/usr/local/bin/containerd-shim-runc-v2", Mode: 0o755},
				{Name: "bin/ctr", Path: "/usr/local/bin/ctr", Mode: 0o755},
			},
		},
		{Name: "runc", URL: runcURL, SHA256: releasetest.SHA256(r.runc), Format: runtime.ArchiveBinary, Members: []runtime.Member{{Path: "/usr/local/sbin/runc", Mode: 0o755}}},
	}
	return p
}

func readNode(t *testing.T, root, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	require.NoError(t, err)
	return string(b)
}

// nodeSnapshot is plansample.Snapshot without the download cache and the
// lock.
func nodeSnapshot(t *testing.T, root string) map[string]string {
	out := plansample.Snapshot(t, root)
	for k := range out {
		if strings.HasPrefix(k, "var/cache") || strings.HasPrefix(k, "run") || k == "var" || k == "." {
			delete(out, k)
		}
	}
	return out
}

func TestApplyInstallsArtifacts(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	root := t.TempDir()
	var progress []apply.ArtifactProgress
	res := mustApply(t, plan, apply.Options{Root: root, Progress: func(p apply.ArtifactProgress) { progress = append(progress, p) }})

	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
	assert.Equal(t, "ctr v1\n", readNode(t, root, "/usr/local/bin/ctr"))
	assert.Equal(t, "runc v1\n", readNode(t, root, "/usr/local/sbin/runc"))
	_, err := os.Stat(filepath.Join(root, "usr/local/bin/containerd-stress"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "only mapped members are installed")
	st, err := os.Stat(filepath.Join(root, "usr/local/bin/containerd"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o755), st.Mode().Perm())
	assert.Equal(t, "version = 3\n", readNode(t, root, "/etc/containerd/config.toml"), "files are written too")

	require.Len(t, res.Artifacts, 2)
	assert.Equal(t, "download", res.Artifacts[0].Source)
	assert.Equal(t, releasetest.SHA256(rel.archive), res.Artifacts[0].SHA256)
	assert.Equal(t, apply.ChangeCreated, res.Artifacts[0].Members[0].Change)
	assert.Equal(t, releasetest.SHA256([]byte("containerd v1\n")), res.Artifacts[0].Members[0].SHA256)
	// The cache holds each file under its digest.
	cached, err := os.ReadFile(filepath.Join(root, runtime.ArtifactCacheDir, releasetest.SHA256(rel.archive)))
	require.NoError(t, err)
	assert.Equal(t, rel.archive, cached)
	// Progress ends at the whole file for each artifact.
	last := map[string]apply.ArtifactProgress{}
	for _, p := range progress {
		last[p.Name] = p
	}
	assert.Equal(t, int64(len(rel.archive)), last["containerd"].Done)
	assert.Equal(t, int64(len(rel.archive)), last["containerd"].Total)
	assert.Equal(t, int64(len(rel.runc)), last["runc"].Done)
	var report strings.Builder
	require.NoError(t, res.Report(&report))
	assert.Contains(t, report.String(), "downloaded "+plan.Artifacts[0].URL)
	assert.Contains(t, report.String(), "install /usr/local/bin/containerd (0755 root:root)")

	// Again: the cache is used (only the checksum file is fetched), no
	// binary is touched, nothing restarts.
	before := plansample.Snapshot(t, root)
	requests := len(s.Requests())
	time.Sleep(10 * time.Millisecond)
	m := newFakeManager()
	m.active["containerd.service"], m.enabled["containerd.service"] = true, true
	res = mustApply(t, plan, apply.Options{Root: root, Manager: m})
	assert.False(t, res.Changed())
	assert.Equal(t, "cache", res.Artifacts[0].Source)
	for _, a := range res.Artifacts {
		for _, mr := range a.Members {
			assert.Equal(t, apply.ChangeUnchanged, mr.Change, mr.Path)
		}
	}
	assert.Equal(t, before, plansample.Snapshot(t, root), "no write, no new inode, no mtime change")
	assert.Equal(t, []string{"/containerd/containerd-2.2.9-linux-amd64.tar.gz.sha256sum"}, s.Requests()[requests:])
	assert.Empty(t, m.calls)
}

func TestApplyRestartsUnitsOfChangedBinaries(t *testing.T) {
	s := releasetest.NewServer(t)
	root := t.TempDir()
	m := newFakeManager()
	mustApply(t, serveRelease(t, s, newRelease(t, "v1")), apply.Options{Root: root, Manager: m})
	m.calls = nil

	// A new runc restarts nothing: it runs afresh for each container.
	rel := newRelease(t, "v1")
	rel.runc = []byte("runc v2\n")
	res := mustApply(t, serveRelease(t, s, rel), apply.Options{Root: root, Manager: m, BackupDir: "/var/backups/t1"})
	assert.Empty(t, m.calls)
	assert.Equal(t, apply.ChangeUpdated, res.Artifacts[1].Members[0].Change)
	assert.Equal(t, "/var/backups/t1/usr/local/sbin/runc", res.Artifacts[1].Members[0].Backup)
	assert.Equal(t, "runc v1\n", readNode(t, root, "/var/backups/t1/usr/local/sbin/runc"))

	// A new containerd restarts containerd.service.
	res = mustApply(t, serveRelease(t, s, newRelease(t, "v2")), apply.Options{Root: root, Manager: m, BackupDir: "/var/backups/t2"})
	assert.Equal(t, []string{"restart containerd.service"}, m.calls)
	assert.Equal(t, "containerd v2\n", readNode(t, root, "/usr/local/bin/containerd"))
	assert.Equal(t, "download", res.Artifacts[0].Source)

	// A mode change alone is an update but no restart.
	require.NoError(t, os.Chmod(filepath.Join(root, "usr/local/bin/containerd"), 0o700))
	m.calls = nil
	res = mustApply(t, serveRelease(t, s, newRelease(t, "v2")), apply.Options{Root: root, Manager: m, BackupDir: "/var/backups/t3"})
	assert.Equal(t, apply.ChangeUpdated, res.Artifacts[0].Members[0].Change)
	assert.Empty(t, m.calls)
	st, _ := os.Stat(filepath.Join(root, "usr/local/bin/containerd"))
	assert.Equal(t, fs.FileMode(0o755), st.Mode().Perm())
}

func TestApplyRefusesCorruptedDownload(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	// The server's file is damaged: its last byte differs.
	bad := bytes.Clone(rel.archive)
	bad[len(bad)-1] ^= 0xff
	s.Put("/containerd/containerd-2.2.9-linux-amd64.tar.gz", bad)
	root := t.TempDir()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.Error(t, err)
	assert.ErrorIs(t, err, apply.ErrChecksumMismatch)
	var ce *apply.ChecksumError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, plan.Artifacts[0].URL, ce.URL)
	assert.Equal(t, releasetest.SHA256(rel.archive), ce.Want)
	assert.Equal(t, releasetest.SHA256(bad), ce.Got)
	// Nothing installed, no file written, and the bad download not kept.
	assert.Empty(t, nodeSnapshot(t, root))
	entries, _ := os.ReadDir(filepath.Join(root, runtime.ArtifactCacheDir))
	for _, e := range entries {
		assert.NotContains(t, e.Name(), releasetest.SHA256(bad))
		assert.NotContains(t, e.Name(), ".partial")
	}

	// A pinned digest that the file does not match is refused the same way.
	plan = serveRelease(t, s, rel)
	plan.Artifacts[1].SHA256 = plansample.DigestA
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: root})
	assert.ErrorIs(t, err, apply.ErrChecksumMismatch)
	assert.Empty(t, nodeSnapshot(t, root))
}

func TestApplyResumesInterruptedDownload(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	big := incompressible(300_000)
	rel.archive = tgz(t, dir("bin/"), reg("bin/containerd", big), reg("bin/containerd-shim-runc-v2", "shim\n"), reg("bin/ctr", "ctr\n"))
	plan := serveRelease(t, s, rel)
	const cut = 1000
	s.CutOnce("/containerd/containerd-2.2.9-linux-amd64.tar.gz", cut)
	root := t.TempDir()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.Error(t, err, "the connection dropped")
	assert.Empty(t, nodeSnapshot(t, root), "nothing installed")
	part, err := os.Stat(filepath.Join(root, runtime.ArtifactCacheDir, releasetest.SHA256(rel.archive)+".partial"))
	require.NoError(t, err, "the part downloaded is kept")
	assert.Equal(t, int64(cut), part.Size())

	var progress []apply.ArtifactProgress
	mustApply(t, plan, apply.Options{Root: root, Progress: func(p apply.ArtifactProgress) { progress = append(progress, p) }})
	assert.Contains(t, s.Requests(), fmt.Sprintf("/containerd/containerd-2.2.9-linux-amd64.tar.gz bytes=%d-", cut))
	assert.Equal(t, len(rel.archive), s.Sent("/containerd/containerd-2.2.9-linux-amd64.tar.gz"), "the first part, then only the rest")
	assert.Equal(t, big, readNode(t, root, "/usr/local/bin/containerd"))
	i := slices.IndexFunc(progress, func(p apply.ArtifactProgress) bool { return p.Name == "containerd" })
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, apply.ArtifactProgress{Name: "containerd", URL: plan.Artifacts[0].URL, Done: cut, Total: int64(len(rel.archive))}, progress[i], "progress starts at the part kept")
}

func TestApplyRestartsWhenResumedPartsDoNotMatch(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	root := t.TempDir()
	// A partial file left from another file of the same name.
	cache := filepath.Join(root, runtime.ArtifactCacheDir)
	require.NoError(t, os.MkdirAll(cache, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cache, releasetest.SHA256(rel.archive)+".partial"), []byte("junk from another file"), 0o644))
	mustApply(t, plan, apply.Options{Root: root})
	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
	log := s.Requests()
	assert.Contains(t, log, "/containerd/containerd-2.2.9-linux-amd64.tar.gz bytes=22-")
	assert.Contains(t, log, "/containerd/containerd-2.2.9-linux-amd64.tar.gz", "downloaded again from the start")
}

func TestApplyReusesAndRepairsCache(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	root := t.TempDir()
	mustApply(t, plan, apply.Options{Root: root})
	// A damaged cache entry is downloaded again.
	cached := filepath.Join(root, runtime.ArtifactCacheDir, releasetest.SHA256(rel.archive))
	require.NoError(t, os.WriteFile(cached, []byte("damaged"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(root, "usr/local/bin/ctr")))
	res := mustApply(t, plan, apply.Options{Root: root})
	assert.Equal(t, "download", res.Artifacts[0].Source)
	assert.Equal(t, apply.ChangeCreated, res.Artifacts[0].Members[2].Change)
	assert.Equal(t, apply.ChangeUnchanged, res.Artifacts[0].Members[0].Change)
	got, _ := os.ReadFile(cached)
	assert.Equal(t, rel.archive, got)
}

func TestApplyRefusesUnsafeArchives(t *testing.T) {
	ok := []entry{dir("bin/"), reg("bin/containerd", "c\n"), reg("bin/containerd-shim-runc-v2", "s\n"), reg("bin/ctr", "x\n")}
	tests := map[string][]entry{
		"dot dot entry":        append(ok, reg("../../etc/passwd", "root::0:0::/:/bin/sh\n")),
		"absolute entry":       append(ok, reg("/etc/passwd", "root::0:0::/:/bin/sh\n")),
		"symlink out":          append(ok, entry{name: "bin/evil", link: "../../../etc/passwd", typ: tar.TypeSymlink}),
		"absolute symlink":     append(ok, entry{name: "bin/evil", link: "/etc/passwd", typ: tar.TypeSymlink}),
		"hard link out":        append(ok, entry{name: "bin/evil", link: "../etc/passwd", typ: tar.TypeLink}),
		"member is a symlink":  {dir("bin/"), entry{name: "bin/containerd", link: "ctr", typ: tar.TypeSymlink}, reg("bin/containerd-shim-runc-v2", "s\n"), reg("bin/ctr", "x\n")},
		"member is twice":      append(ok, reg("bin/ctr", "y\n")),
		"member is missing":    ok[:3],
		"member is a hardlink": {dir("bin/"), reg("bin/ctr", "x\n"), entry{name: "bin/containerd", link: "bin/ctr", typ: tar.TypeLink}, reg("bin/containerd-shim-runc-v2", "s\n")},
	}
	for name, entries := range tests {
		t.Run(name, func(t *testing.T) {
			s := releasetest.NewServer(t)
			rel := newRelease(t, "v1")
			rel.archive = tgz(t, entries...)
			plan := serveRelease(t, s, rel)
			root := t.TempDir()
			_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
			require.Error(t, err)
			if !strings.HasPrefix(name, "member is missing") {
				assert.ErrorIs(t, err, apply.ErrUnsafeArchive)
			}
			assert.Empty(t, nodeSnapshot(t, root), "nothing installed")
		})
	}
	// Not a tar.gz at all.
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	rel.archive = []byte("<html>not found</html>\n")
	_, err := apply.Apply(context.Background(), serveRelease(t, s, rel), apply.Options{Root: t.TempDir()})
	assert.ErrorIs(t, err, gzip.ErrHeader)
}

func TestApplyRollsBackBinariesWithFiles(t *testing.T) {
	s := releasetest.NewServer(t)
	root := t.TempDir()
	mustApply(t, serveRelease(t, s, newRelease(t, "v1")), apply.Options{Root: root})
	before := nodeSnapshot(t, root)

	plan := serveRelease(t, s, newRelease(t, "v2"))
	plan.Files[1].Content = []byte("version = 3\n# changed\n")
	restore := apply.SetWriteHook(func(p string) error {
		if p == "/usr/local/sbin/runc" {
			return errors.New("disk full")
		}
		return nil
	})
	defer restore()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.Error(t, err)
	assert.ErrorIs(t, err, apply.ErrRolledBack)
	assert.Equal(t, before, nodeSnapshot(t, root), "binaries and files as they were, backups gone")
	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
}

func TestApplyArtifactsDryRun(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := newRelease(t, "v1")
	plan := serveRelease(t, s, rel)
	root := t.TempDir()
	res := mustApply(t, plan, apply.Options{Root: root, DryRun: true})
	assert.Empty(t, res.Artifacts[0].Source, "not downloaded")
	assert.Equal(t, apply.ChangeCreated, res.Artifacts[0].Members[0].Change)
	entries, _ := os.ReadDir(root)
	assert.Empty(t, entries, "nothing written, not even the cache")
	for _, r := range s.Requests() {
		assert.True(t, strings.HasSuffix(r, ".sha256sum"), "only checksum files are read: %s", r)
	}
	var report strings.Builder
	require.NoError(t, res.Report(&report))
	assert.Contains(t, report.String(), "would download "+plan.Artifacts[0].URL)
	assert.Contains(t, report.String(), "would install /usr/local/bin/containerd")

	// With the release in the cache a dry run knows exactly.
	mustApply(t, plan, apply.Options{Root: root})
	res = mustApply(t, serveRelease(t, s, newRelease(t, "v1")), apply.Options{Root: root, DryRun: true})
	assert.Equal(t, "cache", res.Artifacts[0].Source)
	for _, mr := range res.Artifacts[0].Members {
		assert.Equal(t, apply.ChangeUnchanged, mr.Change, mr.Path)
	}
}

func TestApplyArtifactHTTPErrors(t *testing.T) {
	s := releasetest.NewServer(t)
	plan := serveRelease(t, s, newRelease(t, "v1"))
	plan.Artifacts[1].URL = s.URL + "/missing/runc.amd64"
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: t.TempDir()})
	var he *apply.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, plan.Artifacts[1].URL, he.URL)

	plan = serveRelease(t, s, newRelease(t, "v1"))
	s.Put("/containerd/containerd-2.2.9-linux-amd64.tar.gz.sha256sum", []byte(plansample.DigestA+"  another-file.tgz\n"))
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: t.TempDir()})
	assert.ErrorIs(t, err, apply.ErrNoDigest)
}
