package apply_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	before := snapshot(t, root)

	second := containerdPlan(t, pauseB) // config.toml replaced (and backed up)
	second.Files = append(second.Files,
		runtime.File{Path: "/etc/kubenode/small.conf", Mode: 0o644, Content: []byte("created, then removed\n")},
		runtime.File{Path: "/var/lib/kubenode/big.bin", Mode: 0o644, Content: bytes.Repeat([]byte("x\n"), 256<<10)},
	)
	_, err = apply.Apply(ctx, second, apply.Options{Root: root})
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ENOSPC, "the first cause is reported")
	assert.Equal(t, before, snapshot(t, root))

	// With room again the same plan goes through.
	second.Files = second.Files[:len(second.Files)-1]
	res, err := apply.Apply(ctx, second, apply.Options{Root: root})
	require.NoError(t, err)
	assert.True(t, res.Changed())
}

// snapshot describes every entry under dir: type, mode, owner, size,
// modification time, inode and content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		r, _ := filepath.Rel(dir, p)
		entry := fi.Mode().String() + " " + fi.ModTime().Format(time.RFC3339Nano)
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(b)
		}
		out[r] = entry + " uid " + itoa(uint64(st.Uid)) + " gid " + itoa(uint64(st.Gid)) + " ino " + itoa(st.Ino)
		return nil
	}))
	return out
}

func itoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}
