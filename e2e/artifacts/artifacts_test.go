// Package artifacts_test checks release artifacts with the real programs
// that handle them: the rendered shell script run by Debian's dash under
// ROOT=dir with curl, and again with wget, against release files served
// from 127.0.0.1 in the upstream layouts (a real crictl binary inside
// cri-tools' tarball, CNI plugins packed as ./<plugin>, a plain runc); the
// installed crictl run; cloud-init's schema check and Ignition's own parser
// on the renderings that carry artifacts; systemd-analyze on Ignition's
// helper unit.
package artifacts_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd/release"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/render"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// crictlTool is the crictl the install scripts build; it is the real
// binary served inside cri-tools' release layout.
const crictlTool = "crictl-1.37.0/crictl"

// server serves release files at their upstream paths, as a mirror would,
// with Range support, and logs each request.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	log   []string
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		data, ok := s.files[r.URL.Path]
		entry := r.URL.Path
		if rg := r.Header.Get("Range"); rg != "" {
			entry += " " + rg
		}
		s.log = append(s.log, entry)
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(0, 0), bytes.NewReader(data))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) put(path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = data
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

func hexsum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// tgz packs name/content pairs as tar does; a name ending in "/" is a
// directory.
func tgz(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := &tar.Header{Name: e[0], Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(e[1])), ModTime: time.Unix(0, 0), Uname: "root", Gname: "root"}
		if strings.HasSuffix(e[0], "/") {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		require.NoError(t, tw.WriteHeader(h))
		if h.Typeflag == tar.TypeReg {
			_, err := tw.Write([]byte(e[1]))
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// releaseOf publishes, on s, crictl 1.37.0 (the real binary in cri-tools'
// layout, with its bare-digest .sha256), runc 1.3.6 (a plain file, with a
// runc.sha256sum of several lines) and the CNI plugins 1.9.1 (./<plugin>
// entries; pinned), and returns the plan that installs them from s beside
// crictl.yaml: every kind of artifact and digest source once.
func releaseOf(t *testing.T, s *server) (*runtime.Plan, map[string][]byte) {
	t.Helper()
	arch := goruntime.GOARCH
	if !slices.Contains(runtime.Archs, arch) {
		testenv.Missing(t, "no release files for %s", arch)
	}
	crictlBin, err := os.ReadFile(harness.Tool(t, crictlTool))
	require.NoError(t, err)
	crictlTgz := tgz(t, [2]string{"crictl", string(crictlBin)})
	crictlPath := "/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-" + arch + ".tar.gz"
	s.put(crictlPath, crictlTgz)
	s.put(crictlPath+".sha256", []byte(hexsum(crictlTgz)+"\n"))

	runc := []byte("#!/bin/sh\necho runc version 1.3.6\n")
	s.put("/opencontainers/runc/releases/download/v1.3.6/runc."+arch, runc)
	s.put("/opencontainers/runc/releases/download/v1.3.6/runc.sha256sum", []byte(
		hexsum([]byte("other"))+"  runc.s390x\n"+hexsum(runc)+"  runc."+arch+"\n"+hexsum([]byte("src"))+"  runc.tar.xz\n"))

	entries := [][2]string{{"./", ""}}
	for _, p := range []string{"bandwidth", "bridge", "dhcp", "dummy", "firewall", "host-device", "host-local", "ipvlan", "loopback", "macvlan", "portmap", "ptp", "sbr", "static", "tap", "tuning", "vlan", "vrf"} {
		entries = append(entries, [2]string{"./" + p, "plugin " + p + "\n"})
	}
	cni := tgz(t, entries...)
	cniPath := "/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-" + arch + "-v1.9.1.tgz"
	s.put(cniPath, cni)
	s.put(cniPath+".sha256", []byte(hexsum(cni)+"  cni-plugins-linux-"+arch+"-v1.9.1.tgz\n"))

	mirror := upstream.WithMirror(s.URL)
	c, err := crictl.Artifact("1.37.0", arch, mirror)
	require.NoError(t, err)
	r, err := release.Runc("1.3.6", arch, mirror)
	require.NoError(t, err)
	n, err := release.CNIPlugins("1.9.1", arch, mirror, upstream.WithSHA256("cni-plugins-linux-"+arch+"-v1.9.1.tgz", hexsum(cni)))
	require.NoError(t, err)
	cfg, err := crictl.New(runtime.ContainerdEndpoint)
	require.NoError(t, err)
	f, err := cfg.PlanFile()
	require.NoError(t, err)
	plan := &runtime.Plan{Files: []runtime.File{f}, Artifacts: []runtime.Artifact{c, r, n}}
	require.NoError(t, plan.Validate())
	return plan, map[string][]byte{crictlPath: crictlTgz, cniPath: cni}
}

// scriptPath is a PATH holding the programs the rendered script runs and,
// of curl and wget, only the one given, so each is tested alone.
func scriptPath(t *testing.T, downloader string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{downloader, "awk", "basename", "cat", "chmod", "chown", "cmp", "cp", "cut", "dirname", "grep", "gzip", "id", "mkdir", "mktemp", "mv", "rm", "sha256sum", "tail", "tar"} {
		require.NoError(t, os.Symlink(testenv.Program(t, name), filepath.Join(dir, name)))
	}
	return dir
}

// runScript runs the script with dash under ROOT=root, returning its
// output and error.
func runScript(t *testing.T, script []byte, root, path string) (string, error) {
	t.Helper()
	dash := testenv.Program(t, "dash")
	f := filepath.Join(t.TempDir(), "node.sh")
	require.NoError(t, os.WriteFile(f, script, 0o644))
	out, err := exec.Command(dash, "-n", f).CombinedOutput()
	require.NoError(t, err, "dash -n: %s", out)
	cmd := exec.Command(dash, f)
	cmd.Env = []string{"PATH=" + path, "ROOT=" + root, "HOME=" + t.TempDir()}
	out, err = cmd.CombinedOutput()
	return string(out), err
}

// tree describes every entry under dir except the download cache: type,
// mode, numeric owner and content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		if r == "." || r == "var" || strings.HasPrefix(r, "var/") || r == "run" || strings.HasPrefix(r, "run/") {
			return nil
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		entry := fi.Mode().String() + " " + itoa(st.Uid) + ":" + itoa(st.Gid)
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " sha256:" + hexsum(b)
		}
		out[r] = entry
		return nil
	}))
	return out
}

func itoa(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

// runCrictl runs the crictl installed under root and returns its version
// line (a crictl built with go install says "crictl version unknown"):
// the binary went through download, verification, extraction and
// install and still runs.
func runCrictl(t *testing.T, root string) string {
	t.Helper()
	out, err := exec.Command(filepath.Join(root, crictl.BinaryPath), "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// TestShellScriptInstallsWhatApplyInstalls runs the rendered script with
// dash, once with curl and once with wget alone on PATH, and compares the
// tree with Apply's; the installed crictl runs; a second run changes no
// file.
func TestShellScriptInstallsWhatApplyInstalls(t *testing.T) {
	s := newServer(t)
	plan, _ := releaseOf(t, s)
	byApply := t.TempDir()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: byApply})
	require.NoError(t, err)
	want := tree(t, byApply)
	require.Contains(t, want, "opt/cni/bin/tap")
	assert.Contains(t, runCrictl(t, byApply), "crictl version")
	script, err := render.Shell(plan)
	require.NoError(t, err)

	for _, dl := range []string{"curl", "wget"} {
		t.Run(dl, func(t *testing.T) {
			root := t.TempDir()
			out, err := runScript(t, script, root, scriptPath(t, dl))
			require.NoError(t, err, "%s", out)
			assert.Equal(t, want, tree(t, root))
			assert.Contains(t, runCrictl(t, root), "crictl version")

			inodes := fileInodes(t, root)
			out, err = runScript(t, script, root, scriptPath(t, dl))
			require.NoError(t, err, "%s", out)
			assert.Equal(t, want, tree(t, root))
			assert.Equal(t, inodes, fileInodes(t, root), "unchanged binaries are not rewritten")
		})
	}
}

func fileInodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.Contains(p, "/var/cache/") {
			fi, _ := d.Info()
			out[p] = fi.Sys().(*syscall.Stat_t).Ino
		}
		return err
	}))
	return out
}

// TestShellScriptRefusesCorruptedArchive serves a damaged CNI tarball:
// the script, with curl and with wget, stops naming the URL and both
// digests, and writes no file (not even crictl.yaml), keeping no part of
// the bad download.
func TestShellScriptRefusesCorruptedArchive(t *testing.T) {
	s := newServer(t)
	plan, files := releaseOf(t, s)
	for path, data := range files {
		if strings.Contains(path, "cni-plugins") {
			bad := bytes.Clone(data)
			bad[len(bad)/2] ^= 0xff
			s.put(path, bad)
		}
	}
	script, err := render.Shell(plan)
	require.NoError(t, err)
	for _, dl := range []string{"curl", "wget"} {
		t.Run(dl, func(t *testing.T) {
			root := t.TempDir()
			out, err := runScript(t, script, root, scriptPath(t, dl))
			require.Error(t, err, "%s", out)
			assert.Contains(t, out, plan.Artifacts[2].URL+": SHA-256 mismatch: want ")
			assert.Empty(t, tree(t, root), "nothing installed")
			cached, _ := os.ReadDir(filepath.Join(root, runtime.ArtifactCacheDir))
			for _, e := range cached {
				assert.NotContains(t, e.Name(), ".partial", "the bad download is not kept")
			}
		})
	}
}

// TestShellScriptResumesDownload leaves the first part of crictl's tarball
// in the cache, as a cut download would: curl (-C -) and wget (-c) ask
// for the rest with a Range request, and the result verifies.
func TestShellScriptResumesDownload(t *testing.T) {
	s := newServer(t)
	plan, files := releaseOf(t, s)
	script, err := render.Shell(plan)
	require.NoError(t, err)
	var crictlPath string
	for p := range files {
		if strings.Contains(p, "crictl") {
			crictlPath = p
		}
	}
	data := files[crictlPath]
	const cut = 4096
	for _, dl := range []string{"curl", "wget"} {
		t.Run(dl, func(t *testing.T) {
			root := t.TempDir()
			cache := filepath.Join(root, runtime.ArtifactCacheDir)
			require.NoError(t, os.MkdirAll(cache, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(cache, hexsum(data)+".partial"), data[:cut], 0o644))
			before := len(s.requests())
			out, err := runScript(t, script, root, scriptPath(t, dl))
			require.NoError(t, err, "%s", out)
			assert.Contains(t, s.requests()[before:], crictlPath+" bytes=4096-")
			assert.NotContains(t, s.requests()[before:], crictlPath, "no download from the start")
			assert.Contains(t, runCrictl(t, root), "crictl version")
		})
	}
}

// TestApplyResumesAndReusesCache is Apply's side of the same: a cut
// download is continued, and a second Apply takes the release files from
// the cache, fetching only checksum files.
func TestApplyResumesAndReusesCache(t *testing.T) {
	s := newServer(t)
	plan, files := releaseOf(t, s)
	root := t.TempDir()
	var crictlPath string
	for p := range files {
		if strings.Contains(p, "crictl") {
			crictlPath = p
		}
	}
	data := files[crictlPath]
	cache := filepath.Join(root, runtime.ArtifactCacheDir)
	require.NoError(t, os.MkdirAll(cache, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cache, hexsum(data)+".partial"), data[:4096], 0o644))
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.NoError(t, err)
	assert.Contains(t, s.requests(), crictlPath+" bytes=4096-")
	assert.Contains(t, runCrictl(t, root), "crictl version")

	before := len(s.requests())
	res, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.NoError(t, err)
	for _, a := range res.Artifacts {
		assert.Equal(t, "cache", a.Source, a.Name)
	}
	for _, r := range s.requests()[before:] {
		assert.True(t, strings.HasSuffix(r, ".sha256") || strings.HasSuffix(r, ".sha256sum"), "only checksum files: %s", r)
	}
}

// TestCloudInitWithArtifactsPassesSchema feeds the #cloud-config that
// carries the artifact script to Debian's cloud-init schema check.
func TestCloudInitWithArtifactsPassesSchema(t *testing.T) {
	cloudInit := testenv.Program(t, "cloud-init")
	plan, _ := releaseOf(t, newServer(t))
	data, err := render.CloudInit(plan)
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "user-data")
	require.NoError(t, os.WriteFile(f, data, 0o644))
	out, err := exec.Command(cloudInit, "schema", "--config-file", f).CombinedOutput()
	require.NoError(t, err, "cloud-init schema: %s", out)
	assert.Contains(t, string(out), "Valid cloud-config")
}

// TestIgnitionWithArtifacts runs Ignition's own parser (the checker
// .ci/install.d/apply.sh and artifacts.sh build) on a config whose pinned
// runc is a remote file with verification.hash, whose pinned CNI archive
// Ignition fetches into the cache, and whose unpacking and crictl go
// through the helper unit; and systemd-analyze verify on that unit.
func TestIgnitionWithArtifacts(t *testing.T) {
	checker := harness.Tool(t, "ignition-check-2.24.0/ignition-check")
	plan, _ := releaseOf(t, newServer(t))
	// Ignition verifies only what is pinned: pin runc.
	plan.Artifacts[1].SHA256 = hexsum([]byte("#!/bin/sh\necho runc version 1.3.6\n"))
	data, err := render.Ignition(plan)
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "config.ign")
	require.NoError(t, os.WriteFile(f, data, 0o644))
	out, err := exec.Command(checker, f).Output()
	require.NoError(t, err, "%s", out)
	var res struct {
		Error, Report string
		Files         map[string]struct{ Mode int }
		Units         map[string]struct {
			Contents string
			Enabled  bool
		}
	}
	require.NoError(t, json.Unmarshal(out, &res))
	require.Empty(t, res.Error)
	assert.Empty(t, res.Report, "Ignition warns about nothing")
	assert.Equal(t, 0o755, res.Files[release.RuncBinaryPath].Mode, "runc is fetched by Ignition itself")
	assert.Contains(t, res.Files, runtime.ArtifactCacheDir+"/"+plan.Artifacts[2].SHA256)
	assert.Contains(t, res.Files, render.ArtifactScriptPath)
	unit := res.Units[render.ArtifactUnitName]
	assert.True(t, unit.Enabled)

	// The checker is not blind: a hash of the wrong length is an error.
	bad := strings.Replace(string(data), `"sha256-`, `"sha256-0`, 1)
	require.NoError(t, os.WriteFile(f, []byte(bad), 0o644))
	out, err = exec.Command(checker, f).Output()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(out, &res))
	assert.NotEmpty(t, res.Error+res.Report)

	harness.VerifyUnits(t, []runtime.File{{Path: "/etc/systemd/system/" + render.ArtifactUnitName, Mode: 0o644, Content: []byte(unit.Contents)}})
}
