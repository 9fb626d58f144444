package runtime

import (
	"context"
	"io/fs"
	"slices"

	"github.com/kubenode/kubenode/runtime/field"
)

// File is one file a plan writes on a node.
type File struct {
	// Path is the absolute, clean path on the node, such as
	// /etc/containerd/config.toml.
	Path string
	// Mode holds the permission bits (0644, 0600, 0755); no type or setuid
	// bits.
	Mode fs.FileMode
	// Owner and Group name the owning user and group; empty means root.
	Owner string
	Group string
	// Content is the whole file.
	Content []byte
	// RestartUnits names the units to restart when this file changes: the
	// daemons that read it only at start; empty for a file read on every
	// use (hosts.toml, crictl.yaml).
	RestartUnits []string
}

// Action is what a plan does to a systemd unit.
type Action string

// The unit actions, applied in plan order.
const (
	// ActionEnable enables the unit (its [Install] section's symlinks).
	ActionEnable Action = "enable"
	// ActionStart starts the unit if it is not running.
	ActionStart Action = "start"
	// ActionRestart restarts the unit when a file it reads changed.
	ActionRestart Action = "restart"
)

// ActionReload is the daemon-reload taken once when a unit file or drop-in
// changed; a plan cannot ask for it (it is not among [Actions]).
const ActionReload Action = "daemon-reload"

// Actions lists every Action, for validation and documentation.
var Actions = []Action{ActionEnable, ActionStart, ActionRestart}

// UnitAction is one action on one unit.
type UnitAction struct {
	// Unit is a unit name with its suffix: containerd.service, docker.socket.
	Unit string
	// Action is what to do to it.
	Action Action
}

// OwnerName is the file's owning user, root when Owner is empty.
func (f *File) OwnerName() string { return orRoot(f.Owner) }

// GroupName is the file's group, root when Group is empty.
func (f *File) GroupName() string { return orRoot(f.Group) }

func orRoot(name string) string {
	if name == "" {
		return "root"
	}
	return name
}

// EnableAndStart is the unit actions that bring each unit up at boot and
// now, in order: enable it, then start it.
func EnableAndStart(units ...string) []UnitAction {
	out := make([]UnitAction, 0, 2*len(units))
	for _, u := range units {
		out = append(out, UnitAction{Unit: u, Action: ActionEnable}, UnitAction{Unit: u, Action: ActionStart})
	}
	return out
}

// Plan is everything a component needs on a node, as data: files to write,
// release artifacts whose binaries to install, system groups that must
// exist, and ordered unit actions. A plan does nothing by itself:
// runtime/apply writes it, runtime/render ships it.
type Plan struct {
	Files     []File
	Artifacts []Artifact
	Groups    []string
	Units     []UnitAction
}

// Installer is implemented by each component: it validates its
// configuration, renders its files and returns the plan that sets it up.
type Installer interface {
	// Name identifies the installer in errors, e.g. "containerd".
	Name() string
	// Plan validates and renders. A non-nil error means no plan.
	Plan(ctx context.Context) (*Plan, error)
}

// File returns the file the plan writes at path, or nil.
func (p *Plan) File(path string) *File {
	for i := range p.Files {
		if p.Files[i].Path == path {
			return &p.Files[i]
		}
	}
	return nil
}

// NewPlan returns p once it is valid (Plan.Validate): how an installer's
// constructor ends the plan it renders once, for InstalledPlan to copy.
func NewPlan(p Plan) (*Plan, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// InstalledPlan is the Plan method of an installer that rendered its plan
// once, in its constructor: ctx's error when ctx is done, a required error
// at name when plan is nil (not made by its constructor), else a copy, or
// plan itself for [ComposeInPlace], which copies what it keeps, and for
// [ComposeOwned], whose caller drops the installer.
func InstalledPlan(ctx context.Context, plan *Plan, name string) (*Plan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if plan == nil {
		return nil, field.ErrorList{field.Required(field.NewPath(name), "an Installer from NewInstaller")}.Err()
	}
	if readInPlace(ctx) {
		return plan, nil
	}
	return plan.Clone(), nil
}

// Clone returns a deep copy of the plan, which the caller may change.
func (p *Plan) Clone() *Plan {
	if p == nil {
		return nil
	}
	out := &Plan{
		Artifacts: cloneArtifacts(p.Artifacts),
		Groups:    slices.Clone(p.Groups),
		Units:     slices.Clone(p.Units),
		Files:     slices.Clone(p.Files),
	}
	copyFileData(out.Files)
	if p.Artifacts == nil {
		out.Artifacts = nil
	}
	return out
}

// copyFileData gives the files copies of their contents and restart
// units. Every file's content and restart units are copied into one buffer
// each, cut with full slice expressions so that appending to one file's
// slice cannot write into the next's: a copy costs two allocations, not
// two per file. A nil content or list stays nil.
func copyFileData(files []File) {
	var contentLen, unitsLen int
	for _, f := range files {
		contentLen += len(f.Content)
		unitsLen += len(f.RestartUnits)
	}
	// Made even when empty (no allocation then), so an empty content stays
	// empty, not nil.
	content := make([]byte, 0, contentLen)
	units := make([]string, 0, unitsLen)
	for i := range files {
		f := &files[i]
		if f.Content != nil {
			start := len(content)
			content = append(content, f.Content...)
			f.Content = content[start:len(content):len(content)]
		}
		if f.RestartUnits != nil {
			start := len(units)
			units = append(units, f.RestartUnits...)
			f.RestartUnits = units[start:len(units):len(units)]
		}
	}
}
