// Package inspect is what Lint's component checks share: a node's files as
// its daemons read them, and the shape of what each check reports.
//
// Each component reads its own files on a [Node] and returns a [Report],
// judged for a [Target] release:
//
//	func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report
//
// # Node
//
// A Node reads files by their node paths from an fs.FS rooted at the
// node's /, following symbolic links inside that root, so an image or a
// chroot is read as the machine that boots it would (a unit linked to
// /dev/null is masked, [ErrMasked]). It loads units as systemd does: the
// first file along systemd.UnitSearchPath, then its drop-ins in systemd's
// order, lists grown and reset, each value remembered with the file and
// index that wrote it, so a problem of the effective unit is reported in
// the drop-in that caused it ([Unit.Locate]). A service's command line
// comes with its Environment= and EnvironmentFile= variables substituted
// ([Node.CommandLine]). A unit is loaded once per Node, and what is wrong
// with reading it is a finding of the Node's, reported once.
//
// A node's files may be hostile: a Node reads only regular files, up to a
// cap per kind ([MaxFileSize], [MaxUnitSize]), never opens a named pipe or
// a device, and never leaves the node's root ([OpenDirFS] holds that even
// while the tree changes). A file or directory it cannot read is a finding
// of its own, and listed ([Node.Unreadable]) so that Lint claims nothing
// that rests on not having read it.
//
// # Report
//
// A [Report] holds the [Finding]s, each in the file that holds the
// problem at the path in that file's own syntax, and what the checks that
// span components read: the release judged for, the CRI [Server] a runtime
// runs and the CRI [Client] the kubelet or crictl is, with each value
// [Located] where the node sets it. A release not given is assumed and
// said so ([Report.Assume]), so nobody mistakes a judgement for another
// release for one of theirs.
//
// The root package's Lint runs the components' checks, then compares the
// servers and clients: endpoints, cgroup drivers, pause images, releases,
// socket activation and unit ordering.
package inspect
