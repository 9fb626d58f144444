package apply_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// renderPlan is the containerd node plan plus a file owned by the plan's
// group, so the renderers carry groups and owners too.
func renderPlan(t *testing.T) *runtime.Plan {
	t.Helper()
	p := containerdPlan(t, pauseA)
	p.Files = append(p.Files, runtime.File{Path: "/etc/kubenode/group-owned.conf", Mode: 0o640, Group: "kubenode-e2e", Content: []byte("owned by the plan's group\n")})
	return p
}

// TestShellScriptWritesTheTreeApplyWrites runs the rendered script with
// Debian's dash under ROOT=dir (as root, so owners are set) and compares
// the tree, modes, owners and contents with Apply's into another dir;
// then runs it again and checks it left every file alone.
func TestShellScriptWritesTheTreeApplyWrites(t *testing.T) {
	testenv.RequireRoot(t)
	dash := testenv.Program(t, "dash")
	plan := renderPlan(t)
	script, err := render.Shell(plan)
	require.NoError(t, err)
	scriptPath := filepath.Join(t.TempDir(), "node.sh")
	require.NoError(t, os.WriteFile(scriptPath, script, 0o644))
	out, err := exec.Command(dash, "-n", scriptPath).CombinedOutput()
	require.NoError(t, err, "dash -n: %s", out)

	byApply, byScript := t.TempDir(), t.TempDir()
	for _, root := range []string{byApply, byScript} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(root, "etc/group"), []byte("root:x:0:\nsystemd-journal:x:999:\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(root, "etc/gshadow"), []byte("root:*::\nsystemd-journal:!::\n"), 0o640))
	}
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: byApply})
	require.NoError(t, err)
	runDash := func(root string) {
		cmd := exec.Command(dash, scriptPath)
		cmd.Env = append(os.Environ(), "ROOT="+root)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "ROOT=%s dash node.sh: %s", root, out)
	}
	runDash(byScript)
	want := tree(t, byApply)
	assert.Equal(t, want, tree(t, byScript))
	assert.Contains(t, want["etc/group"], "kubenode-e2e:x:998:")
	assert.Contains(t, want["etc/kubenode/group-owned.conf"], " 0:998 ")

	// Again over its own tree: same files, same inodes.
	before := fileInodes(t, byScript)
	runDash(byScript)
	assert.Equal(t, want, tree(t, byScript))
	assert.Equal(t, before, fileInodes(t, byScript), "unchanged files are not rewritten")
}

// tree describes every entry under dir but Apply's lock and backups: type,
// mode, numeric owner and content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		if r == "run" || strings.HasPrefix(r, "run/") || r == "var" || strings.HasPrefix(r, "var/") {
			return nil
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		entry := fi.Mode().String() + " " + itoa(uint64(st.Uid)) + ":" + itoa(uint64(st.Gid)) + " "
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += string(b)
		}
		out[r] = entry
		return nil
	}))
	return out
}

func fileInodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			fi, _ := d.Info()
			out[p] = fi.Sys().(*syscall.Stat_t).Ino
		}
		return err
	}))
	return out
}

// TestCloudInitPassesSchema feeds the rendered #cloud-config to Debian's
// cloud-init schema validator, which exits non-zero on any schema error.
func TestCloudInitPassesSchema(t *testing.T) {
	cloudInit := testenv.Program(t, "cloud-init")
	data, err := render.CloudInit(renderPlan(t))
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "user-data")
	require.NoError(t, os.WriteFile(f, data, 0o644))
	out, err := exec.Command(cloudInit, "schema", "--config-file", f).CombinedOutput()
	require.NoError(t, err, "cloud-init schema: %s", out)
	assert.Contains(t, string(out), "Valid cloud-config")

	// And the validator is not blind: a wrong type is refused.
	bad := strings.Replace(string(data), `permissions: "0644"`, `permissions: 644`, 1)
	require.NoError(t, os.WriteFile(f, []byte(bad), 0o644))
	out, err = exec.Command(cloudInit, "schema", "--config-file", f).CombinedOutput()
	assert.Error(t, err, "cloud-init schema accepted a bad config: %s", out)
}

// ignitionResult is what e2e/checkers/ignition prints.
type ignitionResult struct {
	Error   string `json:"error"`
	Report  string `json:"report"`
	Version string `json:"version"`
	Files   map[string]struct {
		Contents  string `json:"contents"`
		Mode      int    `json:"mode"`
		User      string `json:"user"`
		Group     string `json:"group"`
		Overwrite bool   `json:"overwrite"`
	} `json:"files"`
	Units map[string]struct {
		Contents string            `json:"contents"`
		Dropins  map[string]string `json:"dropins"`
		Enabled  bool              `json:"enabled"`
	} `json:"units"`
	Groups []string `json:"groups"`
}

// TestIgnitionConfigParses runs Ignition's own config.Parse on the
// rendered config (through the checker built by .ci/install.d/apply.sh):
// no error, an empty report, and every plan file back with its content,
// mode and owner, as a storage file or as a unit's contents or drop-in.
func TestIgnitionConfigParses(t *testing.T) {
	checker := harness.Tool(t, "ignition-check-2.24.0/ignition-check")
	plan := renderPlan(t)
	plan.Files = append(plan.Files, runtime.File{Path: "/etc/systemd/system/containerd.service.d/10-limits.conf", Mode: 0o644, Content: []byte("[Service]\nLimitNOFILE=1048576\n")})
	data, err := render.Ignition(plan)
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "config.ign")
	require.NoError(t, os.WriteFile(f, data, 0o644))
	out, err := exec.Command(checker, f).Output()
	require.NoError(t, err, "%s", out)
	var res ignitionResult
	require.NoError(t, json.Unmarshal(out, &res))
	require.Empty(t, res.Error)
	assert.Empty(t, res.Report, "Ignition warns about nothing")
	assert.Equal(t, []string{"kubenode-e2e (system)"}, res.Groups)
	for _, pf := range plan.Files {
		dir, base := path.Split(pf.Path)
		switch {
		case dir == "/etc/systemd/system/":
			u := res.Units[base]
			assert.Equal(t, string(pf.Content), u.Contents, pf.Path)
		case strings.HasPrefix(dir, "/etc/systemd/system/") && strings.HasSuffix(dir, ".d/"):
			u := res.Units[strings.TrimSuffix(path.Base(dir), ".d")]
			assert.Equal(t, string(pf.Content), u.Dropins[base], pf.Path)
		default:
			got, ok := res.Files[pf.Path]
			if assert.True(t, ok, "%s is in storage.files", pf.Path) {
				assert.Equal(t, string(pf.Content), got.Contents, pf.Path)
				assert.Equal(t, int(pf.Mode), got.Mode, pf.Path)
				assert.Equal(t, "root", got.User)
				assert.True(t, got.Overwrite)
			}
		}
	}
	assert.Equal(t, "kubenode-e2e", res.Files["/etc/kubenode/group-owned.conf"].Group)
	assert.True(t, res.Units["containerd.service"].Enabled)

	// And the checker is not blind: a bad data URL is an error.
	require.NoError(t, os.WriteFile(f, []byte(strings.Replace(string(data), "data:;base64,", "data:;base64,%%", 1)), 0o644))
	out, _ = exec.Command(checker, f).Output()
	require.NoError(t, json.Unmarshal(out, &res))
	assert.NotEmpty(t, res.Error, "Ignition refuses a broken data URL")
}
