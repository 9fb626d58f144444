package apply

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// writeHook, when set (by tests), is called for each file after its temp
// file is written and before it is renamed into place; an error it returns
// is treated as a failed write.
var writeHook func(nodePath string) error

// commit creates the groups and writes every changed file; on any failure
// it undoes everything it did and returns the first cause.
func (a *applier) commit(ctx context.Context) error {
	err := a.commitSteps(ctx)
	if err == nil {
		return nil
	}
	left, rerr := a.rollback()
	switch {
	case rerr != nil && left != nil:
		return fmt.Errorf("apply: %w; rollback also failed: %v; %v", err, rerr, left)
	case rerr != nil:
		return fmt.Errorf("apply: %w; rollback also failed: %v", err, rerr)
	case left != nil:
		return fmt.Errorf("apply: %w (%w; left as it is: %v)", err, ErrRolledBack, left)
	}
	return fmt.Errorf("apply: %w (%w)", err, ErrRolledBack)
}

func (a *applier) commitSteps(ctx context.Context) error {
	a.removeStaleTemps()
	if a.live && len(a.newGroups) > 0 {
		if err := a.groupadd(ctx); err != nil {
			return err
		}
	}
	for _, t := range a.targets {
		if t.change == ChangeUnchanged {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.write(t); err != nil {
			return &fs.PathError{Op: "write", Path: t.path, Err: err}
		}
	}
	return a.installArtifacts(ctx)
}

// groupadd creates the missing groups on the live system, then learns
// their GIDs for the files they own.
func (a *applier) groupadd(ctx context.Context) error {
	for _, g := range a.newGroups {
		out, err := exec.CommandContext(ctx, "groupadd", "--system", g).CombinedOutput()
		if err != nil {
			return fmt.Errorf("groupadd --system %s: %w: %s", g, err, strings.TrimSpace(string(out)))
		}
		a.undo = append(a.undo, func() error {
			out, err := exec.Command("groupdel", g).CombinedOutput()
			if err != nil {
				return fmt.Errorf("groupdel %s: %w: %s", g, err, strings.TrimSpace(string(out)))
			}
			return nil
		})
	}
	data, err := a.readIDFile(groupFile)
	if err != nil {
		return err
	}
	a.groups = parseIDFile(data)
	for _, t := range a.targets {
		if t.gid >= 0 {
			continue
		}
		gid, ok := a.groups.lookup(t.group)
		if !ok {
			return fmt.Errorf("%s: group %s still missing after groupadd", t.path, t.group)
		}
		t.gid = gid
	}
	return nil
}

// write replaces one file atomically, keeping the old one in the backup
// directory first.
func (a *applier) write(t *target) error {
	dir := filepath.Dir(t.rel)
	if err := a.mkdirs(dir, 0o755); err != nil {
		return err
	}
	a.touchDir(dir)
	if t.exists {
		if err := a.backup(t); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	tmp, err := a.writeTemp(dir, filepath.Base(t.rel), t.content, t.mode, t.uid, t.gid)
	if err != nil {
		return err
	}
	if writeHook != nil {
		if err := writeHook(t.path); err != nil {
			_ = a.root.Remove(tmp)
			return err
		}
	}
	if err := a.root.Rename(tmp, t.rel); err != nil {
		_ = a.root.Remove(tmp)
		return err
	}
	if t.exists {
		a.undo = append(a.undo, func() error { return a.restore(t) })
	} else {
		a.undo = append(a.undo, func() error { return a.root.Remove(t.rel) })
	}
	return a.syncDir(dir)
}

// writeTemp writes content to a new temp file beside name, with its mode
// and owner, and fsyncs it. It returns the temp file's path.
func (a *applier) writeTemp(dir, name string, content []byte, mode fs.FileMode, uid, gid int) (string, error) {
	tmp := tempName(dir, name)
	f, err := a.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	err = a.root.writeAndSync(f, tmp, content, mode, a.chown, uid, gid)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = a.root.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// writeAndSync writes content to f, opened under the root as name, gives
// it its owner and mode and fsyncs it.
func (r *nodeRoot) writeAndSync(f *os.File, name string, content []byte, mode fs.FileMode, chown bool, uid, gid int) error {
	if _, err := f.Write(content); err != nil {
		return err
	}
	if chown {
		if err := f.Chown(uid, gid); err != nil {
			return err
		}
	}
	// After chown, which may clear mode bits.
	if err := f.Chmod(mode); err != nil {
		return err
	}
	return r.Sync(f, name)
}

// mkdirs creates the missing directories of dir, one level at a time, so
// that a rollback removes exactly those.
func (a *applier) mkdirs(dir string, mode fs.FileMode) error {
	return a.mkdirsFor(dir, mode, false)
}

// mkdirsFor is mkdirs; for a backup directory (backups true) a rollback
// that cannot remove it leaves it, as it leaves a backup it keeps.
func (a *applier) mkdirsFor(dir string, mode fs.FileMode, backups bool) error {
	if dir == "." {
		return nil
	}
	parts := strings.Split(dir, string(filepath.Separator))
	for i := 1; i <= len(parts); i++ {
		d := filepath.Join(parts[:i]...)
		if _, err := a.root.Lstat(d); err == nil {
			continue
		}
		a.touchDir(filepath.Dir(d))
		err := a.root.Mkdir(d, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		// Mkdir applies the umask; the mode is what the node needs.
		if err := a.root.Chmod(d, mode); err != nil {
			return err
		}
		a.undo = append(a.undo, func() error {
			err := a.root.Remove(d)
			if err != nil && backups {
				return leftover{err}
			}
			return err
		})
		if err := a.syncDir(filepath.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}

// backup keeps the current file at BackupDir/<its path> (see backupTo), a
// copy with its bytes, mode, owner and modification time when it cannot be
// a hard link.
func (a *applier) backup(t *target) error {
	_, err := a.backupTo(t.path, t.rel, func(b string) error { return a.putOld(t, b) })
	return err
}

// backupTo keeps what is at node path p (name under the root) at
// BackupDir/p: a hard link when the backup directory is on the same
// filesystem (the exact old file, and restoring it is one rename), what
// copyTo writes there otherwise. It returns the backup's name under the
// root.
func (a *applier) backupTo(p, name string, copyTo func(b string) error) (string, error) {
	if err := a.ensureBackupDir(); err != nil {
		return "", err
	}
	b := rel(a.backupDir + p)
	if err := a.mkdirsFor(filepath.Dir(b), 0o700, true); err != nil {
		return "", err
	}
	a.touchDir(filepath.Dir(b))
	if _, err := a.root.Lstat(b); err == nil {
		return "", fmt.Errorf("backup %s exists already", a.backupDir+p)
	}
	err := a.root.Link(name, b)
	if errors.Is(err, syscall.EXDEV) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOTSUP) {
		err = copyTo(b)
	}
	if err != nil {
		return "", err
	}
	a.undo = append(a.undo, func() error {
		// After a failed restore the backup may be the only old copy left.
		if a.restoreFailed {
			return leftover{fmt.Errorf("the replaced file is kept at %s", a.backupDir+p)}
		}
		if err := ignoreNotExist(a.root.Remove(b)); err != nil {
			return leftover{err}
		}
		return nil
	})
	return b, nil
}

// ensureBackupDir picks this run's backup directory and creates its parent
// the first time a file is replaced.
func (a *applier) ensureBackupDir() error {
	if a.backupDir != "" {
		return nil
	}
	a.backupDir = a.opts.BackupDir
	if a.backupDir == "" {
		a.backupDir = BackupBase + "/" + time.Now().UTC().Format("20060102T150405.000000000Z")
	}
	return a.mkdirsFor(filepath.Dir(rel(a.backupDir)), 0o755, true)
}

// putOld writes the replaced file's bytes, mode, owner and modification
// time to name through a temp file beside it.
func (a *applier) putOld(t *target, name string) error {
	tmp, err := a.writeTemp(filepath.Dir(name), filepath.Base(name), t.old, t.oldMode, t.oldUID, t.oldGID)
	if err != nil {
		return err
	}
	if err = a.root.Chtimes(tmp, time.Time{}, t.oldMTime); err == nil {
		err = a.root.Rename(tmp, name)
	}
	if err != nil {
		_ = a.root.Remove(tmp)
	}
	return err
}

// restore puts the replaced file back: its backup (the old file itself, or
// a copy with the same bytes, mode, owner and modification time) renamed
// into place, or, when the backup is gone, the old bytes written back.
func (a *applier) restore(t *target) error {
	b := rel(a.backupDir + t.path)
	var err error
	if _, lerr := a.root.Lstat(b); lerr == nil {
		err = a.root.Rename(b, t.rel)
	} else {
		err = a.putOld(t, t.rel)
	}
	if err != nil {
		return err
	}
	return a.syncDir(filepath.Dir(t.rel))
}

// touchDir records a directory's modification time before Apply first
// changes an entry in it.
func (a *applier) touchDir(dir string) {
	if _, seen := a.dirTimes[dir]; seen {
		return
	}
	fi, err := a.root.Stat(dir)
	if err != nil {
		return // created by this apply: a rollback removes it
	}
	if a.dirTimes == nil {
		a.dirTimes = map[string]time.Time{}
	}
	a.dirTimes[dir] = fi.ModTime()
	a.dirOrder = append(a.dirOrder, dir)
}

// leftover is the failure of an undo step that leaves every node file as
// it was before the apply: a backup or backup directory not removed, a
// directory's modification time not put back. The rollback still
// succeeded; the error says what is left.
type leftover struct{ err error }

func (l leftover) Error() string { return l.err.Error() }
func (l leftover) Unwrap() error { return l.err }

// rollback undoes every recorded step, newest first, then puts back the
// modification times of the directories it changed. It returns what it
// left behind (see leftover) apart from what it failed to undo: only the
// latter is a failed rollback.
func (a *applier) rollback() (left, failed error) {
	var lefts, errs []error
	for i := len(a.undo) - 1; i >= 0; i-- {
		err := a.undo[i]()
		var l leftover
		switch {
		case err == nil:
		case errors.As(err, &l):
			lefts = append(lefts, l.err)
		default:
			errs = append(errs, err)
			a.restoreFailed = true
		}
	}
	for _, d := range a.dirOrder {
		if err := a.putBackTime(d); err != nil {
			lefts = append(lefts, err)
		}
	}
	a.undo = nil
	a.backupDir = ""
	return errors.Join(lefts...), errors.Join(errs...)
}

// putBackTime sets a directory's modification time back to what it was
// before Apply changed an entry in it, unless it still is (nothing was
// written there after all: a read-only or immutable directory) or the
// directory is gone.
func (a *applier) putBackTime(dir string) error {
	fi, err := a.root.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("the modification time of %s: %w", nodePathOf(dir), err)
	case fi.ModTime().Equal(a.dirTimes[dir]):
		return nil
	}
	if err := a.root.Chtimes(dir, time.Time{}, a.dirTimes[dir]); err != nil {
		return fmt.Errorf("the modification time of %s: %w", nodePathOf(dir), err)
	}
	return nil
}

// nodePathOf turns a path relative to the root back into a node path.
func nodePathOf(name string) string {
	if name == "." {
		return "/"
	}
	return "/" + filepath.ToSlash(name)
}

// syncDir fsyncs a directory so a rename or a new entry in it survives a
// crash.
func (a *applier) syncDir(dir string) error {
	d, err := a.root.Open(dir)
	if err != nil {
		return err
	}
	err = a.root.Sync(d, dir)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) {
		return nil // some filesystems cannot fsync a directory
	}
	return err
}

func ignoreNotExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
