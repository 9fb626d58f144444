package runtime

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/kubenode/kubenode/runtime/field"
)

// Compose asks each installer for its plan and merges them in order: files
// in order of first appearance, groups and unit actions deduplicated. Two
// installers may write the same path only with identical content, mode,
// owner and group; otherwise Compose fails with an [field.ErrConflict] that
// names both. The merged plan is validated before it is returned.
func Compose(ctx context.Context, installers ...Installer) (*Plan, error) {
	merged := &Plan{}
	writer := map[string]string{}
	groups := map[string]bool{}
	units := map[UnitAction]bool{}
	var errs field.ErrorList
	for _, in := range installers {
		p, err := in.Plan(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name(), err)
		}
		for _, f := range p.Files {
			prev := merged.File(f.Path)
			if prev == nil {
				merged.Files = append(merged.Files, f)
				writer[f.Path] = in.Name()
				continue
			}
			if sameFile(*prev, f) {
				prev.RestartUnits = union(prev.RestartUnits, f.RestartUnits)
			} else {
				errs = append(errs, field.Conflict(field.NewPath("files").Key(f.Path), f.Path,
					fmt.Sprintf("installers %q and %q write different files to one path", writer[f.Path], in.Name())))
			}
		}
		for _, g := range p.Groups {
			if !groups[g] {
				groups[g] = true
				merged.Groups = append(merged.Groups, g)
			}
		}
		for _, u := range p.Units {
			if !units[u] {
				units[u] = true
				merged.Units = append(merged.Units, u)
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := merged.Validate(); err != nil {
		return nil, err
	}
	return merged, nil
}

func sameFile(a, b File) bool {
	return a.Mode == b.Mode && owner(a.Owner) == owner(b.Owner) && owner(a.Group) == owner(b.Group) && bytes.Equal(a.Content, b.Content)
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

// owner treats an empty owner or group as root.
func owner(s string) string {
	if s == "" {
		return "root"
	}
	return s
}
