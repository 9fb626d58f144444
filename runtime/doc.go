// Package runtime is the vocabulary every kubenode component shares: a
// [Plan] of files, release [Artifact]s, system groups and unit actions; the
// [Installer] each component implements and [Compose], which merges
// installers ([ComposeInPlace] and [ComposeOwned] without copying the plans
// kubenode's own installers made); [Plan.Txtar], the form golden tests pin; [Version] and
// [Lifecycle]; the [Manager] a service manager implements; and the values
// that cross component lines (image references, CRI endpoints, cgroup
// drivers, registry mirrors) with their checks.
//
// What acts on a plan has moved beside it: runtime/apply writes it to a
// node (Apply, backups and rollback, unit steps, release downloads);
// runtime/render ships it as a shell script, cloud-init, Ignition, a tar or
// a directory; runtime/upstream turns a project's published release files
// into Artifacts; runtime/inspect reads an existing node for Lint;
// runtime/crictl is crictl.yaml; runtime/field holds problems and their
// paths; runtime/plantest compares a plan with a golden file.
// runtime imports none of them but runtime/field, so all can import it.
package runtime
