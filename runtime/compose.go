package runtime

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/kubenode/kubenode/runtime/field"
)

// Compose asks each installer for its plan and merges them in order: files
// and artifacts in order of first appearance, groups and unit actions
// deduplicated. Two installers may write the same path only with identical
// content, mode, owner and group, or, for an artifact member, from the same
// release file entry with the same mode (the member is then installed once);
// a file and an artifact member never share a path. Otherwise Compose fails
// with a [field.ErrConflict] whose bad value is the two installers' names.
// An installer's own failure comes back as an [*InstallerError]. The merged
// plan is validated before it is returned.
func Compose(ctx context.Context, installers ...Installer) (*Plan, error) {
	return compose(ctx, installers, false)
}

// ComposeInPlace is [Compose] for installers that hand out the plan their
// constructor rendered through [InstalledPlan] or an [ArtifactInstaller]
// (as kubenode's own installers do) and whose Plan methods do not change a
// plan another installer's Plan returned to them (a wrapper that appends
// to its inner installer's plan must go through Compose). Those plans are
// read where they are instead of copied for the merge, and the merged plan
// gets its own copy of every file's content and restart units, made at
// once: it returns what Compose returns, with one copy of each file
// instead of two.
func ComposeInPlace(ctx context.Context, installers ...Installer) (*Plan, error) {
	return compose(context.WithValue(ctx, inPlace{}, true), installers, true)
}

// ComposeOwned is [ComposeInPlace] for installers made for this one call
// and dropped after it, whose plans own what their files hold: no file's
// content or restart list is shared with another file, a caller's value or
// a package's variable (kubenode's own installers build theirs so). The
// merged plan then takes the files as they are, without the copy
// ComposeInPlace makes, and is still the caller's own. A Node's Plan, which
// builds its installers, composes them with it and keeps none, uses it.
func ComposeOwned(ctx context.Context, installers ...Installer) (*Plan, error) {
	return compose(context.WithValue(ctx, inPlace{}, true), installers, false)
}

// inPlace marks the context of ComposeInPlace's and ComposeOwned's
// installers.
type inPlace struct{}

// readInPlace reports whether ctx is ComposeInPlace's or ComposeOwned's,
// which read an installer's plan made once where it is.
func readInPlace(ctx context.Context) bool { return ctx.Value(inPlace{}) != nil }

// compose merges the installers' plans; copyFiles gives the merged plan
// its own copy of the files' contents and restart units, when the plans
// are the installers' own.
func compose(ctx context.Context, installers []Installer, copyFiles bool) (*Plan, error) {
	// The plans are asked for first, so that the merged lists are made
	// once at their final size instead of growing.
	plans := make([]*Plan, len(installers))
	var nFiles, nUnits int
	for i, in := range installers {
		p, err := in.Plan(ctx)
		if err != nil {
			return nil, &InstallerError{Installer: in.Name(), Err: err}
		}
		plans[i] = p
		nFiles += len(p.Files)
		nUnits += len(p.Units)
	}
	merged := &Plan{}
	if nFiles > 0 {
		merged.Files = make([]File, 0, nFiles)
	}
	if nUnits > 0 {
		merged.Units = make([]UnitAction, 0, nUnits)
	}
	// writer names the installer whose file at path the merged plan
	// holds: the first whose plan has one (a later one's file is merged
	// into it or refused). It is looked up only for a conflict, so a
	// valid composition keeps no map of writers.
	writer := func(path string) string {
		for i, p := range plans {
			if p.File(path) != nil {
				return installers[i].Name()
			}
		}
		return ""
	}
	groups := map[string]bool{}
	// A node's few unit actions are compared with each other; a long list
	// is hashed.
	var units map[UnitAction]bool
	if nUnits > 16 {
		units = make(map[UnitAction]bool, nUnits)
	}
	claims := map[string]memberClaim{}
	var errs field.ErrorList
	for i, in := range installers {
		p := plans[i]
		for _, f := range p.Files {
			if c, ok := claims[f.Path]; ok {
				errs = append(errs, field.Conflict(field.NewPath("files").Key(f.Path), []string{c.installer, in.Name()},
					fmt.Sprintf("the first installs a binary there from %s, the second writes a file", merged.Artifacts[c.artifact].URL)))
				continue
			}
			prev := merged.File(f.Path)
			if prev == nil {
				merged.Files = append(merged.Files, f)
				continue
			}
			if sameFile(*prev, f) {
				prev.RestartUnits = union(prev.RestartUnits, f.RestartUnits)
			} else {
				errs = append(errs, field.Conflict(field.NewPath("files").Key(f.Path), []string{writer(f.Path), in.Name()},
					"two installers write different files to one path"))
			}
		}
		errs = append(errs, mergeArtifacts(merged, p.Artifacts, in.Name(), writer, claims)...)
		for _, g := range p.Groups {
			if !groups[g] {
				groups[g] = true
				merged.Groups = append(merged.Groups, g)
			}
		}
		for _, u := range p.Units {
			if units != nil {
				if units[u] {
					continue
				}
				units[u] = true
			} else if slices.Contains(merged.Units, u) {
				continue
			}
			merged.Units = append(merged.Units, u)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if copyFiles {
		copyFileData(merged.Files)
	}
	if err := merged.Validate(); err != nil {
		return nil, err
	}
	return merged, nil
}

func sameFile(a, b File) bool {
	return a.Mode == b.Mode && a.OwnerName() == b.OwnerName() && a.GroupName() == b.GroupName() && bytes.Equal(a.Content, b.Content)
}

// union appends to a the elements of b it lacks, keeping order.
func union(a, b []string) []string {
	a = slices.Clip(a)
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

// memberClaim records which artifact member of the merged plan installs a
// path, and which installer asked for it.
type memberClaim struct {
	installer        string
	artifact, member int
}

// mergeArtifacts adds an installer's artifacts to the merged plan. A member
// whose path is already claimed from the same source is dropped (its
// RestartUnits joined to the first); one from another source, or at a path
// a file takes, is a conflict. An artifact left without members is dropped.
func mergeArtifacts(merged *Plan, arts []Artifact, name string, writer func(path string) string, claims map[string]memberClaim) field.ErrorList {
	var errs field.ErrorList
	for _, a := range arts {
		var keep []Member
		for _, m := range a.Members {
			// The path is built only for a conflict.
			p := func() *field.Path { return field.NewPath("artifacts").Key(a.Name).Child("members").Key(m.Path) }
			if merged.File(m.Path) != nil {
				errs = append(errs, field.Conflict(p(), []string{writer(m.Path), name},
					fmt.Sprintf("the first writes a file there, the second installs a binary from %s", a.URL)))
				continue
			}
			c, ok := claims[m.Path]
			if !ok {
				keep = append(keep, Member{Name: m.Name, Path: m.Path, Mode: m.Mode, RestartUnits: slices.Clone(m.RestartUnits)})
				continue
			}
			prev := &merged.Artifacts[c.artifact]
			pm := &prev.Members[c.member]
			if sameSource(*prev, *pm, a, m) {
				pm.RestartUnits = union(pm.RestartUnits, m.RestartUnits)
				continue
			}
			errs = append(errs, field.Conflict(p(), []string{c.installer, name},
				fmt.Sprintf("two installers install different binaries there (%s %s, %s %s)", prev.URL, pm.Name, a.URL, m.Name)))
		}
		if len(keep) == 0 {
			continue
		}
		a.Members = keep
		merged.Artifacts = append(merged.Artifacts, a)
		for i, m := range keep {
			claims[m.Path] = memberClaim{installer: name, artifact: len(merged.Artifacts) - 1, member: i}
		}
	}
	return errs
}

// InstallerError is an installer's failure to plan, as [Compose] returns
// it: errors.As tells which installer failed; errors.Is and field.AsList
// see through it.
type InstallerError struct {
	Installer string // the installer's Name
	Err       error
}

// Error prefixes the installer's error with its name.
func (e *InstallerError) Error() string { return e.Installer + ": " + e.Err.Error() }

// Unwrap returns the installer's error.
func (e *InstallerError) Unwrap() error { return e.Err }
