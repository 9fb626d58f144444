package systemd

import (
	"math"

	"github.com/kubenode/kubenode/runtime/field"
)

// Unit is the [Unit] section: what the unit is and how it relates to
// others. Every list renders one line per element. An empty element is the
// empty assignment, which clears the list built so far, except in the
// dependency lists (Requires through After): systemd ignores an empty
// dependency line, since a dependency can be added by a drop-in but never
// removed, so Validate refuses one there.
type Unit struct {
	// Description is Description=, the human-readable name systemctl shows.
	Description string
	// Documentation is Documentation=: URIs (https://, man:, info:, file:)
	// of the unit's documentation.
	Documentation []string
	// Requires is Requires=: units started with this one; if one of them
	// fails to start, this one is not started.
	Requires []string
	// Requisite is Requisite=: units that must already be active.
	Requisite []string
	// Wants is Wants=: units started with this one, whose failure is
	// tolerated.
	Wants []string
	// BindsTo is BindsTo=: like Requires=, and this unit stops when one of
	// them stops.
	BindsTo []string
	// PartOf is PartOf=: units whose stop and restart propagate to this
	// one.
	PartOf []string
	// Conflicts is Conflicts=: units stopped when this one starts.
	Conflicts []string
	// Before is Before=: units that start after this one. Requires=, Wants=
	// and the like do not order; only Before= and After= do.
	Before []string
	// After is After=: units this one starts after. Two units ordered after
	// each other form a cycle that systemd breaks by dropping a job.
	After []string
	// StartLimitIntervalSec is StartLimitIntervalSec= (default 10s, from
	// DefaultStartLimitIntervalSec=): the window StartLimitBurst counts
	// starts in; "0" disables rate limiting. It belongs here, not in
	// [Service], where only the old name StartLimitInterval= is read.
	StartLimitIntervalSec Timespan
	// StartLimitBurst is StartLimitBurst= (default 5): how many starts the
	// interval allows before systemd refuses to start the unit again.
	StartLimitBurst *int
	// ConditionPathExists is ConditionPathExists=: absolute paths that must
	// exist for the unit to start; "!" before the path negates, "|" makes
	// the condition one of a set of which any may hold. An empty element
	// clears every condition set before it, not only this key's.
	ConditionPathExists []string
	// Extra holds [Unit] keys not modelled here, in order.
	Extra []Option
}

var unitCodec = &sectionCodec[Unit]{
	name:  "Unit",
	extra: func(u *Unit) *[]Option { return &u.Extra },
	keys: []keyDef[Unit]{
		textKey("Description", func(u *Unit) *string { return &u.Description }, checkValue),
		listKey("Documentation", func(u *Unit) *[]string { return &u.Documentation }, true, checkDocumentation),
		dependencyKey("Requires", func(u *Unit) *[]string { return &u.Requires }),
		dependencyKey("Requisite", func(u *Unit) *[]string { return &u.Requisite }),
		dependencyKey("Wants", func(u *Unit) *[]string { return &u.Wants }),
		dependencyKey("BindsTo", func(u *Unit) *[]string { return &u.BindsTo }),
		dependencyKey("PartOf", func(u *Unit) *[]string { return &u.PartOf }),
		dependencyKey("Conflicts", func(u *Unit) *[]string { return &u.Conflicts }),
		dependencyKey("Before", func(u *Unit) *[]string { return &u.Before }),
		dependencyKey("After", func(u *Unit) *[]string { return &u.After }),
		textKey("StartLimitIntervalSec", func(u *Unit) *Timespan { return &u.StartLimitIntervalSec }, checkTimespan),
		intKey("StartLimitBurst", func(u *Unit) **int { return &u.StartLimitBurst }, 0, math.MaxInt32),
		listKey("ConditionPathExists", func(u *Unit) *[]string { return &u.ConditionPathExists }, false, checkConditionPath),
	},
}

// IsDependency reports whether key is one of the [Unit] dependency lists
// (Requires=, Requisite=, Wants=, BindsTo=, PartOf=, Conflicts=, Before=,
// After=), where systemd ignores an empty assignment instead of resetting
// the list: a drop-in can add a dependency, never remove one.
func IsDependency(key string) bool {
	switch key {
	case "Requires", "Requisite", "Wants", "BindsTo", "PartOf", "Conflicts", "Before", "After":
		return true
	}
	return false
}

// dependencyKey is a [Unit] dependency list (Requires=, After=, ...): unit
// names, several to a line. systemd reads an empty line of these keys as
// nothing at all, not as a reset, so an empty element is refused rather
// than rendered as a reset that would not happen.
func dependencyKey(name string, get func(*Unit) *[]string) keyDef[Unit] {
	k := listKey(name, get, true, checkUnitName)
	check := k.check
	k.check = func(u *Unit, section *field.Path) field.ErrorList {
		errs := check(u, section)
		for i, v := range *get(u) {
			if v == "" {
				errs = append(errs, field.Forbidden(section.Child(name).Index(i), v,
					"systemd ignores an empty "+name+"= line: a dependency cannot be reset, only added; to drop one, replace the whole unit"))
			}
		}
		return errs
	}
	return k
}
