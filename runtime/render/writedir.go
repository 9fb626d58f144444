package render

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kubenode/kubenode/runtime"
)

// WriteDir writes the plan's files under dir (a file at /etc/x lands at
// dir/etc/x) with their modes, creating directories as needed. It is the
// plain writer for examples and tests: it validates the plan first and
// writes nothing when the plan is invalid, but it does not back up, roll
// back, change owners or act on units, nor download anything: a plan's
// artifacts are written as the script [ArtifactScript] renders, at
// ArtifactScriptPath, for the node to run. Writes are confined to dir through
// os.Root, so a symlink inside dir cannot redirect them.
func WriteDir(p *runtime.Plan, dir string, opts ...Option) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	files, _, err := filesWithScript(p, settingsOf(opts))
	if err != nil {
		return err
	}
	for _, f := range files {
		rel := filepath.FromSlash(f.Path[1:])
		if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if err := root.WriteFile(rel, f.Content, f.Mode); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		// WriteFile leaves an existing file's mode alone and applies the umask
		// to a new one; the plan's mode is what must be on disk.
		if err := root.Chmod(rel, f.Mode); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}
