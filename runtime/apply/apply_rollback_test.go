package apply_test

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// changedPlan is NodePlan with config.toml and crictl.yaml changed: Apply
// replaces the first, in /etc/containerd, then the second, in /etc.
func changedPlan() *runtime.Plan {
	p := plansample.NodePlan()
	p.Files[1].Content = []byte("version = 2\n")
	p.Files[3].Content = []byte("timeout: 20\n")
	return p
}

// without returns a copy of a snapshot without some entries.
func without(snap map[string]string, names ...string) map[string]string {
	out := maps.Clone(snap)
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// Rollback reports only a file it failed to restore: a directory whose
// modification time it need not or cannot put back, or a backup it cannot
// remove, leaves the node's files as they were, and the error says so
// (ErrRolledBack).
func TestRollbackReportsOnlyWhatItFailedToRestore(t *testing.T) {
	eperm := syscall.EPERM
	for _, tc := range []struct {
		name string
		// fault fails some of Apply's changes, as an immutable directory
		// or a read-only mount would.
		fault func(op, name string) error
		// failAt, when set, fails the write of that node path after its
		// temp file is written.
		failAt string
		// changed lists the entries whose modification time may differ
		// afterwards.
		changed []string
	}{{
		// chattr +i /etc: crictl.yaml cannot be written there, and /etc's
		// time cannot be set; nothing in /etc changed, so there is nothing
		// to put back.
		name: "directory nothing was written to",
		fault: func(op, name string) error {
			if (op == "write" && filepath.Dir(name) == "etc") || (op == "chtimes" && name == "etc") {
				return eperm
			}
			return nil
		},
	}, {
		// A temp file came and went in /etc: its time changed and cannot
		// be put back. The files are restored all the same.
		name:   "directory whose time cannot be put back",
		failAt: "/etc/crictl.yaml",
		fault: func(op, name string) error {
			if op == "chtimes" && name == "etc" {
				return eperm
			}
			return nil
		},
		changed: []string{"etc"},
	}, {
		name: "backup that cannot be removed",
		fault: func(op, name string) error {
			if op == "write" && filepath.Dir(name) == "etc" {
				return eperm
			}
			if op == "remove" && strings.HasPrefix(name, "var/backups") {
				return eperm
			}
			return nil
		},
		changed: []string{".", "var", "var/backups"}, // the backups stay
	}} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
			before := plansample.Snapshot(t, root)
			injected := errors.New("injected")
			if tc.failAt != "" {
				defer apply.SetWriteHook(func(p string) error {
					if p == tc.failAt {
						return injected
					}
					return nil
				})()
			}
			ctx := apply.WithFSFault(context.Background(), tc.fault)
			_, err := apply.Apply(ctx, changedPlan(), apply.Options{Root: root})
			require.Error(t, err)
			assert.ErrorIs(t, err, apply.ErrRolledBack, "no restore failed")
			if tc.failAt == "" {
				assert.ErrorIs(t, err, eperm, "the cause")
			} else {
				assert.ErrorIs(t, err, injected, "the cause")
			}
			after := plansample.Snapshot(t, root)
			for name := range after {
				if strings.HasPrefix(name, "var/backups/") {
					delete(after, name) // a kept backup
				}
			}
			assert.Equal(t, without(before, tc.changed...), without(after, tc.changed...))
		})
	}
}

// A file that really was not restored still fails the rollback.
func TestRollbackReportsAFileNotRestored(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	renames := 0
	ctx := apply.WithFSFault(context.Background(), func(op, name string) error {
		if op == "rename" && name == "etc/containerd/config.toml" {
			renames++
			if renames == 2 { // the restore, after the write
				return syscall.EIO
			}
		}
		if op == "write" && filepath.Dir(name) == "etc" {
			return syscall.EPERM
		}
		return nil
	})
	_, err := apply.Apply(ctx, changedPlan(), apply.Options{Root: root, BackupDir: "/var/backups/kept"})
	require.ErrorIs(t, err, syscall.EPERM, "the cause")
	assert.NotErrorIs(t, err, apply.ErrRolledBack)
	assert.Equal(t, 2, renames)
	// The old file's only copy left is its backup: the rollback keeps it.
	assert.Equal(t, string(plansample.NodePlan().Files[1].Content), readNode(t, root, "/var/backups/kept/etc/containerd/config.toml"))
}
