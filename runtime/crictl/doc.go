// Package crictl is crictl.yaml, the configuration of cri-tools' crictl:
// [Config] with [New], [Parse], [Config.Validate], [Config.Render] and
// [Config.PlanFile] (the plan file at [Path]), and [Artifact], crictl's
// release tarball for a version and architecture.
//
// crictl reads /etc/crictl.yaml on every call, so a plan file for it
// restarts no unit. [Parse] is strict: crictl ignores a key it does not know
// without a word, so a misspelt key is an error here.
package crictl
