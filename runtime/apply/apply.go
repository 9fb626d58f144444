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
	// AllowCrossHostRedirects lets a download follow a redirect to another
	// host, or from https to http. By default such a redirect is refused
	// (ErrCrossHostRedirect), so the bytes come from the hosts the plan
	// names; upstream bases do redirect (github.com's release assets and
	// dl.k8s.io to their CDNs), so a plan without a mirror needs it.
	AllowCrossHostRedirects bool
}

// Apply writes a plan under opts.Root and brings its units up to date,
// as the package documentation describes: the plan is validated and checked
// whole, its artifacts fetched and verified, then every changed file and
// binary written atomically, with a backup of what it replaces. A failed
// write undoes every change and returns the cause, matching [ErrRolledBack];
// a failed unit step returns the result so far, the files staying written.
// With opts.DryRun nothing is written and the Result says what would change.
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
		if err != nil { // a *LockError
			return nil, fmt.Errorf("apply: %w", err)
		}
		defer release()
	}
	if err := a.check(ctx, plan); err != nil {
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
	// restoreFailed is set when a rollback failed to undo a step: from
	// then on it keeps every backup.
	restoreFailed bool
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
