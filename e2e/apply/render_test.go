package apply_test

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
	"github.com/kubenode/kubenode/systemd/manager"
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
// the tree, modes, owners and contents with Apply's into another dir, with
// manager.Offline: the script enables the units of a ROOT with
// `systemctl --root`, which makes the same links; then runs it again and
// checks it left every file alone.
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
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: byApply, Manager: manager.Offline{Root: byApply}})
	require.NoError(t, err)
	runDash := func(root string) {
		cmd := exec.Command(dash, scriptPath)
		cmd.Env = append(os.Environ(), "ROOT="+root)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "ROOT=%s dash node.sh: %s", root, out)
	}
	runDash(byScript)
	want := plansample.Tree(t, byApply)
	assert.Equal(t, want, plansample.Tree(t, byScript))
	assert.Contains(t, want["etc/group"], "kubenode-e2e:x:998:")
	assert.Contains(t, want["etc/kubenode/group-owned.conf"], " 0:998 ")
	assert.Contains(t, want, "etc/systemd/system/multi-user.target.wants/containerd.service", "containerd.service is enabled")

	// Again over its own tree: same files, same inodes.
	before := plansample.Inodes(t, byScript)
	runDash(byScript)
	assert.Equal(t, want, plansample.Tree(t, byScript))
	assert.Equal(t, before, plansample.Inodes(t, byScript), "unchanged files are not rewritten")
}

// TestCloudInitPassesSchema feeds the rendered #cloud-config to Debian's
// cloud-init schema validator, which exits non-zero on any schema error.
func TestCloudInitPassesSchema(t *testing.T) {
	data, err := render.CloudInit(renderPlan(t))
	require.NoError(t, err)
	out, err := harness.CloudInitSchema(t, data)
	require.NoError(t, err, "cloud-init schema: %s", out)
	assert.Contains(t, out, "Valid cloud-config")

	// And the validator is not blind: a wrong type is refused.
	bad := strings.Replace(string(data), `permissions: "0644"`, `permissions: 644`, 1)
	out, err = harness.CloudInitSchema(t, []byte(bad))
	assert.Error(t, err, "cloud-init schema accepted a bad config: %s", out)
}

// TestIgnitionConfigParses runs Ignition's own config.Parse on the
// rendered config (through the checker built by .ci/install.d/apply.sh):
// no error, an empty report, and every plan file back with its content,
// mode and owner, as a storage file or as a unit's contents or drop-in.
func TestIgnitionConfigParses(t *testing.T) {
	plan := renderPlan(t)
	plan.Files = append(plan.Files, runtime.File{Path: "/etc/systemd/system/containerd.service.d/10-limits.conf", Mode: 0o644, Content: []byte("[Service]\nLimitNOFILE=1048576\n")})
	data, err := render.Ignition(plan)
	require.NoError(t, err)
	res := harness.IgnitionCheck(t, data)
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
	res = harness.IgnitionCheck(t, []byte(strings.Replace(string(data), "data:;base64,", "data:;base64,%%", 1)))
	assert.NotEmpty(t, res.Error, "Ignition refuses a broken data URL")
}
