// Package inspecttest is the one way kubenode's tests match the Findings
// of Lint and of each component's Inspect: by severity, by the node file,
// and by the problem as [fieldtest] matches it (sentinel, path in the
// file's own syntax, optionally the bad value). It never looks at message
// text, which is for people and may change.
//
// The path matched is the one the problem carries, Finding.Err's: a unit's
// path begins with the unit file's name ("kubelet.service [Service]
// Restart", "kubelet.service.d/10-kubeadm.conf [Service] ExecStart"),
// which Finding.Path, a display string, leaves out.
//
//	inspecttest.RequireFindings(t, findings,
//		inspecttest.Error("/etc/docker/daemon.json", field.ErrRemoved, "graph"),
//		inspecttest.Warning(unit, field.ErrRequired, "kubelet.service [Service] Restart"))
//
// It also builds the nodes such tests inspect: a plan's files ([PlanFS],
// [InstallerFS]) or files given inline ([NodeFS]), changed with [Set] and
// [Edit], or by a table case's [Change].
package inspecttest
