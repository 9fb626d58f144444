// Package host reads the facts of a host that decide whether a Kubernetes
// node can run on it: the cgroup mode and controllers, swap, kernel
// modules, the networking sysctls, the kernel release, systemd's version,
// whether this process may lower oom_score_adj and whether it runs in a
// user namespace.
//
// [Read] takes the root directory of the host: "/" on a node, an image
// root, or a directory a test builds. It reads files only, never runs a
// program and never changes anything, so the same code describes a live
// node and a fake one. [Facts] is plain data, so that a caller can put the
// decisions it takes from them in a plan and its golden files; its text
// ([Facts.WriteTo]) is stable, one "NAME: VALUE" per line.
//
// # Unknown is not an error
//
// Each fact may be unknown, and a missing file is never an error: an image
// root has no /proc, a kernel built without modules has no /proc/modules,
// and net.bridge.bridge-nf-call-* exist only while br_netfilter is loaded.
// A yes/no fact is a [Bool] whose zero value is [Unknown]; a string or a
// number is unknown when zero; a list when nil (an empty list is known and
// empty). Read fails only when the root cannot be opened.
//
// # Confined reading
//
// Every file is opened through [os.Root], so no "..", absolute or relative
// symbolic link leads out of the root; a link inside it is followed (on a
// node /proc/self is one). Files are opened with O_NONBLOCK and must be
// regular (procfs and sysfs files are), so a FIFO or a device in a fake
// root neither blocks nor is read; each is read up to [MaxFileSize]. A
// file that exists but is not read this way, or whose content is not what
// the kernel writes, leaves its fact unknown and is listed in
// [Facts.Unreadable] with the reason.
//
// # Where each fact comes from
//
//   - Cgroup mode. When root is "/", from the filesystem types in
//     /proc/self/mountinfo: cgroup2 at /sys/fs/cgroup is unified; a cgroup
//     (v1) hierarchy below /sys/fs/cgroup is hybrid when cgroup2 is at
//     /sys/fs/cgroup/unified, v1 when not. For any other root that file
//     describes the machine reading it, not the root, so it is not read;
//     the files decide instead (and for "/" when the mount table says
//     nothing): /sys/fs/cgroup/cgroup.controllers (a cgroup2 file) is
//     unified; else a directory under /sys/fs/cgroup named after a v1
//     controller (memory, pids, cpu,cpuacct, ...; systemd's named
//     hierarchy does not count) is hybrid when
//     /sys/fs/cgroup/unified/cgroup.controllers exists, v1 when not;
//     anything else is unknown.
//   - Cgroup controllers. Unified: /sys/fs/cgroup/cgroup.controllers. v1
//     and hybrid: the rows of /proc/cgroups that are enabled and attached
//     to a hierarchy.
//   - Swap: the entries of /proc/swaps after its header.
//   - Modules: /proc/modules; built in: modules.builtin under
//     /lib/modules/<release> or /usr/lib/modules/<release>.
//   - Sysctls ([SysctlNames]): their files under /proc/sys.
//   - Kernel release: /proc/sys/kernel/osrelease.
//   - systemd version: the name of libsystemd-shared-<version>*.so in
//     /usr/lib/systemd, /usr/lib64/systemd, /usr/lib/<triplet>/systemd or
//     /lib/systemd. Every systemd binary links that library and its name
//     carries the version, so the version is known without running
//     systemctl, which an image root cannot do.
//   - oom_score_adj: /proc/self/oom_score_adj; whether it may be lowered:
//     CAP_SYS_RESOURCE in CapEff of /proc/self/status, outside a user
//     namespace (see [Facts.LowerOOMScoreAdj]). A sandbox that drops that
//     capability refuses the kubelet's -999 and runc's -998, and pods fail
//     until the runtime is told to restrict oom_score_adj.
//   - User namespace: /proc/self/uid_map is not the identity map
//     "0 0 4294967295".
//
// The /proc/self files describe the process that reads them: on "/" that
// is the caller, which is what a preflight running on the node wants; in a
// directory root they are whatever the directory holds.
package host
