package apply_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

func mustApply(t *testing.T, p *runtime.Plan, opts apply.Options) *apply.Result {
	t.Helper()
	res, err := apply.Apply(context.Background(), p, opts)
	require.NoError(t, err)
	return res
}

func changes(res *apply.Result) map[string]apply.Change {
	out := map[string]apply.Change{}
	for _, f := range res.Files {
		out[f.Path] = f.Change
	}
	return out
}

func TestApplyCreatesFilesWithModes(t *testing.T) {
	root := t.TempDir()
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	for _, f := range plansample.NodePlan().Files {
		assert.Equal(t, apply.ChangeCreated, changes(res)[f.Path], f.Path)
		got, err := os.ReadFile(filepath.Join(root, f.Path))
		require.NoError(t, err)
		assert.Equal(t, string(f.Content), string(got))
		st, err := os.Stat(filepath.Join(root, f.Path))
		require.NoError(t, err)
		assert.Equal(t, f.Mode, st.Mode().Perm(), f.Path)
	}
	dir, err := os.Stat(filepath.Join(root, "etc/containerd/certs.d"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o755), dir.Mode().Perm())
	// crictl.yaml is 0600 in the sample: a secret's mode, so its diff
	// shows a digest, never the content.
	assert.Equal(t, "--- /dev/null\n+++ /etc/crictl.yaml\n@@ -0,0 +1 @@\n+"+string(runtime.RedactedContent([]byte("timeout: 10\n"))), res.Files[3].Diff)
	first := plansample.NodePlan().Files[0]
	require.NotEqual(t, fs.FileMode(0o600), first.Mode)
	assert.Contains(t, res.Files[0].Diff, "+"+strings.SplitN(string(first.Content), "\n", 2)[0]+"\n", "a file others may read shows its content")
	assert.Empty(t, res.BackupDir, "nothing was replaced")
	// Without a Manager the steps are listed, not taken.
	assert.Equal(t, []apply.UnitStep{
		{Action: runtime.ActionReload, Skipped: true},
		{Unit: "containerd.service", Action: runtime.ActionEnable, Skipped: true},
		{Unit: "containerd.service", Action: runtime.ActionStart, Skipped: true},
	}, res.Units)
}

func TestApplyTwiceTouchesNothing(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	before := plansample.Snapshot(t, root)
	time.Sleep(10 * time.Millisecond)
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	for p, c := range changes(res) {
		assert.Equal(t, apply.ChangeUnchanged, c, p)
	}
	assert.False(t, res.Changed())
	assert.Equal(t, before, plansample.Snapshot(t, root), "no write, no new inode, no mtime change")
}

func TestApplyUpdateBacksUpAndDiffs(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	p := plansample.NodePlan()
	p.Files[1].Content = []byte("version = 3\n\n[plugins]\n")
	res := mustApply(t, p, apply.Options{Root: root, BackupDir: "/var/backups/test"})
	assert.Equal(t, apply.ChangeUpdated, changes(res)["/etc/containerd/config.toml"])
	assert.Equal(t, apply.ChangeUnchanged, changes(res)["/etc/crictl.yaml"])
	assert.Equal(t, "--- /etc/containerd/config.toml\n+++ /etc/containerd/config.toml\n@@ -1 +1,3 @@\n version = 3\n+\n+[plugins]\n", res.Files[1].Diff)
	assert.Equal(t, "/var/backups/test", res.BackupDir)
	assert.Equal(t, "/var/backups/test/etc/containerd/config.toml", res.Files[1].Backup)
	old, err := os.ReadFile(filepath.Join(root, "var/backups/test/etc/containerd/config.toml"))
	require.NoError(t, err)
	assert.Equal(t, "version = 3\n", string(old))
	st, err := os.Stat(filepath.Join(root, "var/backups/test/etc"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o700), st.Mode().Perm(), "backups may hold secrets")

	// The default backup directory is named by the time.
	p.Files[1].Content = []byte("version = 3\n")
	res = mustApply(t, p, apply.Options{Root: root})
	assert.True(t, strings.HasPrefix(res.BackupDir, apply.BackupBase+"/"), res.BackupDir)
	_, err = os.Stat(filepath.Join(root, res.BackupDir, "etc/containerd/config.toml"))
	assert.NoError(t, err)
}

func TestApplyModeChangeOnly(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	p := plansample.NodePlan()
	p.Files[3].Mode = 0o644
	res := mustApply(t, p, apply.Options{Root: root})
	f := res.Files[3]
	assert.Equal(t, apply.ChangeUpdated, f.Change)
	assert.Empty(t, f.Diff)
	assert.Equal(t, fs.FileMode(0o600), f.OldMode)
	st, _ := os.Stat(filepath.Join(root, "etc/crictl.yaml"))
	assert.Equal(t, fs.FileMode(0o644), st.Mode().Perm())
	// A mode change is no reason to reload or restart.
	for _, u := range res.Units {
		assert.NotEqual(t, runtime.ActionReload, u.Action)
		assert.NotEqual(t, runtime.ActionRestart, u.Action)
	}
}

func TestApplyDryRunWritesNothing(t *testing.T) {
	root := filepath.Join(t.TempDir(), "missing")
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: root, DryRun: true})
	assert.True(t, res.DryRun)
	assert.Equal(t, apply.ChangeCreated, changes(res)["/etc/containerd/config.toml"])
	assert.NotEmpty(t, res.Files[1].Diff)
	_, err := os.Stat(root)
	assert.ErrorIs(t, err, fs.ErrNotExist)

	root = t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	before := plansample.Snapshot(t, root)
	p := plansample.NodePlan()
	p.Files[1].Content = []byte("version = 2\n")
	res = mustApply(t, p, apply.Options{Root: root, DryRun: true})
	assert.Equal(t, "--- /etc/containerd/config.toml\n+++ /etc/containerd/config.toml\n@@ -1 +1 @@\n-version = 3\n+version = 2\n", res.Files[1].Diff)
	assert.Equal(t, before, plansample.Snapshot(t, root))
	var report strings.Builder
	require.NoError(t, res.Report(&report))
	assert.Contains(t, report.String(), "would update /etc/containerd/config.toml (0644 root:root)\n")
	// Without a Manager nothing says containerd runs, so it would be started.
	assert.Contains(t, report.String(), "would start containerd.service\n")
}

func TestApplyStaysInsideRoot(t *testing.T) {
	t.Run("directory symlink out", func(t *testing.T) {
		root, outside := t.TempDir(), t.TempDir()
		require.NoError(t, os.Symlink(outside, filepath.Join(root, "etc")))
		_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root})
		require.Error(t, err, "even /etc/passwd is not read through the link")
		entries, _ := os.ReadDir(outside)
		assert.Empty(t, entries, "nothing written outside the root")
		_, err = os.Stat(filepath.Join(root, "etc/systemd/system/containerd.service"))
		assert.Error(t, err)
	})
	t.Run("relative symlink climbing out", func(t *testing.T) {
		root, outside := t.TempDir(), t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
		rel, _ := filepath.Rel(filepath.Join(root, "etc"), outside)
		require.NoError(t, os.Symlink(rel, filepath.Join(root, "etc/containerd")))
		_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root})
		require.Error(t, err)
		entries, _ := os.ReadDir(outside)
		assert.Empty(t, entries)
	})
	t.Run("file symlink", func(t *testing.T) {
		root, outside := t.TempDir(), t.TempDir()
		target := filepath.Join(outside, "crictl.yaml")
		require.NoError(t, os.WriteFile(target, []byte("mine\n"), 0o644))
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
		require.NoError(t, os.Symlink(target, filepath.Join(root, "etc/crictl.yaml")))
		_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: root})
		require.Error(t, err)
		fieldtest.RequireProblem(t, errors.Unwrap(err), field.ErrInvalid, "files[3].path")
		b, _ := os.ReadFile(target)
		assert.Equal(t, "mine\n", string(b))
	})
	t.Run("symlink inside the root is followed", func(t *testing.T) {
		root := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(root, "usr/etc"), 0o755))
		require.NoError(t, os.Symlink("usr/etc", filepath.Join(root, "etc")))
		mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
		_, err := os.Stat(filepath.Join(root, "usr/etc/crictl.yaml"))
		assert.NoError(t, err)
	})
}

func TestApplyRefusesWhatItCannotWrite(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/crictl.yaml"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/containerd"), []byte("x"), 0o644))
	p := plansample.NodePlan()
	p.Files[0].Owner = "nobody-here"
	_, err := apply.Apply(context.Background(), p, apply.Options{Root: root})
	require.Error(t, err)
	list := field.AsList(errors.Unwrap(err))
	// Every problem at once, before anything is written.
	fieldtest.RequireProblem(t, list, field.ErrInvalid, "files[0].owner")
	fieldtest.RequireProblem(t, list, field.ErrInvalid, "files[1].path")
	fieldtest.RequireProblem(t, list, field.ErrInvalid, "files[2].path")
	fieldtest.RequireProblem(t, list, field.ErrInvalid, "files[3].path")
	_, err = os.Stat(filepath.Join(root, "etc/systemd"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestApplyRejectsInvalidPlan(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[0].Path = "relative"
	_, err := apply.Apply(context.Background(), p, apply.Options{Root: t.TempDir()})
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[0].path")
}

func TestApplyRollsBackOnFailedWrite(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	before := plansample.Snapshot(t, root)

	p := plansample.NodePlan()
	p.Files[0].Content = []byte("[Service]\nExecStart=/usr/local/bin/containerd\n") // replaced first
	p.Files[1].Mode = 0o640                                                         // replaced second
	p.Files = append(p.Files,
		runtime.File{Path: "/etc/new/dir/a.conf", Mode: 0o644, Content: []byte("a\n")}, // created
		runtime.File{Path: "/etc/new/b.conf", Mode: 0o644, Content: []byte("b\n")},     // fails
	)
	injected := errors.New("injected write failure")
	defer apply.SetWriteHook(func(p string) error {
		if p == "/etc/new/b.conf" {
			return injected
		}
		return nil
	})()
	_, err := apply.Apply(context.Background(), p, apply.Options{Root: root})
	require.ErrorIs(t, err, injected, "the first cause is reported")
	assert.ErrorIs(t, err, apply.ErrRolledBack)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "/etc/new/b.conf", pe.Path, "the failed write names its node path")
	assert.Equal(t, before, plansample.Snapshot(t, root), "every file exactly as it was: content, mode, mtime, inode")
}

func TestApplyRollsBackEveryFailurePoint(t *testing.T) {
	p := plansample.NodePlan()
	for i := range p.Files {
		p.Files[i].Content = append(p.Files[i].Content, "# changed\n"...)
	}
	p.Files = append(p.Files, runtime.File{Path: "/opt/x/y", Mode: 0o644, Content: []byte("y\n")})
	for _, failAt := range p.Files {
		t.Run(failAt.Path, func(t *testing.T) {
			root := t.TempDir()
			mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
			before := plansample.Snapshot(t, root)
			defer apply.SetWriteHook(func(p string) error {
				if p == failAt.Path {
					return errors.New("injected")
				}
				return nil
			})()
			_, err := apply.Apply(context.Background(), p, apply.Options{Root: root})
			require.Error(t, err)
			assert.Equal(t, before, plansample.Snapshot(t, root))
		})
	}
}

func TestApplyLockExcludesASecondApply(t *testing.T) {
	root := t.TempDir()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
	f, err := os.OpenFile(filepath.Join(root, apply.LockPath), os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = apply.Apply(ctx, plansample.NodePlan(), apply.Options{Root: root})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	f.Close()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root})
}

func TestApplyAddsGroupsToRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/group"), []byte("root:x:0:\nsystemd-journal:x:999:\nusers:x:100:"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/gshadow"), []byte("root:*::\n"), 0o640))
	p := plansample.NodePlan()
	p.Groups = []string{"docker", "kubenode"}
	p.Files[3].Group = "docker"
	res := mustApply(t, p, apply.Options{Root: root})
	assert.Equal(t, []string{"docker", "kubenode"}, res.Groups)
	group, _ := os.ReadFile(filepath.Join(root, "etc/group"))
	assert.Equal(t, "root:x:0:\nsystemd-journal:x:999:\nusers:x:100:\ndocker:x:998:\nkubenode:x:997:\n", string(group))
	gshadow, _ := os.ReadFile(filepath.Join(root, "etc/gshadow"))
	assert.Equal(t, "root:*::\ndocker:!::\nkubenode:!::\n", string(gshadow))
	st, _ := os.Stat(filepath.Join(root, "etc/gshadow"))
	assert.Equal(t, fs.FileMode(0o640), st.Mode().Perm(), "gshadow keeps its mode")
	assert.Equal(t, apply.ChangeUpdated, changes(res)["/etc/group"])
	if os.Geteuid() == 0 {
		st, _ := os.Stat(filepath.Join(root, "etc/crictl.yaml"))
		assert.Equal(t, uint32(998), st.Sys().(*syscall.Stat_t).Gid)
	}
	res = mustApply(t, p, apply.Options{Root: root})
	assert.Empty(t, res.Groups)
	assert.False(t, res.Changed())
}

func TestApplyCreatesGroupFileInEmptyRoot(t *testing.T) {
	root := t.TempDir()
	p := plansample.NodePlan()
	p.Groups = []string{"docker"}
	mustApply(t, p, apply.Options{Root: root})
	group, err := os.ReadFile(filepath.Join(root, "etc/group"))
	require.NoError(t, err)
	assert.Equal(t, "docker:x:999:\n", string(group))
	_, err = os.Stat(filepath.Join(root, "etc/gshadow"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "no gshadow where the root has none")
}

func TestApplyOwners(t *testing.T) {
	testenv.RequireRoot(t) // setting owners
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root:x:0:0::/root:/bin/sh\nkube:x:1234:1234::/:/bin/false\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/group"), []byte("root:x:0:\nkube:x:1234:\n"), 0o644))
	p := plansample.NodePlan()
	p.Files[3].Owner, p.Files[3].Group = "kube", "kube"
	mustApply(t, p, apply.Options{Root: root})
	st, _ := os.Stat(filepath.Join(root, "etc/crictl.yaml"))
	assert.Equal(t, uint32(1234), st.Sys().(*syscall.Stat_t).Uid)
	// An owner changed behind Apply's back is put back.
	require.NoError(t, os.Chown(filepath.Join(root, "etc/crictl.yaml"), 0, 0))
	res := mustApply(t, p, apply.Options{Root: root})
	assert.Equal(t, apply.ChangeUpdated, res.Files[3].Change)
	assert.Equal(t, "root:root", res.Files[3].OldOwner)
	st, _ = os.Stat(filepath.Join(root, "etc/crictl.yaml"))
	assert.Equal(t, uint32(1234), st.Sys().(*syscall.Stat_t).Gid)
}

func TestApplyRefusesBadBackupDir(t *testing.T) {
	_, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: t.TempDir(), BackupDir: "var/backups"})
	require.Error(t, err)
	assert.ErrorIs(t, err, field.ErrInvalid)
	var fe *field.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "backupDir", fe.Path.String())
}

func TestApplyDryRunListsMissingGroups(t *testing.T) {
	root := t.TempDir()
	p := plansample.NodePlan()
	p.Groups = []string{"docker"}
	res := mustApply(t, p, apply.Options{Root: root, DryRun: true})
	assert.Equal(t, []string{"docker"}, res.Groups)
	assert.Equal(t, apply.ChangeCreated, changes(res)["/etc/group"])
	assert.Equal(t, "--- /dev/null\n+++ /etc/group\n@@ -0,0 +1 @@\n+docker:x:999:\n", res.Files[0].Diff)
	entries, _ := os.ReadDir(root)
	assert.Empty(t, entries)
}
