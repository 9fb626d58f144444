package apply_test

import (
	"context"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	kruntime "github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// inMountNamespace runs fn on a thread of its own in a new, private mount
// namespace, so that what fn mounts is seen by fn alone and never by the
// host. The thread stays locked and ends with fn, taking the namespace
// with it.
func inMountNamespace(t *testing.T, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := syscall.Unshare(syscall.CLONE_NEWNS); err != nil {
			done <- err
			return
		}
		if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
			done <- err
			return
		}
		done <- fn()
	}()
	return <-done
}

// readOnly bind-mounts dir read-only onto itself (in the caller's mount
// namespace).
func readOnly(dir string) error {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		return err
	}
	return syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, "")
}

// On a read-only directory Apply fails, writes nothing there, and says the
// rollback went through: it has no modification time to put back.
func TestRollbackOnReadOnlyMount(t *testing.T) {
	testenv.RequireRoot(t) // mount namespaces and bind mounts
	for name, change := range map[string]func(*kruntime.Plan){
		"update": func(p *kruntime.Plan) { p.Files[1].Content = []byte("version = 2\n") },
		"create": func(p *kruntime.Plan) {
			p.Files = append(p.Files, kruntime.File{Path: "/etc/containerd/conf.d/x.toml", Mode: 0o644, Content: []byte("x = 1\n")})
		},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
			before := plansample.Snapshot(t, root)
			p := plansample.NodePlan()
			change(p)
			var applyErr error
			require.NoError(t, inMountNamespace(t, func() error {
				if err := readOnly(filepath.Join(root, "etc/containerd")); err != nil {
					return err
				}
				_, applyErr = apply.Apply(context.Background(), p, apply.Options{Root: root})
				return nil
			}))
			require.ErrorIs(t, applyErr, syscall.EROFS)
			assert.ErrorIs(t, applyErr, apply.ErrRolledBack, "nothing failed to be restored")
			assert.Equal(t, before, plansample.Snapshot(t, root))
		})
	}
}
