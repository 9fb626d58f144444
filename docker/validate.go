package docker

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Validate judges the file for dockerd release target started with
// unitFlags, the arguments of the unit's dockerd command line without the
// program (for the packaged unit: -H fd:// --containerd=/run/containerd/containerd.sock).
// It returns every problem at once: errors (err, a field.ErrorList) for what
// stops dockerd or breaks containers, and warnings for deprecated keys,
// keys kubenode passes through without checking them, and options dockerd
// ignores. It changes nothing and reads nothing from the host.
func (c *DaemonConfig) Validate(target runtime.Version, unitFlags []string) (warnings field.ErrorList, err error) {
	var errs field.ErrorList
	if verrs := targetRelease.Check(target); len(verrs) > 0 {
		return nil, verrs.Err()
	}
	errs = append(errs, c.validateStructure()...)
	w, e := c.validateKeys(target)
	warnings, errs = append(warnings, w...), append(errs, e...)
	flags, ferrs := parseDockerdFlags(target, unitFlags)
	errs = append(errs, ferrs...)
	errs = append(errs, c.validateFlagConflicts(flags)...)
	w, e = c.validateValues(target)
	warnings, errs = append(warnings, w...), append(errs, e...)
	return warnings, errs.Err()
}

// validateStructure checks what makes the file itself wrong whatever the
// release: an Extra key that repeats a typed one, an Extra value that is not
// JSON.
func (c *DaemonConfig) validateStructure() field.ErrorList {
	var errs field.ErrorList
	for _, k := range slices.Sorted(maps.Keys(c.Extra)) {
		if _, typed := typedKeys[k]; typed {
			errs = append(errs, field.Duplicate(field.NewPath(k), k))
			continue
		}
		if !json.Valid(c.Extra[k]) {
			errs = append(errs, field.Invalid(field.NewPath(k), string(c.Extra[k]), "not a JSON value"))
		}
	}
	return errs
}

// validateKeys checks every key the file sets against what target knows.
func (c *DaemonConfig) validateKeys(target runtime.Version) (warnings, errs field.ErrorList) {
	for _, k := range c.Keys() {
		p := field.NewPath(k)
		d, known := lookupKey(k)
		switch {
		case !known:
			errs = append(errs, field.Unknown(p, fmt.Sprintf("dockerd %s does not know this key and refuses to start", target)))
			continue
		case d.AddedAfter(target):
			errs = append(errs, field.Unknown(p, fmt.Sprintf("dockerd %s does not know this key (added in %s) and refuses to start", target, d.Since)))
			continue
		case d.RemovedIn(target):
			errs = append(errs, field.Removed(p, k, fmt.Sprintf("removed in dockerd %s, which refuses to start with it; %s", d.Removed, d.hint)))
			continue
		case d.DeprecatedIn(target):
			detail := "deprecated since dockerd " + d.Deprecated.String()
			if d.ignored {
				detail += " and ignored"
			}
			warnings = append(warnings, field.Deprecated(p, k, detail+"; "+d.hint))
			continue
		}
		if _, typed := typedKeys[k]; !typed {
			warnings = append(warnings, field.Unknown(p, "dockerd "+target.String()+" knows this key; kubenode passes it through unchecked"))
		}
	}
	return warnings, errs
}

// validateFlagConflicts reports each key that a flag of the unit also sets:
// dockerd refuses to start when a directive comes from both.
func (c *DaemonConfig) validateFlagConflicts(flags []unitFlag) field.ErrorList {
	var errs field.ErrorList
	set := map[string]bool{}
	for _, k := range c.Keys() {
		set[k] = true
	}
	reported := map[string]bool{}
	for _, f := range flags {
		key := f.d.key
		if key == "" || f.d.noConflict || !set[key] || reported[key] {
			continue
		}
		reported[key] = true
		errs = append(errs, field.Conflict(field.NewPath(key), f.name+" "+f.value,
			fmt.Sprintf("the unit's dockerd command line sets %s too; dockerd refuses a directive given both as a flag and in daemon.json", f.name)))
	}
	// dockerd 20.10 reads "graph" as data-root and, with --data-root also
	// given, silently keeps the file's; 23.0 refuses "graph" outright.
	if set["graph"] {
		for _, f := range flags {
			if f.d.key == "data-root" {
				errs = append(errs, field.Conflict(field.NewPath("graph"), f.name+" "+f.value,
					"graph sets the data root too; dockerd 20.10 silently prefers the file's graph over "+f.name))
			}
		}
		if set["data-root"] {
			errs = append(errs, field.Conflict(field.NewPath("graph"), "data-root", `dockerd refuses both "graph" and "data-root"`))
		}
	}
	return errs
}
