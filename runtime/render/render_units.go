package render

import "github.com/kubenode/kubenode/runtime"

// renderUnit is what a renderer does for one unit: the plan's actions on it
// and the files whose change restarts it.
type renderUnit struct {
	name string
	// enable, start and restart say which actions the plan has for it;
	// inPlan is false for a unit only a file's RestartUnits names.
	enable, start, restart, inPlan bool
	// files are the indexes of the plan files that restart it.
	files []int
	// members are the paths of the artifact members that restart it.
	members []string
}

// renderUnits lists the plan's units in order of first mention (unit
// actions first, then units only files name, then units only artifact
// members name), with the files that restart each: those naming it in
// RestartUnits, and its own unit file and drop-ins; and the members naming
// it. It is the same rule Apply follows.
func renderUnits(p *runtime.Plan) []*renderUnit {
	var units []*renderUnit
	byName := map[string]*renderUnit{}
	get := func(name string) *renderUnit {
		if u := byName[name]; u != nil {
			return u
		}
		u := &renderUnit{name: name}
		byName[name] = u
		units = append(units, u)
		return u
	}
	for _, a := range p.Units {
		u := get(a.Unit)
		u.inPlan = true
		switch a.Action {
		case runtime.ActionEnable:
			u.enable = true
		case runtime.ActionStart:
			u.start = true
		case runtime.ActionRestart:
			u.restart = true
		}
	}
	for i, f := range p.Files {
		names := f.RestartUnits
		if own := runtime.UnitOfPath(f.Path); own != "" {
			names = append([]string{own}, names...)
		}
		for _, n := range names {
			u := get(n)
			if len(u.files) == 0 || u.files[len(u.files)-1] != i {
				u.files = append(u.files, i)
			}
		}
	}
	for _, a := range p.Artifacts {
		for _, m := range a.Members {
			for _, n := range m.RestartUnits {
				u := get(n)
				u.members = append(u.members, m.Path)
			}
		}
	}
	return units
}

// hasUnitFile reports whether the plan writes a unit file or drop-in, so a
// fresh node needs a daemon-reload.
func hasUnitFile(p *runtime.Plan) bool {
	for _, f := range p.Files {
		if runtime.UnitOfPath(f.Path) != "" {
			return true
		}
	}
	return false
}

// bootSteps are the systemctl steps for a node where every plan file is
// new (cloud-init's first boot), in the order Apply takes them: reload when
// there are unit files, then the plan's unit actions in order, a start or
// restart becoming a restart when files restart the unit.
func bootSteps(p *runtime.Plan) []runtime.UnitAction {
	var steps []runtime.UnitAction
	if hasUnitFile(p) {
		steps = append(steps, runtime.UnitAction{Action: runtime.ActionReload})
	}
	units := map[string]*renderUnit{}
	for _, u := range renderUnits(p) {
		units[u.name] = u
	}
	done := map[string]bool{}
	for _, a := range p.Units {
		u := units[a.Unit]
		switch {
		case a.Action == runtime.ActionEnable:
			steps = append(steps, runtime.UnitAction{Unit: u.name, Action: runtime.ActionEnable})
		case done[u.name]:
		case len(u.files) > 0 || len(u.members) > 0:
			steps = append(steps, runtime.UnitAction{Unit: u.name, Action: runtime.ActionRestart})
		case a.Action == runtime.ActionStart:
			steps = append(steps, runtime.UnitAction{Unit: u.name, Action: runtime.ActionStart})
		}
		if a.Action != runtime.ActionEnable {
			done[u.name] = true
		}
	}
	return steps
}
