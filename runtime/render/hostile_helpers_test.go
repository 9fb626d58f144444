package render_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/hostiletree"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// hangGuard is how long a test waits for the script or Apply before it
// calls it hung: far above any real run, it catches a read blocked
// forever on a FIFO; it is not a timing assertion.
const hangGuard = time.Minute

// shellTools stops the test (a failure on CI) unless what the rendered
// scripts run on a root without downloading is here: sh, GNU tar and
// sha256sum.
func shellTools(t testing.TB) string {
	t.Helper()
	testenv.Program(t, "sha256sum")
	tar := testenv.Program(t, "tar")
	if out, err := exec.Command(tar, "--version").Output(); err != nil || !strings.Contains(string(out), "GNU tar") {
		testenv.Missing(t, "tar is not GNU tar (see .ci/run)")
	}
	return testenv.Program(t, "sh")
}

// runSh runs script with sh under ROOT=root and the extra environment,
// returning its output and error. A script still running after hangGuard
// is killed, with every process it started, and fails the test.
func runSh(t testing.TB, script []byte, root string, env ...string) (string, error) {
	t.Helper()
	sh := shellTools(t)
	f := filepath.Join(t.TempDir(), "plan.sh")
	require.NoError(t, os.WriteFile(f, script, 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh, f)
	cmd.Env = append(append(os.Environ(), "ROOT="+root), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the script did not end within %s: %s", hangGuard, out)
	}
	return string(out), err
}

// requireExit1 checks that the script stopped with die's status, 1.
func requireExit1(t testing.TB, err error, out string) {
	t.Helper()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "script: %s", out)
	assert.Equal(t, 1, ee.ExitCode(), "script: %s", out)
}

// applyNoHang runs Apply under root and fails the test if it has not
// returned within hangGuard, its context's deadline.
func applyNoHang(t testing.TB, p *runtime.Plan, opts apply.Options) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	return hostiletree.Within(t, hangGuard+10*time.Second, func() error {
		_, err := apply.Apply(ctx, p, opts)
		return err
	})
}

// hostileRun is one writer's run on one prepared root: the root, and the
// writer's error and output.
type hostileRun struct {
	root string
	err  error
	out  string
}

// writeHostile prepares a root and an outside directory with the hazards
// and archive, runs write on the root, and checks the invariants every
// writer keeps, refused or not: nothing outside the root changed; every
// plan path holds what it held or exactly what the plan wants (all of
// them when write succeeded); no temp file is left; and a refused write
// wrote no file (it may have made directories, and kept a download).
func writeHostile(t testing.TB, p *runtime.Plan, hazards []hostiletree.Hazard, archive []byte, write func(root string) (string, error)) hostileRun {
	t.Helper()
	base := t.TempDir()
	root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	if _, err := hostiletree.Prepare(root, outside, hazards, archive); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	outsideBefore := hostiletree.Snapshot(t, outside)
	nodesBefore := hostiletree.Nodes(t, root, p)
	namesBefore := hostiletree.Names(t, root)
	rootBefore := hostiletree.Snapshot(t, root)

	out, err := write(root)

	assert.Equal(t, outsideBefore, hostiletree.Snapshot(t, outside), "nothing outside the root changes; %s", out)
	hostiletree.RequireWhole(t, nodesBefore, hostiletree.Nodes(t, root, p), hostiletree.Want(p, hostiletree.ToolBody), err == nil)
	hostiletree.RequireNoTempLeft(t, namesBefore, hostiletree.Names(t, root))
	if err != nil {
		rootAfter := hostiletree.Snapshot(t, root)
		for name, entry := range rootBefore {
			if strings.HasPrefix(entry, "d") {
				continue // a directory's times change when an entry comes and goes
			}
			assert.Equal(t, entry, rootAfter[name], "a refused write leaves %s alone; %s", name, out)
		}
		for name, entry := range rootAfter {
			if _, ok := rootBefore[name]; !ok && !strings.HasPrefix(entry, "d") && !ownFile(name) {
				t.Errorf("a refused write wrote %s: %s; %s", name, entry, out)
			}
		}
	}
	return hostileRun{root: root, err: err, out: out}
}

// ownFile reports whether a root's entry is the writers' own: Apply's
// lock, and the download cache, which a refused archive may stay in.
func ownFile(name string) bool {
	return strings.HasPrefix(name, "run/") || strings.HasPrefix("/"+name, runtime.ArtifactCacheDir+"/")
}

// byApply and byScript are write functions for writeHostile.
func byApply(t testing.TB, p *runtime.Plan) func(string) (string, error) {
	return func(root string) (string, error) {
		err := applyNoHang(t, p, apply.Options{Root: root})
		if err != nil {
			return err.Error(), err
		}
		return "", nil
	}
}

func byScript(t testing.TB, script []byte) func(string) (string, error) {
	return func(root string) (string, error) {
		out, err := runSh(t, script, root)
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("sh: %v", err)
		}
		return out, err
	}
}
