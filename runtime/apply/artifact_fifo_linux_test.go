package apply_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime/apply"
)

// A FIFO planted where the cache keeps a release file is refused, in a dry
// run too, without waiting for a writer that never comes.
func TestApplyRefusesFIFOInCache(t *testing.T) {
	rel := newRelease(t, "v1")
	plan := serveRelease(t, releasetest.NewServer(t), rel)
	root := t.TempDir()
	fifo := filepath.Join(root, cacheFile(rel.archive))
	require.NoError(t, os.MkdirAll(filepath.Dir(fifo), 0o755))
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	for _, dryRun := range []bool{true, false} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		done := make(chan error, 1)
		go func() {
			_, err := apply.Apply(ctx, plan, apply.Options{Root: root, DryRun: dryRun})
			done <- err
		}()
		select {
		case err := <-done:
			require.ErrorIs(t, err, apply.ErrNotRegular, "dry run %v", dryRun)
		case <-time.After(20 * time.Second):
			t.Fatalf("Apply hangs on a FIFO in the cache (dry run %v)", dryRun)
		}
		cancel()
	}
}
