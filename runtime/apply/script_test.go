package apply_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// The shell script render.Shell writes must leave the tree Apply leaves:
// these tests run both on the same plans and compare.

func shell(t *testing.T) string {
	t.Helper()
	return testenv.Program(t, "sh")
}

// runScript runs the rendered script under ROOT=root.
func runScript(t *testing.T, p *runtime.Plan, root string) {
	t.Helper()
	b, err := render.Shell(p)
	require.NoError(t, err)
	script := filepath.Join(t.TempDir(), "plan.sh")
	require.NoError(t, os.WriteFile(script, b, 0o644))
	cmd := exec.Command(shell(t), script)
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "script: %s", out)
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
			mustApply(t, plansample.RenderPlan(), apply.Options{Root: byApply})
			runScript(t, plansample.RenderPlan(), byScript)
			assert.Equal(t, plansample.Tree(t, byApply), plansample.Tree(t, byScript))

			// The script over Apply's tree changes no file, and Apply over
			// the script's tree finds nothing to do.
			before := plansample.Snapshot(t, byApply)
			runScript(t, plansample.RenderPlan(), byApply)
			after := plansample.Snapshot(t, byApply)
			for p, entry := range before {
				if !strings.HasPrefix(entry, "d") {
					assert.Equal(t, entry, after[p], "%s: same content, mode, owner, mtime and inode", p)
				}
			}
			res := mustApply(t, plansample.RenderPlan(), apply.Options{Root: byScript})
			assert.False(t, res.Changed())
		})
	}
}

func TestRenderShellRefusesSymlink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "x"), filepath.Join(root, "etc/crictl.yaml")))
	b, err := render.Shell(plansample.NodePlan())
	require.NoError(t, err)
	cmd := exec.Command(shell(t), "-c", string(b))
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	requireExit(t, err, out)
	entries, _ := os.ReadDir(outside)
	assert.Empty(t, entries, "nothing written through the link")
	target, err := os.Readlink(filepath.Join(root, "etc/crictl.yaml"))
	require.NoError(t, err, "the link is left in place")
	assert.Equal(t, filepath.Join(outside, "x"), target)
}

// requireExit checks that the script stopped with die's status, 1. What it
// printed is for a person and is not checked.
func requireExit(t *testing.T, err error, out []byte) {
	t.Helper()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "script: %s", out)
	assert.Equal(t, 1, ee.ExitCode(), "script: %s", out)
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
	s := releasetest.NewServer(t)
	plan := serveRelease(t, s, newRelease(t, "v1"))
	byApply, byScript := t.TempDir(), t.TempDir()
	mustApply(t, plan, apply.Options{Root: byApply})
	runScript(t, plan, byScript)
	assert.Equal(t, plansample.Tree(t, byApply), plansample.Tree(t, byScript))
	// Again: the cache serves, no file changes (content, mode, mtime,
	// inode).
	before := plansample.Snapshot(t, byScript)
	runScript(t, plan, byScript)
	after := plansample.Snapshot(t, byScript)
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
	plan.Artifacts[0].SHA256 = releasetest.SHA256(good)
	script, err := render.Shell(plan)
	require.NoError(t, err)
	root := t.TempDir()
	cmd := exec.Command(shell(t), "-c", string(script))
	cmd.Env = append(os.Environ(), "ROOT="+root)
	out, err := cmd.CombinedOutput()
	requireExit(t, err, out)
	assert.Equal(t, map[string]string{}, plansample.Tree(t, root), "nothing written")
	cached, _ := os.ReadDir(filepath.Join(root, runtime.ArtifactCacheDir))
	assert.Empty(t, cached, "the damaged download is not kept, whole or in part")
}
