package apply

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime"
)

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
	changed := func(p string, restart []string) {
		if u := runtime.UnitOfPath(p); u != "" {
			c.reload = true
			touch(u)
		}
		for _, u := range restart {
			touch(u)
		}
	}
	for _, t := range targets {
		if t.contentChanged() {
			changed(t.path, t.restart)
		}
	}
	for _, m := range members {
		if m.contentChanged() {
			changed(m.m.Path, m.m.RestartUnits)
		}
	}
	return c
}

// unitSteps takes (or, in a dry run or without a Manager, lists) the
// systemd steps the changed files and the plan's unit actions call for.
func (a *applier) unitSteps(ctx context.Context, plan *runtime.Plan) ([]UnitStep, error) {
	ch := fileChanges(a.targets, a.memberTargets())
	r := stepRunner{ctx: ctx, m: a.opts.Manager, dryRun: a.opts.DryRun}
	if ch.reload {
		if err := r.do("", runtime.ActionReload); err != nil {
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
		case runtime.ActionEnable:
			if !st.Enabled {
				err = r.do(ua.Unit, runtime.ActionEnable)
			}
		case runtime.ActionStart, runtime.ActionRestart:
			if done[ua.Unit] {
				continue
			}
			done[ua.Unit] = true
			switch {
			case ch.touched[ua.Unit] && ua.Action == runtime.ActionStart && !st.Active:
				err = r.do(ua.Unit, runtime.ActionStart)
			case ch.touched[ua.Unit]:
				err = r.do(ua.Unit, runtime.ActionRestart)
			case ua.Action == runtime.ActionStart && !st.Active:
				err = r.do(ua.Unit, runtime.ActionStart)
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
			if err := r.do(u, runtime.ActionRestart); err != nil {
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
	m      runtime.Manager
	dryRun bool
	steps  []UnitStep
}

func (r *stepRunner) state(unit string) (runtime.UnitState, error) {
	if r.m == nil {
		return runtime.UnitState{}, nil
	}
	st, err := r.m.State(r.ctx, unit)
	if err != nil {
		return st, fmt.Errorf("apply: state of %s: %w", unit, err)
	}
	return st, nil
}

func (r *stepRunner) do(unit string, action runtime.Action) error {
	step := UnitStep{Unit: unit, Action: action, Skipped: r.m == nil && !r.dryRun}
	if r.m == nil || r.dryRun {
		r.steps = append(r.steps, step)
		return nil
	}
	var err error
	switch action {
	case runtime.ActionReload:
		err = r.m.Reload(r.ctx)
	case runtime.ActionEnable:
		err = r.m.Enable(r.ctx, []string{unit})
	case runtime.ActionStart:
		err = r.m.Start(r.ctx, unit)
	case runtime.ActionRestart:
		err = r.m.Restart(r.ctx, unit)
	}
	if errors.Is(err, runtime.ErrSkipped) {
		step.Skipped, err = true, nil
	}
	if err != nil {
		return fmt.Errorf("apply: %s: %w", strings.TrimSpace(string(action)+" "+unit), err)
	}
	r.steps = append(r.steps, step)
	return nil
}
