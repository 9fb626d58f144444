package apply

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kubenode/kubenode/runtime"
)

// installArtifacts installs every changed member: each artifact's changed
// members are extracted to temp files beside their paths in one pass over
// its verified file (each checked against its digest, or its digest
// learned), several artifacts at once; then, in the plan's order, each is
// renamed into place after what it replaces is backed up. Every step is
// recorded for rollback.
func (a *applier) installArtifacts(ctx context.Context) error {
	var work []*artifactState
	for _, st := range a.artifacts {
		changed := false
		for _, mt := range st.members {
			if mt.change == ChangeUnchanged {
				continue
			}
			dir := filepath.Dir(mt.rel)
			if err := a.mkdirs(dir, 0o755); err != nil {
				return fmt.Errorf("artifact %s: install %s: %w", st.a.Name, mt.m.Path, err)
			}
			a.touchDir(dir) // before its temp file changes it
			changed = true
		}
		if changed {
			work = append(work, st)
		}
	}
	defer func() {
		for _, st := range work {
			for _, mt := range st.members {
				if mt.tmp != "" {
					_ = a.root.Remove(mt.tmp)
				}
			}
		}
	}()
	err := forEach(ctx, len(work), maxParallelArtifacts, func(ctx context.Context, i int) error {
		if err := a.extract(ctx, work[i]); err != nil {
			return fmt.Errorf("artifact %s: %w", work[i].a.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, st := range work {
		for _, mt := range st.members {
			if mt.tmp == "" {
				continue
			}
			if err := a.placeMember(mt); err != nil {
				return fmt.Errorf("artifact %s: install %s: %w", st.a.Name, mt.m.Path, err)
			}
		}
		a.saveRecord(st)
	}
	return nil
}

// extract writes an artifact's changed members to temp files in one pass
// over its verified file. A member's digest is learned there when it was
// not known; one the cache record held that the archive contradicts was
// the record's mistake (the archive is hashed as it is read), so the
// archive's counts, and the member is decided again.
func (a *applier) extract(ctx context.Context, st *artifactState) error {
	changed := map[string]*memberTarget{}
	for _, mt := range st.members {
		if mt.change != ChangeUnchanged {
			changed[mt.m.Name] = mt
		}
	}
	sums := map[*memberTarget]string{}
	err := a.eachMember(st, func(m runtime.Member, content io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		mt := changed[m.Name]
		if mt == nil {
			return nil
		}
		want := "" // an archive member: eachMember checks the archive
		if st.a.Format == runtime.ArchiveBinary {
			want = st.sha
		}
		tmp, sum, err := a.writeTempFrom(mt, content, want)
		if err != nil {
			return fmt.Errorf("install %s: %w", mt.m.Path, err)
		}
		mt.tmp, sums[mt] = tmp, sum
		return nil
	})
	if err != nil {
		return err
	}
	for mt, sum := range sums {
		if mt.sha == sum {
			continue
		}
		mt.sha = sum
		st.learn(mt.m.Name, sum)
		if a.decideMember(mt); mt.change == ChangeUnchanged {
			if err := a.root.Remove(mt.tmp); err != nil {
				return err
			}
			mt.tmp = ""
		}
	}
	return nil
}

// writeTempFrom writes a member to a new temp file beside its path, with
// its mode and root as owner, fsynced, and returns it with the digest of
// what it wrote, which must be want unless want is "".
func (a *applier) writeTempFrom(mt *memberTarget, content io.Reader, want string) (tmp, sum string, err error) {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	dir := filepath.Dir(mt.rel)
	tmp = filepath.Join(dir, "."+filepath.Base(mt.rel)+".kubenode-"+hex.EncodeToString(rnd[:]))
	f, err := a.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	_, err = copyBuffered(io.MultiWriter(f, h), content)
	if err == nil {
		err = a.root.writeAndSync(f, tmp, nil, mt.m.Mode.Perm(), a.chown, 0, 0)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if err == nil && want != "" && sum != want {
		err = errors.New("the cached release file changed while it was installed")
	}
	if err != nil {
		_ = a.root.Remove(tmp)
		return "", "", err
	}
	return tmp, sum, nil
}

// placeMember backs up what is at the member's path, renames the temp file
// over it and records how to undo both.
func (a *applier) placeMember(mt *memberTarget) error {
	dir := filepath.Dir(mt.rel)
	a.touchDir(dir)
	if mt.exists {
		if err := a.backupMember(mt); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if writeHook != nil {
		if err := writeHook(mt.m.Path); err != nil {
			return err
		}
	}
	if err := a.root.Rename(mt.tmp, mt.rel); err != nil {
		return err
	}
	mt.tmp = ""
	if mt.exists {
		a.undo = append(a.undo, func() error {
			if err := a.root.Rename(mt.backup, mt.rel); err != nil {
				return err
			}
			return a.syncDir(dir)
		})
	} else {
		a.undo = append(a.undo, func() error { return a.root.Remove(mt.rel) })
	}
	return a.syncDir(dir)
}

// backupMember keeps the binary being replaced at BackupDir/<its path>
// (see backupTo), a copy with its mode, owner and modification time when it
// cannot be a hard link.
func (a *applier) backupMember(mt *memberTarget) error {
	b, err := a.backupTo(mt.m.Path, mt.rel, func(b string) error { return a.copyMemberBackup(mt, b) })
	mt.backup = b
	return err
}

func (a *applier) copyMemberBackup(mt *memberTarget, b string) error {
	old, err := openToHash(a.root, mt.rel)
	if err != nil {
		return err
	}
	defer old.Close()
	tmp := b + ".kubenode-copy"
	f, err := a.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = copyBuffered(f, old)
	if err == nil {
		err = a.root.writeAndSync(f, tmp, nil, mt.oldMode, a.chown, mt.oldUID, mt.oldGID)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = a.root.Chtimes(tmp, time.Time{}, mt.oldMTime)
	}
	if err == nil {
		err = a.root.Rename(tmp, b)
	}
	if err != nil {
		_ = a.root.Remove(tmp)
	}
	return err
}
