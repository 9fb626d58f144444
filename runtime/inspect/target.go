package inspect

import "github.com/kubenode/kubenode/runtime"

// Target is the release a component's files are judged for.
//
// A zero Version is one not given: Inspect then assumes the release the
// files suggest, or the component's default, and says so with a warning
// (Report.Assume). Given tells a release the user gave from one a caller
// chose itself; only a given release is judged against the kubelet's.
type Target struct {
	// Version is the component's release, or zero.
	Version runtime.Version
	// Kubernetes is the release of the kubelet the component serves, or
	// zero when none was given.
	Kubernetes runtime.Version
	// Given is whether Version is the user's.
	Given bool
}
