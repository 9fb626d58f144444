package apply

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// artifactState is one plan artifact during an Apply.
type artifactState struct {
	a runtime.Artifact
	// sha is the digest the file must have; file its verified copy in the
	// cache, relative to the root ("" in a dry run without it); source is
	// "cache" or "download" once file is set.
	sha, file, source string
	members           []*memberTarget
}

// memberTarget is one binary Apply installs: what is at its path and what
// changes.
type memberTarget struct {
	m   runtime.Member
	rel string
	// sha is the member's content digest, "" until the archive is read.
	sha string

	existing
	oldSHA string
	change Change
	// tmp is the temp file beside the path that a commit renames into place.
	tmp    string
	backup string
}

// contentChanged reports whether the binary's bytes change (or, in a dry
// run without the release file, may change).
func (m *memberTarget) contentChanged() bool {
	return m.change == ChangeCreated || (m.change == ChangeUpdated && (m.sha == "" || m.sha != m.oldSHA))
}

func (a *applier) memberTargets() []*memberTarget {
	var out []*memberTarget
	for _, s := range a.artifacts {
		out = append(out, s.members...)
	}
	return out
}

// checkMembers inspects what is at every member's path, as check does for
// files: directories above it must be directories inside the root, and the
// path absent or a regular file, whose digest is taken.
func (a *applier) checkMembers(plan *runtime.Plan) field.ErrorList {
	var errs field.ErrorList
	for i, art := range plan.Artifacts {
		st := &artifactState{a: art}
		for j, m := range art.Members {
			mt := &memberTarget{m: m, rel: rel(m.Path)}
			if err := a.inspectMember(mt); err != nil {
				errs = append(errs, field.Invalid(field.NewPath("artifacts").Index(i).Child("members").Index(j).Child("path"), m.Path, err.Error()))
				continue
			}
			st.members = append(st.members, mt)
		}
		a.artifacts = append(a.artifacts, st)
	}
	return errs
}

func (a *applier) inspectMember(mt *memberTarget) error {
	var err error
	if mt.existing, err = a.inspectPath(mt.rel); err != nil || !mt.exists {
		return err
	}
	mt.oldSHA, _, err = hashRootFile(a.root, mt.rel)
	return err
}

// fetchArtifacts gets every artifact's verified file into the cache (in a
// dry run: finds it there), reads each member's digest from it and decides
// what changes. Nothing outside the cache is written.
func (a *applier) fetchArtifacts(ctx context.Context) error {
	if len(a.artifacts) == 0 {
		return nil
	}
	f := newFetcher(a.root, a.opts)
	for _, st := range a.artifacts {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if st.sha, err = f.digest(ctx, st.a); err != nil {
			return fmt.Errorf("artifact %s: %w", st.a.Name, err)
		}
		file, ok, err := f.cached(st.a, st.sha)
		if err != nil {
			return fmt.Errorf("artifact %s: cache: %w", st.a.Name, err)
		}
		switch {
		case ok:
			st.file, st.source = file, "cache"
		case !a.opts.DryRun:
			if st.file, err = f.fetch(ctx, st.a, st.sha); err != nil {
				return fmt.Errorf("artifact %s: %w", st.a.Name, err)
			}
			st.source = "download"
		}
		if st.file != "" {
			if err := a.readMembers(st); err != nil {
				return fmt.Errorf("artifact %s: %s: %w", st.a.Name, st.a.URL, err)
			}
		}
		for _, mt := range st.members {
			a.decideMember(mt)
		}
	}
	return nil
}

// readMembers takes each member's digest from the verified file.
func (a *applier) readMembers(st *artifactState) error {
	byName := map[string]*memberTarget{}
	for _, mt := range st.members {
		byName[mt.m.Name] = mt
	}
	return a.eachMember(st, func(m runtime.Member, content io.Reader) error {
		h := sha256.New()
		if _, err := io.Copy(h, content); err != nil {
			return err
		}
		if mt := byName[m.Name]; mt != nil {
			mt.sha = hex.EncodeToString(h.Sum(nil))
		}
		return nil
	})
}

func (a *applier) decideMember(mt *memberTarget) {
	switch {
	case !mt.exists:
		mt.change = ChangeCreated
	case mt.sha == "" || mt.sha != mt.oldSHA || mt.oldMode != mt.m.Mode.Perm():
		mt.change = ChangeUpdated
	case a.chown && (mt.oldUID != 0 || mt.oldGID != 0):
		mt.change = ChangeUpdated
	default:
		mt.change = ChangeUnchanged
	}
}

// eachMember reads the artifact's verified file and calls fn for each
// member, in archive order, with its content. Every archive entry is
// checked, mapped or not: an absolute name, a ".." element, or a symbolic
// or hard link pointing out of the archive makes the whole archive
// unsafe. A member must be a regular file and appear exactly once.
func (a *applier) eachMember(st *artifactState, fn func(runtime.Member, io.Reader) error) error {
	f, err := a.root.Open(st.file)
	if err != nil {
		return err
	}
	defer f.Close()
	if st.a.Format == runtime.ArchiveBinary {
		return fn(st.a.Members[0], f)
	}
	return eachTarMember(f, st.a.Members, fn)
}

// eachTarMember walks a tar.gz stream; see eachMember.
func eachTarMember(r io.Reader, members []runtime.Member, fn func(runtime.Member, io.Reader) error) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a gzip file: %w", err)
	}
	byName := map[string]runtime.Member{}
	for _, m := range members {
		byName[m.Name] = m
	}
	seen := map[string]bool{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %w", err)
		}
		if err := checkEntry(h); err != nil {
			return err
		}
		m, mapped := byName[h.Name]
		if !mapped {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("%w: member %q is not a regular file (tar type %q); only regular files are installed", ErrUnsafeArchive, h.Name, h.Typeflag)
		}
		if seen[h.Name] {
			return fmt.Errorf("%w: member %q appears twice", ErrUnsafeArchive, h.Name)
		}
		seen[h.Name] = true
		if err := fn(m, tr); err != nil {
			return err
		}
	}
	var missing []string
	for _, m := range members {
		if !seen[m.Name] {
			missing = append(missing, m.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the archive lacks %s: the release's layout differs from its member map", strings.Join(missing, ", "))
	}
	return nil
}

// checkEntry refuses an archive entry whose name, or link target, leaves
// the directory the archive is extracted into.
func checkEntry(h *tar.Header) error {
	name := h.Name
	if strings.HasPrefix(name, "/") || runtime.HasDotDot(name) {
		return fmt.Errorf("%w: entry %q would be written outside the archive's directory", ErrUnsafeArchive, name)
	}
	switch h.Typeflag {
	case tar.TypeSymlink:
		target := path.Join(path.Dir(name), h.Linkname)
		if strings.HasPrefix(h.Linkname, "/") || target == ".." || strings.HasPrefix(target, "../") {
			return fmt.Errorf("%w: symbolic link %q points out of the archive (%s)", ErrUnsafeArchive, name, h.Linkname)
		}
	case tar.TypeLink:
		if strings.HasPrefix(h.Linkname, "/") || runtime.HasDotDot(h.Linkname) {
			return fmt.Errorf("%w: hard link %q points out of the archive (%s)", ErrUnsafeArchive, name, h.Linkname)
		}
	}
	return nil
}

// installArtifacts installs every changed member: all of an artifact's
// changed members are extracted to temp files beside their paths in one
// pass over its verified file (each checked against the digest read
// before), then each is renamed into place after its predecessor is backed
// up. Every step is recorded for rollback.
func (a *applier) installArtifacts(ctx context.Context) error {
	for _, st := range a.artifacts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.installArtifact(st); err != nil {
			return fmt.Errorf("artifact %s: %w", st.a.Name, err)
		}
	}
	return nil
}

func (a *applier) installArtifact(st *artifactState) error {
	changed := map[string]*memberTarget{}
	for _, mt := range st.members {
		if mt.change == ChangeUnchanged {
			continue
		}
		dir := filepath.Dir(mt.rel)
		if err := a.mkdirs(dir, 0o755); err != nil {
			return fmt.Errorf("install %s: %w", mt.m.Path, err)
		}
		a.touchDir(dir) // before its temp file changes it
		changed[mt.m.Name] = mt
	}
	if len(changed) == 0 {
		return nil
	}
	defer func() {
		for _, mt := range changed {
			if mt.tmp != "" {
				_ = a.root.Remove(mt.tmp)
			}
		}
	}()
	err := a.eachMember(st, func(m runtime.Member, content io.Reader) error {
		mt := changed[m.Name]
		if mt == nil {
			return nil
		}
		tmp, err := a.writeTempFrom(mt, content)
		if err != nil {
			return fmt.Errorf("install %s: %w", mt.m.Path, err)
		}
		mt.tmp = tmp
		return nil
	})
	if err != nil {
		return err
	}
	for _, mt := range st.members {
		if mt.tmp == "" {
			continue
		}
		if err := a.placeMember(mt); err != nil {
			return fmt.Errorf("install %s: %w", mt.m.Path, err)
		}
	}
	return nil
}

// writeTempFrom writes a member to a new temp file beside its path, with
// its mode and root as owner, fsynced, and checks its digest.
func (a *applier) writeTempFrom(mt *memberTarget, content io.Reader) (string, error) {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	dir := filepath.Dir(mt.rel)
	tmp := filepath.Join(dir, "."+filepath.Base(mt.rel)+".kubenode-"+hex.EncodeToString(rnd[:]))
	f, err := a.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, h), content)
	if err == nil {
		err = a.root.writeAndSync(f, tmp, nil, mt.m.Mode.Perm(), a.chown, 0, 0)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && hex.EncodeToString(h.Sum(nil)) != mt.sha {
		err = errors.New("the cached release file changed while it was installed")
	}
	if err != nil {
		_ = a.root.Remove(tmp)
		return "", err
	}
	return tmp, nil
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
	old, err := a.root.Open(mt.rel)
	if err != nil {
		return err
	}
	defer old.Close()
	tmp := b + ".kubenode-copy"
	f, err := a.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, old)
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

// artifactResults reports every artifact and member.
func (a *applier) artifactResults() []ArtifactResult {
	out := make([]ArtifactResult, 0, len(a.artifacts))
	for _, st := range a.artifacts {
		r := ArtifactResult{Name: st.a.Name, URL: st.a.URL, SHA256: st.sha, Source: st.source}
		for _, mt := range st.members {
			mr := MemberResult{Path: mt.m.Path, Change: mt.change, SHA256: mt.sha, OldSHA256: mt.oldSHA, Mode: mt.m.Mode.Perm(), OldMode: mt.oldMode}
			if mt.backup != "" && !a.opts.DryRun {
				mr.Backup = "/" + filepath.ToSlash(mt.backup)
			}
			r.Members = append(r.Members, mr)
		}
		out = append(out, r)
	}
	return out
}
