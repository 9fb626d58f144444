package manager

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// Offline manages the units of a root that is not booted: an image being
// built, a chroot. Enable writes the symlinks of the units' Install
// sections ([systemd.Install]) under Root/etc/systemd/system exactly as
// `systemctl --root=Root enable` does; Reload, Start and Restart are
// skipped (they return [runtime.ErrSkipped], which Apply records), since
// nothing runs.
type Offline struct {
	// Root is the directory the node's / is at.
	Root string
}

var _ runtime.Manager = Offline{}

// Reload is skipped: no systemd runs in the root.
func (m Offline) Reload(context.Context) error { return skipped("daemon-reload") }

// Start is skipped: no systemd runs in the root.
func (m Offline) Start(_ context.Context, unit string) error { return skipped("start " + unit) }

// Restart is skipped: no systemd runs in the root.
func (m Offline) Restart(_ context.Context, unit string) error {
	return skipped("restart " + unit)
}

func skipped(what string) error { return fmt.Errorf("systemd: %s: %w", what, runtime.ErrSkipped) }

// Enable creates, for each unit and each unit its Also= names, a link to
// the unit's file (as a node path) in <target>.wants/ for each WantedBy=,
// in <unit>.requires/ for each RequiredBy=, and one per Alias=, all under
// Root/etc/systemd/system. A link already there and pointing at the unit is
// kept; one pointing elsewhere is an error, as systemctl refuses to
// overwrite it.
func (m Offline) Enable(_ context.Context, units []string) error {
	links, err := m.links(units)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(m.Root)
	if err != nil {
		return fmt.Errorf("systemd: offline root: %w", err)
	}
	defer root.Close()
	for _, l := range links {
		rel := filepath.FromSlash(l.path[1:])
		if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
			return fmt.Errorf("systemd: enable: %w", err)
		}
		old, err := root.Readlink(rel)
		switch {
		case err == nil && old == l.target:
			continue
		case err == nil:
			return fmt.Errorf("systemd: enable: %s links to %s already, not %s", l.path, old, l.target)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("systemd: enable: %s: %w", l.path, err)
		}
		if err := root.Symlink(l.target, rel); err != nil {
			return fmt.Errorf("systemd: enable: %w", err)
		}
	}
	return nil
}

// State: nothing is active in a root that is not booted; a unit is enabled
// when every link Enable would make is there.
func (m Offline) State(_ context.Context, unit string) (runtime.UnitState, error) {
	links, err := m.links([]string{unit})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return runtime.UnitState{}, nil
		}
		return runtime.UnitState{}, err
	}
	root, err := os.OpenRoot(m.Root)
	if err != nil {
		return runtime.UnitState{}, fmt.Errorf("systemd: offline root: %w", err)
	}
	defer root.Close()
	for _, l := range links {
		if old, err := root.Readlink(filepath.FromSlash(l.path[1:])); err != nil || old != l.target {
			return runtime.UnitState{}, nil
		}
	}
	return runtime.UnitState{Enabled: true}, nil
}

// link is one symlink enabling a unit: at path, pointing at target.
type link struct{ path, target string }

// links lists the symlinks enabling units and the units their Also= names.
func (m Offline) links(units []string) ([]link, error) {
	var out []link
	seen := map[string]bool{}
	queue := append([]string(nil), units...)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		if strings.Contains(name, "@") {
			return nil, fmt.Errorf("systemd: enable %s: template units are not supported offline", name)
		}
		file, unit, err := m.find(name)
		if err != nil {
			return nil, err
		}
		in := unit.Install
		if in == nil {
			continue // static: nothing to enable
		}
		for _, t := range afterReset(in.WantedBy) {
			out = append(out, link{path.Join(systemd.SystemDir, t+".wants", name), file})
		}
		for _, t := range afterReset(in.RequiredBy) {
			out = append(out, link{path.Join(systemd.SystemDir, t+".requires", name), file})
		}
		for _, a := range afterReset(in.Alias) {
			out = append(out, link{path.Join(systemd.SystemDir, a), file})
		}
		queue = append(queue, afterReset(in.Also)...)
	}
	return out, nil
}

// find returns the node path of a unit's file, the first along
// systemd.UnitSearchPath, and the file parsed.
func (m Offline) find(name string) (string, *systemd.UnitFile, error) {
	root, err := os.OpenRoot(m.Root)
	if err != nil {
		return "", nil, fmt.Errorf("systemd: offline root: %w", err)
	}
	defer root.Close()
	for _, dir := range systemd.UnitSearchPath {
		p := path.Join(dir, name)
		data, err := root.ReadFile(filepath.FromSlash(p[1:]))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("systemd: read %s: %w", p, err)
		}
		u, err := systemd.ParseUnitFile(name, data)
		if err != nil {
			return "", nil, fmt.Errorf("systemd: %s: %w", p, err)
		}
		return p, u, nil
	}
	return "", nil, fmt.Errorf("systemd: unit %s: no unit file under %s: %w", name, m.Root, fs.ErrNotExist)
}

// afterReset returns the elements of a unit list that systemd keeps: those
// after its last empty assignment, which resets the list.
func afterReset(list []string) []string {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == "" {
			return list[i+1:]
		}
	}
	return list
}
