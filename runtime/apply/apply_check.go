package apply

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The files Apply edits to add system groups when Root is not /.
const (
	groupFile   = "/etc/group"
	gshadowFile = "/etc/gshadow"
)

// check reads what is under the root for every file of the plan and decides
// what changes, collecting every problem before anything is written.
func (a *applier) check(ctx context.Context, plan *runtime.Plan) error {
	var errs field.ErrorList
	passwd, err := a.readIDFile("/etc/passwd")
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	a.users = parseIDFile(passwd)
	groupData, err := a.readIDFile(groupFile)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	a.groups = parseIDFile(groupData)
	pending := map[string]bool{}
	for _, g := range plan.Groups {
		if _, ok := a.groups.lookup(g); !ok {
			a.newGroups = append(a.newGroups, g)
			pending[g] = true
		}
	}
	if len(a.newGroups) > 0 && !a.live {
		if err := a.planGroupFiles(groupData); err != nil {
			return err
		}
		clear(pending)
	}

	for i, f := range plan.Files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("apply: %w", err)
		}
		fp := field.NewPath("files").Index(i)
		t := &target{path: f.Path, rel: rel(f.Path), content: f.Content, mode: f.Mode.Perm(),
			owner: f.OwnerName(), group: f.GroupName(), restart: f.RestartUnits, gid: -1}
		uid, ok := a.users.lookup(f.Owner)
		if !ok {
			errs = append(errs, field.Invalid(fp.Child("owner"), f.Owner, "no such user in the root's /etc/passwd"))
		}
		t.uid = uid
		if gid, ok := a.groups.lookup(f.Group); ok {
			t.gid = gid
		} else if !pending[f.Group] {
			errs = append(errs, field.Invalid(fp.Child("group"), f.Group, "no such group in the root's /etc/group, and the plan does not create it"))
		}
		if err := a.inspect(t); err != nil {
			errs = append(errs, field.Invalid(fp.Child("path"), f.Path, err.Error()))
			continue
		}
		a.targets = append(a.targets, t)
	}
	errs = append(errs, a.checkMembers(plan)...)
	if err := errs.Err(); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	return nil
}

// planGroupFiles adds targets that append the new groups to the root's
// /etc/group and, when it exists, /etc/gshadow, with the GIDs groupadd
// --system would choose.
func (a *applier) planGroupFiles(groupData []byte) error {
	var groupLines, shadowLines strings.Builder
	for _, g := range a.newGroups {
		gid, err := a.groups.freeSystemGID()
		if err != nil {
			return fmt.Errorf("apply: group %s: %w", g, err)
		}
		a.groups[g] = gid
		groupLines.WriteString(groupLine(g, gid))
		shadowLines.WriteString(gshadowLine(g))
	}
	files := []struct {
		path  string
		lines string
	}{{groupFile, groupLines.String()}, {gshadowFile, shadowLines.String()}}
	for _, f := range files {
		t := &target{path: f.path, rel: rel(f.path), mode: 0o644, owner: "root", group: "root"}
		if err := a.inspect(t); err != nil {
			return fmt.Errorf("apply: %s: %w", f.path, err)
		}
		if !t.exists && f.path == gshadowFile {
			continue // a root without shadow groups keeps none
		}
		if t.exists {
			// Keep the file's own mode and owner (/etc/gshadow is 0640
			// root:shadow on Debian).
			t.mode, t.uid, t.gid = t.oldMode, t.oldUID, t.oldGID
			t.owner, t.group = a.idName(a.users, t.uid), a.idName(a.groups, t.gid)
		}
		t.content = appendLines(t.old, f.lines)
		a.decide(t)
		a.targets = append(a.targets, t)
	}
	return nil
}

// idName turns an ID back into its name for reports.
func (a *applier) idName(ids idFile, id int) string {
	if id == 0 {
		return "root"
	}
	names := make([]string, 0, 1)
	for n, v := range ids {
		if v == id {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Sprint(id)
	}
	slices.Sort(names)
	return names[0]
}

// inspect reads what is at the target's path: its directories must be
// directories inside the root, and the file itself absent or a regular file.
func (a *applier) inspect(t *target) error {
	var err error
	if t.existing, err = a.inspectPath(t.rel); err != nil {
		return err
	}
	if !t.exists {
		t.change = ChangeCreated
		return nil
	}
	// A plan may read back as much as it writes.
	limit := oldFileLimit
	limit.bytes = max(limit.bytes, int64(len(t.content)))
	if t.old, err = a.root.readRegular(t.rel, limit, t.fi); err != nil {
		return err
	}
	a.decide(t)
	return nil
}

// existing is what a path Apply writes held before: whether it exists,
// and if so its mode, owner and modification time.
type existing struct {
	// fi is what Lstat said, so that what is read is the file checked.
	fi       fs.FileInfo
	exists   bool
	oldMode  fs.FileMode
	oldUID   int
	oldGID   int
	oldMTime time.Time
}

// inspectPath checks that every directory above rel is a directory inside
// the root and that rel is absent or a regular file, and says which.
func (a *applier) inspectPath(rel string) (existing, error) {
	if err := a.checkParents(rel); err != nil {
		return existing{}, err
	}
	fi, err := a.lstat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return existing{}, nil
	case err != nil:
		return existing{}, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return existing{}, errors.New("is a symbolic link; Apply replaces only regular files")
	case !fi.Mode().IsRegular():
		return existing{}, notRegular(fi.Mode())
	}
	e := existing{fi: fi, exists: true, oldMode: fi.Mode().Perm(), oldMTime: fi.ModTime()}
	e.oldUID, e.oldGID, _ = fileOwner(fi)
	return e, nil
}

// checkParents checks that every existing directory above a path is a
// directory inside the root.
func (a *applier) checkParents(name string) error {
	parts := strings.Split(name, string(filepath.Separator))
	for i := 1; i < len(parts); i++ {
		dir := filepath.Join(parts[:i]...)
		fi, err := a.lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			// os.Root follows a link that stays inside the root and refuses
			// one that leaves it.
			if fi, err = a.root.Stat(dir); err != nil {
				return err
			}
		}
		if !fi.IsDir() {
			return fmt.Errorf("/%s is not a directory", filepath.ToSlash(dir))
		}
	}
	return nil
}

// decide compares what is there with what the plan wants.
func (a *applier) decide(t *target) {
	switch {
	case !t.exists:
		t.change = ChangeCreated
	case string(t.old) != string(t.content) || t.oldMode != t.mode:
		t.change = ChangeUpdated
	case a.chown && (t.oldUID != t.uid || t.oldGID != t.gid):
		t.change = ChangeUpdated
	default:
		t.change = ChangeUnchanged
	}
}

// fileResults reports every target, with diffs.
func (a *applier) fileResults() []FileResult {
	out := make([]FileResult, 0, len(a.targets))
	for _, t := range a.targets {
		r := FileResult{Path: t.path, Change: t.change, Mode: t.mode, Owner: t.owner + ":" + t.group}
		if t.exists {
			r.OldMode = t.oldMode
			r.OldOwner = r.Owner // not managed when Apply cannot set owners
			if a.chown {
				r.OldOwner = a.idName(a.users, t.oldUID) + ":" + a.idName(a.groups, t.oldGID)
			}
		}
		if t.change != ChangeUnchanged {
			from := t.path
			if !t.exists {
				from = "/dev/null"
			}
			old, content := t.old, t.content
			if runtime.SecretMode(t.mode) || (t.exists && runtime.SecretMode(t.oldMode)) {
				// A secret's file shows a digest of each side, never its bytes.
				if t.exists {
					old = runtime.RedactedContent(old)
				}
				content = runtime.RedactedContent(content)
			}
			r.Diff = UnifiedDiff(from, t.path, old, content)
		}
		if t.change == ChangeUpdated && a.backupDir != "" && !a.opts.DryRun {
			r.Backup = a.backupDir + t.path
		}
		out = append(out, r)
	}
	return out
}
