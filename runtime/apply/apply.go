package apply

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// BackupBase is the node directory under which Apply keeps, by default, one
// directory per run (named by its UTC time) holding the files it replaced.
const BackupBase = "/var/backups/kubenode"

// Options says where and how [Apply] writes a plan.
type Options struct {
	// Root is the directory the plan's node paths are under: "/" on a live
	// node (the default when empty), an image root for an offline build, a
	// temp dir in tests. It is created when missing.
	Root string
	// DryRun computes the result — diffs, groups, unit steps — without
	// writing, locking or acting; a Manager is only asked for unit states.
	DryRun bool
	// BackupDir is the node path, under Root, where the replaced files are
	// kept (at BackupDir/<their node path>); default BackupBase/<UTC time>.
	BackupDir string
	// Manager takes the systemd steps. Without one Apply writes files only
	// and lists the steps it would have asked for as skipped.
	Manager runtime.Manager
	// CacheDir is the node path, under Root, where release artifacts are
	// downloaded to (default ArtifactCacheDir).
	CacheDir string
	// HTTPClient downloads the artifacts and their checksum files; nil
	// means a client with Go's default transport (which honours
	// HTTPS_PROXY and NO_PROXY).
	HTTPClient *http.Client
	// Progress, when set, is called as each artifact downloads (bytes done
	// and total), and once for an artifact found in the cache.
	Progress func(ArtifactProgress)
}

// Apply writes a plan under opts.Root and brings its units up to date.
//
// Every write is confined to Root through [os.Root]: no path, ".." or
// symbolic link reaches outside it, and a symbolic link in place of a plan
// file is refused rather than followed or replaced. The whole plan is
// checked before anything is written (paths, owners that must exist,
// directories in the way); then each changed file is written to a temp file
// in its directory, fsynced, given its mode and owner, renamed over the old
// one, and the directory fsynced. A file whose content, mode and owner
// already match is not touched at all. A replaced file is first kept in the
// backup directory (a hard link to it when it can be, a copy otherwise).
// If any write fails, every file already replaced is restored, every file
// and directory created is removed, and the first cause is returned: the
// root is left as it was. A lock file (LockPath) keeps two applies on one
// root from interleaving.
//
// The plan's groups that Root lacks are created: with groupadd --system
// when Root is /, and otherwise by adding them to Root's /etc/group (and
// /etc/gshadow when it exists) with the highest free system GID, as
// groupadd would. Owners are set when Apply runs as root; another user
// cannot give files away, so then ownership is neither set nor compared.
//
// After the files: one daemon-reload when a unit file or drop-in changed;
// enable for each enable action whose unit is not enabled; for each start
// or restart action, a restart when a file naming the unit in RestartUnits
// (or its own unit file or drop-in) changed, and a start when a start
// action's unit is not running; and a restart of any other running unit a
// changed file names. A failed unit step stops Apply with the result so far
// and the error; the files stay written.
//
// Release artifacts are fetched after the check and before anything is
// written: each file is downloaded into the cache (CacheDir, resumed when a
// download was cut short, reused when the cache holds it already) and its
// SHA-256 verified before any entry is read; every archive entry is checked
// not to escape (an absolute name, a ".." element, a link pointing out) and
// each member must be a regular file. A download that fails or does not
// verify stops Apply with nothing written. Each member is then installed
// like a file — temp file beside it, fsync, mode, rename, backup of the one
// it replaces — and is left alone when its content and mode already match;
// a failure rolls back members and files together. A member whose content
// changed restarts its RestartUnits like a file does.
//
// With DryRun nothing is written and no release file downloaded (checksum
// files are read): the Result holds each file's diff, each member's change
// (judged against the cache when it holds the release file) and the steps
// that would be taken.
func Apply(ctx context.Context, plan *runtime.Plan, opts Options) (*Result, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	if opts.BackupDir != "" {
		if errs := runtime.ValidateNodePath(field.NewPath("backupDir"), opts.BackupDir); len(errs) > 0 {
			return nil, fmt.Errorf("apply: backup dir: %w", errs[0])
		}
	}
	if opts.CacheDir != "" {
		if errs := runtime.ValidateNodePath(field.NewPath("cacheDir"), opts.CacheDir); len(errs) > 0 {
			return nil, fmt.Errorf("apply: cache dir: %w", errs[0])
		}
	}
	a, err := newApplier(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer a.close()
	if !opts.DryRun {
		release, err := acquireLock(ctx, a.root.root)
		if err != nil {
			return nil, fmt.Errorf("apply: %w", err)
		}
		defer release()
	}
	if err := a.check(plan); err != nil {
		return nil, err
	}
	if err := a.fetchArtifacts(ctx); err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	res := &Result{DryRun: opts.DryRun, Groups: a.newGroups}
	if !opts.DryRun {
		if err := a.commit(ctx); err != nil {
			return nil, err
		}
		res.BackupDir = a.backupDir
	}
	res.Files = a.fileResults()
	res.Artifacts = a.artifactResults()
	res.Units, err = a.unitSteps(ctx, plan)
	return res, err
}

// applier holds one Apply's state: what is on disk, what changes, and how to
// undo what has been done.
type applier struct {
	opts    Options
	rootDir string
	// live is true when Root is the running system's /.
	live bool
	// root is nil only in a dry run over a root that does not exist.
	root *nodeRoot
	// chown is true when the process may set owners.
	chown bool

	users, groups idFile
	newGroups     []string
	targets       []*target
	// artifacts are the plan's artifacts with their members' targets.
	artifacts []*artifactState

	backupDir string
	undo      []func() error
	// dirTimes holds the modification time of each directory Apply
	// changed, from before the change, for a rollback to put back.
	dirTimes map[string]time.Time
	dirOrder []string
}

// target is one file Apply writes: what it should hold and what is there.
type target struct {
	path    string
	rel     string
	content []byte
	mode    fs.FileMode
	owner   string
	group   string
	uid     int
	gid     int // -1 until a group groupadd creates is known
	restart []string

	existing
	old    []byte
	change Change
}

// contentChanged reports whether the file's bytes change (not only its
// mode or owner): what makes a daemon-reload or a restart necessary.
func (t *target) contentChanged() bool {
	return t.change == ChangeCreated || (t.change == ChangeUpdated && string(t.old) != string(t.content))
}

func newApplier(ctx context.Context, opts Options) (*applier, error) {
	rootDir := opts.Root
	if rootDir == "" {
		rootDir = "/"
	}
	abs, err := filepath.Abs(rootDir)
	if err != nil {
		return nil, fmt.Errorf("apply: root %s: %w", rootDir, err)
	}
	a := &applier{opts: opts, rootDir: abs, chown: os.Geteuid() == 0}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		a.live = real == "/"
	}
	if !opts.DryRun {
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, fmt.Errorf("apply: root: %w", err)
		}
	}
	a.root, err = openNodeRoot(ctx, abs)
	if errors.Is(err, fs.ErrNotExist) && opts.DryRun {
		a.root, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("apply: root: %w", err)
	}
	return a, nil
}

func (a *applier) close() {
	if a.root != nil {
		a.root.Close()
	}
}

// rel turns a node path into a path relative to the root.
func rel(nodePath string) string { return filepath.FromSlash(nodePath[1:]) }

func (a *applier) lstat(name string) (fs.FileInfo, error) {
	if a.root == nil {
		return nil, fs.ErrNotExist
	}
	return a.root.Lstat(name)
}

func (a *applier) readFile(nodePath string) ([]byte, error) {
	if a.root == nil {
		return nil, fs.ErrNotExist
	}
	return a.root.ReadFile(rel(nodePath))
}
