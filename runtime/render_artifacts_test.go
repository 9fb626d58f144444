package runtime_test

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// artifactPlan is nodePlan with the three kinds of artifact renderers
// treat apart: an archive checked by a checksum file, a pinned plain
// binary, and a pinned archive whose entries start with "./" (the CNI
// plugins' layout).
func artifactPlan() *runtime.Plan {
	p := nodePlan()
	p.Artifacts = []runtime.Artifact{tarArtifact(), binaryArtifact(), {
		Name: "cni-plugins", URL: "https://releases.example.com/cni-plugins-linux-amd64-v1.9.1.tgz", SHA256: digestB,
		Format: runtime.ArchiveTarGz,
		Members: []runtime.Member{
			{Name: "./bridge", Path: "/opt/cni/bin/bridge", Mode: 0o755},
			{Name: "./host-local", Path: "/opt/cni/bin/host-local", Mode: 0o755},
		},
	}}
	return p
}

func TestRenderShellArtifactsGolden(t *testing.T) {
	b, err := runtime.RenderShell(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render-artifacts.sh", b, *update)
	out, err := exec.Command(shell(t), "-n", "testdata/render-artifacts.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
	s := string(b)
	// Every download is verified before the first file is written.
	assert.Less(t, strings.LastIndex(s, "get_artifact '"), strings.Index(s, "\nbegin '/etc/"))
	assert.Contains(t, s, "sha=$(checksum_of 'https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz.sha256sum' 'containerd-2.2.9-linux-amd64.tar.gz')")
	assert.Contains(t, s, "unpack \"$archive\" \"$work/2\" './bridge' './host-local'")
	assert.Contains(t, s, "install_file '/usr/local/bin/containerd' '0755' root root\nif [ \"$changed\" = 1 ]; then restart_0=1; fi\n")
}

func TestRenderArtifactScript(t *testing.T) {
	b, err := runtime.RenderArtifactScript(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/install-artifacts.sh", b, *update)
	out, err := exec.Command(shell(t), "-n", "testdata/install-artifacts.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
	assert.NotContains(t, string(b), "systemctl")
	assert.NotContains(t, string(b), "/etc/containerd/config.toml", "artifacts only")
	b, err = runtime.RenderArtifactScript(nodePlan())
	require.NoError(t, err)
	assert.Nil(t, b)
}

func TestRenderCloudInitArtifacts(t *testing.T) {
	b, err := runtime.RenderCloudInit(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render-artifacts.cloud-config", b, *update)
	var doc struct {
		WriteFiles []struct{ Path, Content, Permissions string } `json:"write_files"`
		RunCmd     [][]string                                    `json:"runcmd"`
	}
	require.NoError(t, yaml.Unmarshal(b, &doc))
	script := doc.WriteFiles[len(doc.WriteFiles)-1]
	assert.Equal(t, runtime.ArtifactScriptPath, script.Path)
	assert.Equal(t, "0700", script.Permissions)
	want, _ := runtime.RenderArtifactScript(artifactPlan())
	assert.Equal(t, string(want), script.Content)
	assert.Equal(t, []string{"sh", runtime.ArtifactScriptPath}, doc.RunCmd[0], "binaries before the units start")
	assert.Equal(t, []string{"systemctl", "restart", "containerd.service"}, doc.RunCmd[len(doc.RunCmd)-1])

	p := artifactPlan()
	p.Files = append(p.Files, runtime.File{Path: runtime.ArtifactScriptPath, Mode: 0o700, Content: []byte("mine\n")})
	_, err = runtime.RenderCloudInit(p)
	assert.ErrorContains(t, err, runtime.ArtifactScriptPath)
}

func TestRenderIgnitionArtifacts(t *testing.T) {
	b, err := runtime.RenderIgnition(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render-artifacts.ign", b, *update)
	var doc struct {
		Storage struct {
			Files []struct {
				Path     string
				Mode     int
				Contents struct {
					Source       string
					Verification struct{ Hash string }
				}
			}
		}
		Systemd struct {
			Units []struct {
				Name     string
				Enabled  bool
				Contents string
			}
		}
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	files := map[string]int{}
	for i, f := range doc.Storage.Files {
		files[f.Path] = i
	}
	runc := doc.Storage.Files[files["/usr/local/sbin/runc"]]
	assert.Equal(t, "https://releases.example.com/runc.amd64", runc.Contents.Source)
	assert.Equal(t, "sha256-"+digestA, runc.Contents.Verification.Hash)
	assert.Equal(t, 0o755, runc.Mode)
	cni := doc.Storage.Files[files[runtime.ArtifactCacheDir+"/"+digestB]]
	assert.Equal(t, "sha256-"+digestB, cni.Contents.Verification.Hash, "a pinned archive is fetched and verified by Ignition into the cache")
	_, ok := files[runtime.ArtifactScriptPath]
	assert.True(t, ok)
	unit := doc.Systemd.Units[len(doc.Systemd.Units)-1]
	assert.Equal(t, runtime.ArtifactUnitName, unit.Name)
	assert.True(t, unit.Enabled)
	assert.Contains(t, unit.Contents, "Before=containerd.service\n")
	assert.Contains(t, unit.Contents, "ExecStart=/bin/sh "+runtime.ArtifactScriptPath+"\n")

	// Only pinned plain binaries: no script, no unit.
	p := nodePlan()
	p.Artifacts = []runtime.Artifact{binaryArtifact()}
	b, err = runtime.RenderIgnition(p)
	require.NoError(t, err)
	assert.NotContains(t, string(b), runtime.ArtifactUnitName)
	assert.NotContains(t, string(b), runtime.ArtifactScriptPath)
}

func TestRenderTarAndDirCarryArtifactScript(t *testing.T) {
	b, err := runtime.RenderTar(artifactPlan())
	require.NoError(t, err)
	want, _ := runtime.RenderArtifactScript(artifactPlan())
	tr := tar.NewReader(bytes.NewReader(b))
	found := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if h.Name == runtime.ArtifactScriptPath[1:] {
			found = true
			data, _ := io.ReadAll(tr)
			assert.Equal(t, string(want), string(data))
			assert.Equal(t, int64(0o700), h.Mode)
		}
	}
	assert.True(t, found)

	dir := t.TempDir()
	require.NoError(t, artifactPlan().WriteDir(dir))
	got, err := os.ReadFile(filepath.Join(dir, runtime.ArtifactScriptPath))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// downloader stops the test (a failure on CI, a skip elsewhere) unless the
// rendered script has what it downloads and checks with: curl or wget, and
// sha256sum. The e2e module runs the same script with each of curl and
// wget alone.
func downloader(t *testing.T) {
	t.Helper()
	testenv.Program(t, "sha256sum")
	for _, p := range []string{"curl", "wget"} {
		if _, err := exec.LookPath(p); err == nil {
			return
		}
	}
	testenv.Missing(t, "neither curl nor wget is on PATH (see .ci/run)")
}

// TestRenderShellInstallsArtifactsLikeApply runs the rendered script under
// ROOT=dir against the test server and compares its tree with Apply's;
// then serves a damaged archive and checks the script stops before
// writing anything.
func TestRenderShellInstallsArtifactsLikeApply(t *testing.T) {
	downloader(t)
	s := newReleaseServer(t)
	plan := serveRelease(t, s, newRelease(t, "v1"))
	byApply, byScript := t.TempDir(), t.TempDir()
	apply(t, plan, runtime.ApplyOptions{Root: byApply})
	runScript(t, plan, byScript)
	assert.Equal(t, withoutCache(tree(t, byApply)), withoutCache(tree(t, byScript)))
	// Again: the cache serves, no file changes (content, mode, mtime,
	// inode).
	before := snapshot(t, byScript)
	runScript(t, plan, byScript)
	after := snapshot(t, byScript)
	for p, entry := range before {
		if !strings.HasPrefix(entry, "d") {
			assert.Equal(t, entry, after[p], p)
		}
	}

	bad := newRelease(t, "v1")
	good := bad.archive
	bad.archive = bytes.Clone(good)
	bad.archive[len(bad.archive)-1] ^= 0xff
	plan = serveRelease(t, s, bad)
	plan.Artifacts[0].ChecksumURL = ""
	plan.Artifacts[0].SHA256 = sha(good)
	script, err := runtime.RenderShell(plan)
	require.NoError(t, err)
	root := t.TempDir()
	cmd := exec.Command(shell(t), "-c", string(script))
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "SHA-256 mismatch: want "+sha(good)+", got "+sha(bad.archive))
	assert.Equal(t, map[string]string{}, withoutCache(tree(t, root)), "nothing written")
}

func withoutCache(tr map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tr {
		if k != "." && k != "var" && !strings.HasPrefix(k, "var/") {
			out[k] = v
		}
	}
	return out
}
