package render_test

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

// artifactPlan is nodePlan with the three kinds of artifact renderers
// treat apart: an archive checked by a checksum file, a pinned plain
// binary, and a pinned archive whose entries start with "./" (the CNI
// plugins' layout).
func artifactPlan() *runtime.Plan {
	p := plansample.NodePlan()
	p.Artifacts = []runtime.Artifact{plansample.TarArtifact(), plansample.BinaryArtifact(), {
		Name: "cni-plugins", URL: "https://releases.example.com/cni-plugins-linux-amd64-v1.9.1.tgz", SHA256: plansample.DigestB,
		Format: runtime.ArchiveTarGz,
		Members: []runtime.Member{
			{Name: "./bridge", Path: "/opt/cni/bin/bridge", Mode: 0o755},
			{Name: "./host-local", Path: "/opt/cni/bin/host-local", Mode: 0o755},
		},
	}}
	return p
}

func TestRenderShellArtifactsGolden(t *testing.T) {
	b, err := render.Shell(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render-artifacts.sh", b, *update)
	out, err := exec.Command(testenv.Program(t, "sh"), "-n", "testdata/render-artifacts.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
	s := string(b)
	// Every download is verified before the first file is written.
	assert.Less(t, strings.LastIndex(s, "get_artifact '"), strings.Index(s, "\nbegin '/etc/"))
	assert.Contains(t, s, "sha=$(checksum_of 'https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz.sha256sum' 'containerd-2.2.9-linux-amd64.tar.gz')")
	assert.Contains(t, s, "unpack \"$archive\" \"$work/2\" './bridge' './host-local'")
	assert.Contains(t, s, "install_file '/usr/local/bin/containerd' '0755' root root\nif [ \"$changed\" = 1 ]; then restart_0=1; fi\n")
}

func TestRenderArtifactScript(t *testing.T) {
	b, err := render.ArtifactScript(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/install-artifacts.sh", b, *update)
	out, err := exec.Command(testenv.Program(t, "sh"), "-n", "testdata/install-artifacts.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
	assert.NotContains(t, string(b), "systemctl")
	assert.NotContains(t, string(b), "/etc/containerd/config.toml", "artifacts only")
	b, err = render.ArtifactScript(plansample.NodePlan())
	require.NoError(t, err)
	assert.Nil(t, b)
}

func TestRenderCloudInitArtifacts(t *testing.T) {
	b, err := render.CloudInit(artifactPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render-artifacts.cloud-config", b, *update)
	var doc struct {
		WriteFiles []struct{ Path, Content, Permissions string } `json:"write_files"`
		RunCmd     [][]string                                    `json:"runcmd"`
	}
	require.NoError(t, yaml.Unmarshal(b, &doc))
	script := doc.WriteFiles[len(doc.WriteFiles)-1]
	assert.Equal(t, render.ArtifactScriptPath, script.Path)
	assert.Equal(t, "0700", script.Permissions)
	want, _ := render.ArtifactScript(artifactPlan())
	assert.Equal(t, string(want), script.Content)
	assert.Equal(t, []string{"sh", render.ArtifactScriptPath}, doc.RunCmd[0], "binaries before the units start")
	assert.Equal(t, []string{"systemctl", "restart", "containerd.service"}, doc.RunCmd[len(doc.RunCmd)-1])

	p := artifactPlan()
	p.Files = append(p.Files, runtime.File{Path: render.ArtifactScriptPath, Mode: 0o700, Content: []byte("mine\n")})
	_, err = render.CloudInit(p)
	fieldtest.RequireProblem(t, err, field.ErrConflict, fmt.Sprintf("files[%d].path", len(p.Files)-1))
}

func TestRenderIgnitionArtifacts(t *testing.T) {
	b, err := render.Ignition(artifactPlan())
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
	assert.Equal(t, "sha256-"+plansample.DigestA, runc.Contents.Verification.Hash)
	assert.Equal(t, 0o755, runc.Mode)
	cni := doc.Storage.Files[files[runtime.ArtifactCacheDir+"/"+plansample.DigestB]]
	assert.Equal(t, "sha256-"+plansample.DigestB, cni.Contents.Verification.Hash, "a pinned archive is fetched and verified by Ignition into the cache")
	_, ok := files[render.ArtifactScriptPath]
	assert.True(t, ok)
	unit := doc.Systemd.Units[len(doc.Systemd.Units)-1]
	assert.Equal(t, render.ArtifactUnitName, unit.Name)
	assert.True(t, unit.Enabled)
	assert.Contains(t, unit.Contents, "Before=containerd.service\n")
	assert.Contains(t, unit.Contents, "ExecStart=/bin/sh "+render.ArtifactScriptPath+"\n")

	// Only pinned plain binaries: no script, no unit.
	p := plansample.NodePlan()
	p.Artifacts = []runtime.Artifact{plansample.BinaryArtifact()}
	b, err = render.Ignition(p)
	require.NoError(t, err)
	assert.NotContains(t, string(b), render.ArtifactUnitName)
	assert.NotContains(t, string(b), render.ArtifactScriptPath)
}

func TestRenderTarAndDirCarryArtifactScript(t *testing.T) {
	b, err := render.Tar(artifactPlan())
	require.NoError(t, err)
	want, _ := render.ArtifactScript(artifactPlan())
	tr := tar.NewReader(bytes.NewReader(b))
	found := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if h.Name == render.ArtifactScriptPath[1:] {
			found = true
			data, _ := io.ReadAll(tr)
			assert.Equal(t, string(want), string(data))
			assert.Equal(t, int64(0o700), h.Mode)
		}
	}
	assert.True(t, found)

	dir := t.TempDir()
	require.NoError(t, render.WriteDir(artifactPlan(), dir))
	got, err := os.ReadFile(filepath.Join(dir, render.ArtifactScriptPath))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}
