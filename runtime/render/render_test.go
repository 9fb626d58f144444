package render_test

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

func TestFormats(t *testing.T) {
	for _, f := range render.Formats {
		got, err := render.ParseFormat(string(f))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	_, err := render.ParseFormat("zip")
	assert.Error(t, err)
	var f render.Format
	require.NoError(t, f.Set("cloud-init"))
	assert.Equal(t, "cloud-init", f.String())
	_, err = render.Render(plansample.RenderPlan(), render.FormatDir)
	assert.Error(t, err)
	for _, f := range render.Formats[1:] {
		b, err := render.Render(plansample.RenderPlan(), f)
		require.NoError(t, err, f)
		again, err := render.Render(plansample.RenderPlan(), f)
		require.NoError(t, err)
		assert.Equal(t, b, again, "%s output is deterministic", f)
	}
}

func TestRenderersRefuseInvalidPlan(t *testing.T) {
	p := plansample.RenderPlan()
	p.Files[0].Path = "relative"
	for _, f := range render.Formats[1:] {
		_, err := render.Render(p, f)
		assert.Error(t, err, f)
	}
}

func TestRenderShellGolden(t *testing.T) {
	b, err := render.Shell(plansample.RenderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.sh", b, *update)
	sh := testenv.Program(t, "sh")
	out, err := exec.Command(sh, "-n", "testdata/render.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
}

func TestRenderShellRefusesNUL(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[0].Content = []byte("a\x00b\n")
	_, err := render.Shell(p)
	assert.Error(t, err)
}

func TestRenderCloudInitGolden(t *testing.T) {
	b, err := render.CloudInit(plansample.RenderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.cloud-config", b, *update)
	require.True(t, bytes.HasPrefix(b, []byte("#cloud-config\n")))

	doc := readCloudConfig(t, b)
	p := plansample.RenderPlan()
	require.Len(t, doc.WriteFiles, len(p.Files))
	for i, f := range p.Files {
		assert.Equal(t, f.Path, doc.WriteFiles[i].Path)
		assert.Equal(t, string(f.Content), doc.WriteFiles[i].Content, "content survives YAML: %s", f.Path)
	}
	assert.True(t, doc.WriteFiles[5].Defer, "a docker-group file waits for the group")
	assert.Equal(t, "0640", doc.WriteFiles[5].Permissions)
	assert.Equal(t, "root:docker", doc.WriteFiles[5].Owner)
	assert.Equal(t, [][]string{
		{"systemctl", "daemon-reload"},
		{"systemctl", "enable", "containerd.service"},
		{"systemctl", "restart", "containerd.service"},
	}, doc.RunCmd)
}

func TestRenderCloudInitBinaryContent(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[0].Content = []byte{0xff, 0x00, 'a'}
	b, err := render.CloudInit(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), "encoding: b64")
	assert.Contains(t, string(b), "/wBh")
}

func TestRenderIgnitionGolden(t *testing.T) {
	b, err := render.Ignition(plansample.RenderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.ign", b, *update)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, render.IgnitionVersion, doc["ignition"].(map[string]any)["version"])
}

func TestRenderTarGolden(t *testing.T) {
	b, err := render.Tar(plansample.RenderPlan())
	require.NoError(t, err)
	var listing strings.Builder
	tr := tar.NewReader(bytes.NewReader(b))
	contents := map[string]string{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		data, _ := io.ReadAll(tr)
		contents[h.Name] = string(data)
		listing.WriteString(h.FileInfo().Mode().String() + " " + h.Uname + ":" + h.Gname + " " + h.ModTime.UTC().Format("2006-01-02") + " " + h.Name + "\n")
	}
	plantest.GoldenBytes(t, "testdata/render.tar.txt", []byte(listing.String()), *update)
	for _, f := range plansample.RenderPlan().Files {
		assert.Equal(t, string(f.Content), contents[f.Path[1:]])
	}

	// GNU tar extracts it to the tree WriteDir writes.
	tarBin := testenv.Program(t, "tar")
	dir, byDir := t.TempDir(), t.TempDir()
	cmd := exec.Command(tarBin, "-x", "-p", "--no-same-owner", "-C", dir)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	p := plansample.RenderPlan()
	p.Files[5].Group = "" // WriteDir sets no owners
	require.NoError(t, render.WriteDir(p, byDir))
	assert.Equal(t, plansample.Tree(t, byDir), plansample.Tree(t, dir))
}

// A RestartUnits name reaches systemd and the script's command lines: one
// that is not a unit name is refused everywhere.
func TestRestartUnitsMustBeUnitNames(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[1].RestartUnits = []string{"containerd.service", "x.service\nrm -rf /"}
	for _, f := range render.Formats[1:] {
		_, err := render.Render(p, f)
		fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[1].restartUnits[1]")
	}
	_, err := apply.Apply(context.Background(), p, apply.Options{Root: t.TempDir()})
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[1].restartUnits[1]")
}

var update = flag.Bool("update", false, "rewrite golden files")
