package apply_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// hangGuard is how long a test waits for an Apply that should return at
// once before it calls it hung. It detects a read that blocks forever (on
// a FIFO), so it sits far above any real run; it is not a timing assertion.
const hangGuard = time.Minute

// applyNoHang runs Apply and fails the test if it has not returned within
// hangGuard. unblock, when the test gives one, releases whatever Apply may
// be stuck on, so a failing test still ends cleanly.
func applyNoHang(t *testing.T, ctx context.Context, p *runtime.Plan, opts apply.Options, unblock func()) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := apply.Apply(ctx, p, opts)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(hangGuard):
		if unblock != nil {
			unblock()
		}
		<-done
		t.Fatalf("Apply did not return within %s", hangGuard)
		return nil
	}
}

// mkfifo makes a named pipe at name and returns the function that frees a
// reader blocked opening it (a writer that opens and closes it at once).
func mkfifo(t *testing.T, name string) (unblock func()) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	require.NoError(t, syscall.Mkfifo(name, 0o644))
	return func() {
		if f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

// A FIFO, device or socket where Apply reads a node file is refused with
// its node path, at once, in a dry run too, and leaves the lock free.
func TestApplyRefusesSpecialFilesItReads(t *testing.T) {
	for _, nodePath := range []string{"/etc/passwd", "/etc/group"} {
		for _, dryRun := range []bool{false, true} {
			t.Run(nodePath+map[bool]string{true: " dry run"}[dryRun], func(t *testing.T) {
				root := t.TempDir()
				unblock := mkfifo(t, filepath.Join(root, nodePath))
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				err := applyNoHang(t, ctx, plansample.NodePlan(), apply.Options{Root: root, DryRun: dryRun}, unblock)
				require.ErrorIs(t, err, apply.ErrNotRegular)
				var pe *fs.PathError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, nodePath, pe.Path)
				// The refused apply holds no lock: the next one goes
				// through once the pipe is gone.
				require.NoError(t, os.Remove(filepath.Join(root, nodePath)))
				mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
			})
		}
	}
	t.Run("character device", func(t *testing.T) {
		testenv.RequireRoot(t) // mknod
		root := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
		// /dev/zero's numbers: read, it never ends.
		require.NoError(t, syscall.Mknod(filepath.Join(root, "etc/passwd"), syscall.S_IFCHR|0o644, 1<<8|5))
		err := applyNoHang(t, context.Background(), plansample.NodePlan(), apply.Options{Root: root, DryRun: true}, nil)
		require.ErrorIs(t, err, apply.ErrNotRegular)
	})
	t.Run("socket", func(t *testing.T) {
		root := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
		fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
		require.NoError(t, err)
		defer syscall.Close(fd)
		require.NoError(t, syscall.Bind(fd, &syscall.SockaddrUnix{Name: filepath.Join(root, "etc/group")}))
		err = applyNoHang(t, context.Background(), plansample.NodePlan(), apply.Options{Root: root}, nil)
		require.ErrorIs(t, err, apply.ErrNotRegular)
	})
	t.Run("a plan file", func(t *testing.T) {
		root := t.TempDir()
		unblock := mkfifo(t, filepath.Join(root, "etc/crictl.yaml"))
		err := applyNoHang(t, context.Background(), plansample.NodePlan(), apply.Options{Root: root, DryRun: true}, unblock)
		fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[3].path")
	})
}

// sparse makes a file of size bytes that takes no room on disk.
func sparse(t *testing.T, name string, size int64) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	f, err := os.Create(name)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(size))
	require.NoError(t, f.Close())
}

// A node file larger than Apply reads of its kind is refused before it is
// read, not loaded whole.
func TestApplyRefusesHugeFiles(t *testing.T) {
	t.Run("/etc/group", func(t *testing.T) {
		root := t.TempDir()
		sparse(t, filepath.Join(root, "etc/group"), 64<<20)
		_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root, DryRun: true})
		require.ErrorIs(t, err, apply.ErrTooLarge)
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "/etc/group", pe.Path)
	})
	t.Run("a file the plan replaces", func(t *testing.T) {
		root := t.TempDir()
		sparse(t, filepath.Join(root, "etc/crictl.yaml"), 64<<20)
		_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root})
		fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[3].path")
		assert.ErrorIs(t, err, field.ErrInvalid)
		st, err := os.Stat(filepath.Join(root, "etc/crictl.yaml"))
		require.NoError(t, err)
		assert.Equal(t, int64(64<<20), st.Size(), "left as it was")
	})
}

// The lock file is Apply's own: a link or a pipe planted in its place is
// refused, not followed or read.
func TestApplyRefusesAPlantedLockFile(t *testing.T) {
	lock := func(root string) string { return filepath.Join(root, apply.LockPath) }
	for name, plant := range map[string]func(victim, lock string) error{
		"symbolic link": func(_, lock string) error { return os.Symlink("../../etc/victim", lock) },
		"hard link":     os.Link,
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
			victim := filepath.Join(root, "etc/victim")
			require.NoError(t, os.WriteFile(victim, []byte("keep\n"), 0o644))
			require.NoError(t, os.MkdirAll(filepath.Dir(lock(root)), 0o755))
			require.NoError(t, plant(victim, lock(root)))
			_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root})
			require.ErrorIs(t, err, apply.ErrNotRegular)
			got, _ := os.ReadFile(victim)
			assert.Equal(t, "keep\n", string(got))
			_, err = os.Stat(filepath.Join(root, "etc/crictl.yaml"))
			assert.ErrorIs(t, err, fs.ErrNotExist, "nothing written without the lock")
		})
	}
	t.Run("FIFO", func(t *testing.T) {
		root := t.TempDir()
		unblock := mkfifo(t, lock(root))
		err := applyNoHang(t, context.Background(), plansample.NodePlan(), apply.Options{Root: root}, unblock)
		require.ErrorIs(t, err, apply.ErrNotRegular)
	})
}

// An apply that waits for the lock until its deadline says which process
// holds it.
func TestApplyLockWaitNamesTheHolder(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	p := plansample.NodePlan()
	p.Files[3].Content = []byte("timeout: 20\n")
	holding, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	defer apply.SetWriteHook(func(string) error {
		once.Do(func() { close(holding) })
		<-release
		return nil
	})()
	first := make(chan error, 1)
	go func() {
		_, err := apply.Apply(context.Background(), p, apply.Options{Root: root})
		first <- err
	}()
	<-holding // the first apply holds the lock, in the middle of a write

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := apply.Apply(ctx, plansample.NodePlan(), apply.Options{Root: root})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var le *apply.LockError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, os.Getpid(), le.PID)
	assert.Equal(t, apply.LockPath, le.Path)

	close(release)
	require.NoError(t, <-first)
	// A lock nobody wrote a PID into still times out, with PID 0.
	f, err := os.OpenFile(filepath.Join(root, apply.LockPath), os.O_RDWR|os.O_TRUNC, 0)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX))
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = apply.Apply(ctx, plansample.NodePlan(), apply.Options{Root: root})
	require.ErrorAs(t, err, &le)
	assert.Zero(t, le.PID)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
}
