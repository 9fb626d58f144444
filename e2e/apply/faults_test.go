package apply_test

import (
	"bytes"
	"context"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// TestApplyRollsBackOnENOSPC applies a plan to a tiny tmpfs, then a second
// plan whose last file does not fit: the real ENOSPC midway must leave every
// file exactly as the first apply left it (content, mode, owner,
// modification time, inode), with no temp file, backup or new directory
// behind.
func TestApplyRollsBackOnENOSPC(t *testing.T) {
	testenv.RequireRoot(t)
	root := t.TempDir()
	if err := syscall.Mount("kubenode-enospc", root, "tmpfs", 0, "size=256k,mode=0755"); err != nil {
		testenv.Missing(t, "mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(root, syscall.MNT_DETACH) })

	ctx := context.Background()
	first := containerdPlan(t, pauseA)
	_, err := apply.Apply(ctx, first, apply.Options{Root: root})
	require.NoError(t, err)
	before := plansample.Snapshot(t, root)

	second := containerdPlan(t, pauseB) // config.toml replaced (and backed up)
	second.Files = append(second.Files,
		runtime.File{Path: "/etc/kubenode/small.conf", Mode: 0o644, Content: []byte("created, then removed\n")},
		runtime.File{Path: "/var/lib/kubenode/big.bin", Mode: 0o644, Content: bytes.Repeat([]byte("x\n"), 256<<10)},
	)
	_, err = apply.Apply(ctx, second, apply.Options{Root: root})
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ENOSPC, "the first cause is reported")
	assert.Equal(t, before, plansample.Snapshot(t, root))

	// With room again the same plan goes through.
	second.Files = second.Files[:len(second.Files)-1]
	res, err := apply.Apply(ctx, second, apply.Options{Root: root})
	require.NoError(t, err)
	assert.True(t, res.Changed())
}
