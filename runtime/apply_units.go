package runtime

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// UnitDirs are the directories systemd loads system units from; a file
// in one of them, or in a "<unit>.d" directory below one, is a unit file or
// drop-in, whose change needs a daemon-reload.
var UnitDirs = []string{
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
}

// UnitOfPath returns the unit a node path defines (/etc/systemd/system/
// containerd.service) or extends (/etc/systemd/system/containerd.service.d/
// 10-x.conf), or "" when the path is neither.
func UnitOfPath(p string) string {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	for _, d := range UnitDirs {
		if dir == d && validUnitName(base) {
			return base
		}
		if path.Dir(dir) == d && strings.HasSuffix(base, ".conf") {
			if u := strings.TrimSuffix(path.Base(dir), ".d"); u != path.Base(dir) && validUnitName(u) {
				return u
			}
		}
	}
	return ""
}

// changes is what the written files mean for the units.
type changes struct {
	reload  bool
	touched map[string]bool
	// order lists the touched units in the order files named them.
	order []string
}

// fileChanges finds the units whose files' or installed binaries' content
// changed.
func fileChanges(targets []*target, members []*memberTarget) changes {
	c := changes{touched: map[string]bool{}}
	touch := func(u string) {
		if !c.touched[u] {
			c.touched[u] = true
			c.order = append(c.order, u)
		}
	}
	for _, t := range targets {
		if !t.contentChanged() {
			continue
		}
		if u := UnitOfPath(t.path); u != "" {
			c.reload = true
			touch(u)
		}
		for _, u := range t.restart {
			touch(u)
		}
	}
	for _, m := range members {
		if !m.contentChanged() {
			continue
		}
		if u := UnitOfPath(m.m.Path); u != "" {
			c.reload = true
			touch(u)
		}
		for _, u := range m.m.RestartUnits {
			touch(u)
		}
	}
	return c
}

// unitSteps takes (or, in a dry run or without a Manager, lists) the
// systemd steps the changed files and the plan's unit actions call for.
func (a *applier) unitSteps(ctx context.Context, plan *Plan) ([]UnitStep, error) {
	ch := fileChanges(a.targets, a.memberTargets())
	r := stepRunner{ctx: ctx, m: a.opts.Manager, dryRun: a.opts.DryRun}
	if ch.reload {
		if err := r.do("", ActionReload); err != nil {
			return r.steps, err
		}
	}
	inPlan := map[string]bool{}
	done := map[string]bool{}
	for _, ua := range plan.Units {
		inPlan[ua.Unit] = true
		st, err := r.state(ua.Unit)
		if err != nil {
			return r.steps, err
		}
		switch ua.Action {
		case ActionEnable:
			if !st.Enabled {
				err = r.do(ua.Unit, ActionEnable)
			}
		case ActionStart, ActionRestart:
			if done[ua.Unit] {
				continue
			}
			done[ua.Unit] = true
			switch {
			case ch.touched[ua.Unit] && ua.Action == ActionStart && !st.Active:
				err = r.do(ua.Unit, ActionStart)
			case ch.touched[ua.Unit]:
				err = r.do(ua.Unit, ActionRestart)
			case ua.Action == ActionStart && !st.Active:
				err = r.do(ua.Unit, ActionStart)
			}
		}
		if err != nil {
			return r.steps, err
		}
	}
	// A running daemon whose file changed restarts even when the plan does
	// not manage it.
	for _, u := range ch.order {
		if inPlan[u] || r.m == nil {
			continue
		}
		st, err := r.state(u)
		if err != nil {
			return r.steps, err
		}
		if st.Active {
			if err := r.do(u, ActionRestart); err != nil {
				return r.steps, err
			}
		}
	}
	return r.steps, nil
}

// stepRunner records each step and, unless it is a dry run or there is no
// Manager, takes it.
type stepRunner struct {
	ctx    context.Context
	m      Manager
	dryRun bool
	steps  []UnitStep
}

func (r *stepRunner) state(unit string) (UnitState, error) {
	if r.m == nil {
		return UnitState{}, nil
	}
	st, err := r.m.State(r.ctx, unit)
	if err != nil {
		return st, fmt.Errorf("apply: state of %s: %w", unit, err)
	}
	return st, nil
}

func (r *stepRunner) do(unit string, action Action) error {
	step := UnitStep{Unit: unit, Action: action, Skipped: r.m == nil && !r.dryRun}
	if r.m == nil || r.dryRun {
		r.steps = append(r.steps, step)
		return nil
	}
	var err error
	switch action {
	case ActionReload:
		err = r.m.Reload(r.ctx)
	case ActionEnable:
		err = r.m.Enable(r.ctx, []string{unit})
	case ActionStart:
		err = r.m.Start(r.ctx, unit)
	case ActionRestart:
		err = r.m.Restart(r.ctx, unit)
	}
	if errors.Is(err, ErrSkipped) {
		step.Skipped, err = true, nil
	}
	if err != nil {
		return fmt.Errorf("apply: %s: %w", strings.TrimSpace(string(action)+" "+unit), err)
	}
	r.steps = append(r.steps, step)
	return nil
}
