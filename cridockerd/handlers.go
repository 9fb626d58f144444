package cridockerd

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// RuntimeHandlersSince is the first cri-dockerd release that runs a pod
// whose RuntimeClass names a handler with the Docker runtime of that name
// (daemon.json's runtimes, see docker.WithRuntimeHandlers): its PR #350,
// merged 2024-04, first released in 0.4.0. Earlier releases fail such a
// pod's sandbox ("RuntimeHandler ... not supported").
//
// 0.4.2 and 0.4.3 lack it again: they were cut from the release/0.3 branch,
// which never had it, not from the 0.4.0 and 0.4.1 line.
var RuntimeHandlersSince = runtime.NewVersion(0, 4, 0)

// releaseBranch04 is the first release of cri-dockerd's release/0.4
// branch, which was cut from release/0.3, not from the main branch that
// 0.4.0 and 0.4.1 were released from; SupportedVersions ends in it.
var releaseBranch04 = runtime.NewVersion(0, 4, 2)

// fromMainBranch reports whether release v was cut from cri-dockerd's main
// branch (0.4.0 and 0.4.1), with its RuntimeClass handlers and its need
// for Docker's API 1.42.
func fromMainBranch(v runtime.Version) bool {
	return v.AtLeast(RuntimeHandlersSince) && v.Before(releaseBranch04)
}

// DefaultHandler is the handler cri-dockerd takes for Docker's default
// runtime (default-runtime), whatever daemon.json names it.
const DefaultHandler = "docker"

// ValidateRuntimeHandlers checks that cri-dockerd release v runs pods with
// the RuntimeClass handlers names, each the name of a Docker runtime:
// every name is refused, at p.<name>, by a release before
// RuntimeHandlersSince or by 0.4.2 and 0.4.3, which refuse the pods'
// sandboxes. A handler named "docker" is refused by every release: it is
// cri-dockerd's name for Docker's default runtime, so a runtime of that
// name would never be used.
func ValidateRuntimeHandlers(p *field.Path, v runtime.Version, names []string) field.ErrorList {
	var errs field.ErrorList
	supported := fromMainBranch(v)
	for _, name := range names {
		np := p.Key(name)
		switch {
		case name == DefaultHandler:
			errs = append(errs, field.Forbidden(np, name, `cri-dockerd runs handler "docker" with Docker's default runtime; name the handler otherwise, or make it the default`))
		case !supported:
			e := field.NotSupported(np, v.String(), []string{"0.4.0", "0.4.1"})
			e.Detail = "cri-dockerd " + v.String() + " refuses every pod whose RuntimeClass names a handler; 0.4.0 and 0.4.1 run handler " +
				name + " with the Docker runtime of that name (0.4.2 and 0.4.3 come from the 0.3 branch, without it); " + e.Detail
			errs = append(errs, e)
		}
	}
	return errs
}
