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
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd/release"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
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

// published is what releaseOf serves: the plan that installs it, and
// crictl's and the CNI plugins' tarballs with their URL paths.
type published struct {
	plan                *runtime.Plan
	crictlPath, cniPath string
	crictl, cni         []byte
}

// releaseOf publishes, on s, crictl 1.37.0 (the real binary in cri-tools'
// layout, with its bare-digest .sha256), runc 1.3.6 (a plain file, with a
// runc.sha256sum of several lines) and the CNI plugins 1.9.1 (./<plugin>
// entries; pinned), with the plan that installs them from s beside
// crictl.yaml: every kind of artifact and digest source once.
func releaseOf(t *testing.T, s *releasetest.Server) published {
	t.Helper()
	arch := goruntime.GOARCH
	if !slices.Contains(runtime.Archs, arch) {
		testenv.Missing(t, "no release files for %s", arch)
	}
	crictlBin, err := os.ReadFile(harness.Tool(t, crictlTool))
	require.NoError(t, err)
	crictlTgz := releasetest.TarGz(t, func(string) string { return string(crictlBin) }, "crictl")
	crictlPath := "/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-" + arch + ".tar.gz"
	s.Put(crictlPath, crictlTgz)
	s.Put(crictlPath+".sha256", []byte(releasetest.SHA256(crictlTgz)+"\n"))

	runc := []byte("#!/bin/sh\necho runc version 1.3.6\n")
	s.Put("/opencontainers/runc/releases/download/v1.3.6/runc."+arch, runc)
	s.Put("/opencontainers/runc/releases/download/v1.3.6/runc.sha256sum", []byte(
		releasetest.SHA256([]byte("other"))+"  runc.s390x\n"+releasetest.SHA256(runc)+"  runc."+arch+"\n"+releasetest.SHA256([]byte("src"))+"  runc.tar.xz\n"))

	names := []string{"./"}
	for _, p := range []string{"bandwidth", "bridge", "dhcp", "dummy", "firewall", "host-device", "host-local", "ipvlan", "loopback", "macvlan", "portmap", "ptp", "sbr", "static", "tap", "tuning", "vlan", "vrf"} {
		names = append(names, "./"+p)
	}
	cni := releasetest.TarGz(t, func(name string) string { return "plugin " + strings.TrimPrefix(name, "./") + "\n" }, names...)
	cniPath := "/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-" + arch + "-v1.9.1.tgz"
	s.Put(cniPath, cni)
	s.Put(cniPath+".sha256", []byte(releasetest.SHA256(cni)+"  cni-plugins-linux-"+arch+"-v1.9.1.tgz\n"))

	mirror := upstream.WithMirror(s.URL)
	c, err := crictl.Artifact("1.37.0", arch, mirror)
	require.NoError(t, err)
	r, err := release.Runc("1.3.6", arch, mirror)
	require.NoError(t, err)
	n, err := release.CNIPlugins("1.9.1", arch, mirror, upstream.WithSHA256("cni-plugins-linux-"+arch+"-v1.9.1.tgz", releasetest.SHA256(cni)))
	require.NoError(t, err)
	cfg, err := crictl.New(runtime.ContainerdEndpoint)
	require.NoError(t, err)
	f, err := cfg.PlanFile()
	require.NoError(t, err)
	plan := &runtime.Plan{Files: []runtime.File{f}, Artifacts: []runtime.Artifact{c, r, n}}
	require.NoError(t, plan.Validate())
	return published{plan: plan, crictlPath: crictlPath, cniPath: cniPath, crictl: crictlTgz, cni: cni}
}

// scriptPath is a PATH holding the programs the rendered script runs and,
// of curl and wget, only the one given, so each is tested alone.
func scriptPath(t *testing.T, downloader string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{downloader, "awk", "basename", "cat", "chmod", "chown", "cmp", "cp", "cut", "dirname", "find", "grep", "gzip", "id", "mkdir", "mktemp", "mv", "readlink", "rm", "sha256sum", "tail", "tar"} {
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

// withEachDownloader runs check as a subtest with curl, then with wget,
// the only downloader on the script's PATH; run runs the script under the
// subtest's root, returning its output and error.
func withEachDownloader(t *testing.T, script []byte, check func(t *testing.T, root string, run func() (string, error))) {
	for _, dl := range []string{"curl", "wget"} {
		t.Run(dl, func(t *testing.T) {
			root := t.TempDir()
			check(t, root, func() (string, error) { return runScript(t, script, root, scriptPath(t, dl)) })
		})
	}
}

// cutDownload leaves the first 4096 bytes of data in root's download
// cache, as a download cut short does.
func cutDownload(t *testing.T, root string, data []byte) {
	t.Helper()
	cache := filepath.Join(root, runtime.ArtifactCacheDir)
	require.NoError(t, os.MkdirAll(cache, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cache, releasetest.SHA256(data)+".partial"), data[:4096], 0o644))
}

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
	rel := releaseOf(t, releasetest.NewServer(t))
	byApply := t.TempDir()
	_, err := apply.Apply(context.Background(), rel.plan, apply.Options{Root: byApply})
	require.NoError(t, err)
	want := plansample.Tree(t, byApply)
	require.Contains(t, want, "opt/cni/bin/tap")
	assert.Contains(t, runCrictl(t, byApply), "crictl version")
	script, err := render.Shell(rel.plan)
	require.NoError(t, err)

	withEachDownloader(t, script, func(t *testing.T, root string, run func() (string, error)) {
		out, err := run()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, want, plansample.Tree(t, root))
		assert.Contains(t, runCrictl(t, root), "crictl version")

		inodes := plansample.Inodes(t, root)
		out, err = run()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, want, plansample.Tree(t, root))
		assert.Equal(t, inodes, plansample.Inodes(t, root), "unchanged binaries are not rewritten")
	})
}

// TestShellScriptRefusesCorruptedArchive serves a damaged CNI tarball:
// the script, with curl and with wget, stops naming the URL and both
// digests, and writes no file (not even crictl.yaml), keeping no part of
// the bad download.
func TestShellScriptRefusesCorruptedArchive(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := releaseOf(t, s)
	bad := bytes.Clone(rel.cni)
	bad[len(bad)/2] ^= 0xff
	s.Put(rel.cniPath, bad)
	script, err := render.Shell(rel.plan)
	require.NoError(t, err)
	withEachDownloader(t, script, func(t *testing.T, root string, run func() (string, error)) {
		out, err := run()
		require.Error(t, err, "%s", out)
		assert.Contains(t, out, rel.plan.Artifacts[2].URL+": SHA-256 mismatch: want ")
		assert.Empty(t, plansample.Tree(t, root), "nothing installed")
		cached, _ := os.ReadDir(filepath.Join(root, runtime.ArtifactCacheDir))
		for _, e := range cached {
			assert.NotContains(t, e.Name(), ".partial", "the bad download is not kept")
		}
	})
}

// TestShellScriptResumesDownload leaves the first part of crictl's tarball
// in the cache, as a cut download would: curl (-C -) and wget (-c) ask
// for the rest with a Range request, and the result verifies.
func TestShellScriptResumesDownload(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := releaseOf(t, s)
	script, err := render.Shell(rel.plan)
	require.NoError(t, err)
	withEachDownloader(t, script, func(t *testing.T, root string, run func() (string, error)) {
		cutDownload(t, root, rel.crictl)
		before := len(s.Requests())
		out, err := run()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, s.Requests()[before:], rel.crictlPath+" bytes=4096-")
		assert.NotContains(t, s.Requests()[before:], rel.crictlPath, "no download from the start")
		assert.Contains(t, runCrictl(t, root), "crictl version")
	})
}

// TestApplyResumesAndReusesCache is Apply's side of the same: a cut
// download is continued, and a second Apply takes the release files from
// the cache, fetching only checksum files.
func TestApplyResumesAndReusesCache(t *testing.T) {
	s := releasetest.NewServer(t)
	rel := releaseOf(t, s)
	root := t.TempDir()
	cutDownload(t, root, rel.crictl)
	_, err := apply.Apply(context.Background(), rel.plan, apply.Options{Root: root})
	require.NoError(t, err)
	assert.Contains(t, s.Requests(), rel.crictlPath+" bytes=4096-")
	assert.Contains(t, runCrictl(t, root), "crictl version")

	before := len(s.Requests())
	res, err := apply.Apply(context.Background(), rel.plan, apply.Options{Root: root})
	require.NoError(t, err)
	for _, a := range res.Artifacts {
		assert.Equal(t, "cache", a.Source, a.Name)
	}
	for _, r := range s.Requests()[before:] {
		assert.True(t, strings.HasSuffix(r, ".sha256") || strings.HasSuffix(r, ".sha256sum"), "only checksum files: %s", r)
	}
}

// TestCloudInitWithArtifactsPassesSchema feeds the #cloud-config that
// carries the artifact script to Debian's cloud-init schema check.
func TestCloudInitWithArtifactsPassesSchema(t *testing.T) {
	data, err := render.CloudInit(releaseOf(t, releasetest.NewServer(t)).plan)
	require.NoError(t, err)
	out, err := harness.CloudInitSchema(t, data)
	require.NoError(t, err, "cloud-init schema: %s", out)
	assert.Contains(t, out, "Valid cloud-config")
}

// TestIgnitionWithArtifacts runs Ignition's own parser (the checker
// .ci/install.d/apply.sh and artifacts.sh build) on a config whose pinned
// runc is a remote file with verification.hash, whose pinned CNI archive
// Ignition fetches into the cache, and whose unpacking and crictl go
// through the helper unit; and systemd-analyze verify on that unit.
func TestIgnitionWithArtifacts(t *testing.T) {
	plan := releaseOf(t, releasetest.NewServer(t)).plan
	// Ignition verifies only what is pinned: pin runc.
	plan.Artifacts[1].SHA256 = releasetest.SHA256([]byte("#!/bin/sh\necho runc version 1.3.6\n"))
	data, err := render.Ignition(plan)
	require.NoError(t, err)
	res := harness.IgnitionCheck(t, data)
	require.Empty(t, res.Error)
	assert.Empty(t, res.Report, "Ignition warns about nothing")
	assert.Equal(t, 0o755, res.Files[release.RuncBinaryPath].Mode, "runc is fetched by Ignition itself")
	assert.Contains(t, res.Files, runtime.ArtifactCacheDir+"/"+plan.Artifacts[2].SHA256)
	assert.Contains(t, res.Files, render.ArtifactScriptPath)
	unit := res.Units[render.ArtifactUnitName]
	assert.True(t, unit.Enabled)

	// The checker is not blind: a hash of the wrong length is an error.
	bad := harness.IgnitionCheck(t, []byte(strings.Replace(string(data), `"sha256-`, `"sha256-0`, 1)))
	assert.NotEmpty(t, bad.Error+bad.Report)

	harness.VerifyUnits(t, []runtime.File{{Path: "/etc/systemd/system/" + render.ArtifactUnitName, Mode: 0o644, Content: []byte(unit.Contents)}})
}
