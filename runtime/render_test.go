package runtime_test

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
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
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// renderPlan holds what renderers must carry: a unit file and a drop-in, a
// file without a final newline, one holding the here-document delimiter and
// shell metacharacters, a group-owned file, an empty file.
func renderPlan() *runtime.Plan {
	p := nodePlan()
	p.Groups = []string{"docker"}
	p.Files = append(p.Files,
		runtime.File{Path: "/etc/systemd/system/containerd.service.d/10-limits.conf", Mode: 0o644, Content: []byte("[Service]\nLimitNOFILE=1048576\n")},
		runtime.File{Path: "/etc/docker/daemon.json", Mode: 0o640, Group: "docker", Content: []byte(`{"exec-opts": ["native.cgroupdriver=systemd"]}`), RestartUnits: []string{"docker.service"}},
		runtime.File{Path: "/etc/kubenode/tricky's file", Mode: 0o600, Content: []byte("KUBENODE_EOF\n$HOME `id` \\n 'quoted' \"dq\"\n\ttab\n")},
		runtime.File{Path: "/etc/kubenode/empty", Mode: 0o644},
	)
	return p
}

func TestFormats(t *testing.T) {
	for _, f := range runtime.Formats {
		got, err := runtime.ParseFormat(string(f))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	_, err := runtime.ParseFormat("zip")
	assert.Error(t, err)
	var f runtime.Format
	require.NoError(t, f.Set("cloud-init"))
	assert.Equal(t, "cloud-init", f.String())
	_, err = renderPlan().Render(runtime.FormatDir)
	assert.Error(t, err)
	for _, f := range runtime.Formats[1:] {
		b, err := renderPlan().Render(f)
		require.NoError(t, err, f)
		again, err := renderPlan().Render(f)
		require.NoError(t, err)
		assert.Equal(t, b, again, "%s output is deterministic", f)
	}
}

func TestRenderersRefuseInvalidPlan(t *testing.T) {
	p := renderPlan()
	p.Files[0].Path = "relative"
	for _, f := range runtime.Formats[1:] {
		_, err := p.Render(f)
		assert.Error(t, err, f)
	}
}

func TestRenderShellGolden(t *testing.T) {
	b, err := runtime.RenderShell(renderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.sh", b, *update)
	sh := shell(t)
	out, err := exec.Command(sh, "-n", "testdata/render.sh").CombinedOutput()
	assert.NoError(t, err, "sh -n: %s", out)
}

func TestRenderShellRefusesNUL(t *testing.T) {
	p := nodePlan()
	p.Files[0].Content = []byte("a\x00b\n")
	_, err := runtime.RenderShell(p)
	assert.Error(t, err)
}

func shell(t *testing.T) string {
	t.Helper()
	return testenv.Program(t, "sh")
}

// runScript runs the rendered script under ROOT=root.
func runScript(t *testing.T, p *runtime.Plan, root string) {
	t.Helper()
	b, err := runtime.RenderShell(p)
	require.NoError(t, err)
	script := filepath.Join(t.TempDir(), "plan.sh")
	require.NoError(t, os.WriteFile(script, b, 0o644))
	cmd := exec.Command(shell(t), script)
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "script: %s", out)
}

// tree describes every entry under dir but the apply lock and backups:
// type, mode, owner and content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		if r == "run" || strings.HasPrefix(r, "run/") || r == "var" || strings.HasPrefix(r, "var/backups") {
			return nil // the apply lock and Apply's backups; the script keeps none
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		entry := fi.Mode().String() + " " + ownerOf(fi)
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(b)
		}
		out[r] = entry
		return nil
	}))
	return out
}

// TestRenderShellWritesTheTreeApplyWrites runs the script with ROOT=dir and
// compares the tree, modes and owners included, with Apply's into another
// dir, on an empty root and on one with a group file; then runs it again
// over Apply's tree and checks nothing changed.
func TestRenderShellWritesTheTreeApplyWrites(t *testing.T) {
	for name, setup := range map[string]func(root string){
		"empty root": func(string) {},
		"root with groups": func(root string) {
			require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, "etc/group"), []byte("root:x:0:\nsystemd-journal:x:999:\nusers:x:100:"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(root, "etc/gshadow"), []byte("root:*::\n"), 0o640))
			require.NoError(t, os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root:x:0:0::/root:/bin/sh\n"), 0o644))
		},
	} {
		t.Run(name, func(t *testing.T) {
			byApply, byScript := t.TempDir(), t.TempDir()
			setup(byApply)
			setup(byScript)
			apply(t, renderPlan(), runtime.ApplyOptions{Root: byApply})
			runScript(t, renderPlan(), byScript)
			assert.Equal(t, tree(t, byApply), tree(t, byScript))

			// The script over Apply's tree changes no file, and Apply over
			// the script's tree finds nothing to do.
			before := snapshot(t, byApply)
			runScript(t, renderPlan(), byApply)
			after := snapshot(t, byApply)
			for p, entry := range before {
				if !strings.HasPrefix(entry, "d") {
					assert.Equal(t, entry, after[p], "%s: same content, mode, owner, mtime and inode", p)
				}
			}
			res := apply(t, renderPlan(), runtime.ApplyOptions{Root: byScript})
			assert.False(t, res.Changed())
		})
	}
}

func TestRenderShellRefusesSymlink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "x"), filepath.Join(root, "etc/crictl.yaml")))
	b, err := runtime.RenderShell(nodePlan())
	require.NoError(t, err)
	cmd := exec.Command(shell(t), "-c", string(b))
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "symbolic link")
	entries, _ := os.ReadDir(outside)
	assert.Empty(t, entries)
}

func TestRenderCloudInitGolden(t *testing.T) {
	b, err := runtime.RenderCloudInit(renderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.cloud-config", b, *update)
	require.True(t, bytes.HasPrefix(b, []byte("#cloud-config\n")))

	var doc struct {
		Groups     []string `json:"groups"`
		WriteFiles []struct {
			Path, Content, Owner, Permissions, Encoding string
			Defer                                       bool
		} `json:"write_files"`
		RunCmd [][]string `json:"runcmd"`
	}
	require.NoError(t, yaml.UnmarshalStrict(b, &doc))
	p := renderPlan()
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
	p := nodePlan()
	p.Files[0].Content = []byte{0xff, 0x00, 'a'}
	b, err := runtime.RenderCloudInit(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), "encoding: b64")
	assert.Contains(t, string(b), "/wBh")
}

func TestRenderIgnitionGolden(t *testing.T) {
	b, err := runtime.RenderIgnition(renderPlan())
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/render.ign", b, *update)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, runtime.IgnitionVersion, doc["ignition"].(map[string]any)["version"])
}

func TestRenderTarGolden(t *testing.T) {
	b, err := runtime.RenderTar(renderPlan())
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
	for _, f := range renderPlan().Files {
		assert.Equal(t, string(f.Content), contents[f.Path[1:]])
	}

	// GNU tar extracts it to the tree WriteDir writes.
	tarBin := testenv.Program(t, "tar")
	dir, byDir := t.TempDir(), t.TempDir()
	cmd := exec.Command(tarBin, "-x", "-p", "--no-same-owner", "-C", dir)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	p := renderPlan()
	p.Files[5].Group = "" // WriteDir sets no owners
	require.NoError(t, p.WriteDir(byDir))
	assert.Equal(t, tree(t, byDir), tree(t, dir))
}

// A RestartUnits name reaches systemd and the script's command lines: one
// that is not a unit name is refused everywhere.
func TestRestartUnitsMustBeUnitNames(t *testing.T) {
	p := nodePlan()
	p.Files[1].RestartUnits = []string{"containerd.service", "x.service\nrm -rf /"}
	for _, f := range runtime.Formats[1:] {
		_, err := p.Render(f)
		assertProblem(t, err, field.ErrInvalid, "files[1].restartUnits[1]")
	}
	_, err := runtime.Apply(context.Background(), p, runtime.ApplyOptions{Root: t.TempDir()})
	assertProblem(t, err, field.ErrInvalid, "files[1].restartUnits[1]")
}
