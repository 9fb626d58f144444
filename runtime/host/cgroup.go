package host

import (
	"slices"
	"strconv"
	"strings"
)

// The cgroup mount points, relative to the root.
const (
	cgroupDir  = "sys/fs/cgroup"
	unifiedDir = "sys/fs/cgroup/unified"
)

// v1Controllers are the cgroup v1 controllers whose hierarchies the file
// rule looks for under /sys/fs/cgroup (a co-mounted hierarchy is named
// after all of them: cpu,cpuacct).
var v1Controllers = []string{
	"blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb",
	"memory", "misc", "net_cls", "net_prio", "perf_event", "pids", "rdma",
}

// cgroup reads the cgroup mode and its controllers. live says the root is
// this machine's "/", whose mount table tells the filesystem types.
func (r *reader) cgroup(live bool) Cgroup {
	mode := CgroupUnknown
	if live {
		mode = r.cgroupModeFromMounts()
	}
	if mode == CgroupUnknown {
		mode = r.cgroupModeFromFiles()
	}
	c := Cgroup{Mode: mode}
	switch mode {
	case CgroupUnified:
		if data, ok := r.file(cgroupDir + "/cgroup.controllers"); ok {
			c.Controllers = sortedSet(strings.Fields(string(data)))
		}
	case CgroupV1, CgroupHybrid:
		// nil when unknown: parseProcCgroups returns a list otherwise.
		c.Controllers, _ = parsed(r, "proc/cgroups", parseProcCgroups)
	}
	return c
}

// cgroupModeFromMounts decides the mode from the filesystem types mounted
// at /sys/fs/cgroup and below, as /proc/self/mountinfo lists them.
func (r *reader) cgroupModeFromMounts() CgroupMode {
	m, _ := parsed(r, "proc/self/mountinfo", parseMountinfo)
	return m.mode()
}

// cgroupMounts is what the mount table says about cgroups.
type cgroupMounts struct {
	top     string // the type mounted at /sys/fs/cgroup, "" when none
	unified string // the type mounted at /sys/fs/cgroup/unified
	v1      bool   // a cgroup (v1) hierarchy is mounted below /sys/fs/cgroup
}

// mode decides the mode: cgroup2 at /sys/fs/cgroup is unified; a v1
// hierarchy below it is v1, or hybrid with cgroup2 at
// /sys/fs/cgroup/unified; anything else is unknown.
func (m cgroupMounts) mode() CgroupMode {
	switch {
	case m.top == "cgroup2":
		return CgroupUnified
	case m.v1 && m.unified == "cgroup2":
		return CgroupHybrid
	case m.v1:
		return CgroupV1
	}
	return CgroupUnknown
}

// parseMountinfo reads the cgroup mounts of a mountinfo file (proc(5)):
// "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE
// SUPEROPTIONS". A later line at the same mount point is mounted over the
// earlier one, so it wins. Mount points are compared as written: the
// kernel escapes only space, tab, newline and backslash, which the
// cgroup paths do not hold. It returns false for a line it cannot read.
func parseMountinfo(s string) (cgroupMounts, bool) {
	var m cgroupMounts
	for l := range strings.Lines(s) {
		fields := strings.Fields(l)
		if len(fields) == 0 {
			continue
		}
		sep := slices.Index(fields, "-")
		if sep < 6 || sep+1 >= len(fields) {
			return cgroupMounts{}, false
		}
		point, fstype := fields[4], fields[sep+1]
		switch {
		case point == "/"+cgroupDir:
			m.top = fstype
			// A filesystem mounted over /sys/fs/cgroup hides what was
			// mounted below it.
			m.unified, m.v1 = "", false
		case point == "/"+unifiedDir:
			m.unified = fstype
		case strings.HasPrefix(point, "/"+cgroupDir+"/") && fstype == "cgroup":
			m.v1 = true
		}
	}
	return m, true
}

// cgroupModeFromFiles decides the mode from the files under
// /sys/fs/cgroup, for a root that is not this machine's "/":
// cgroup.controllers at its top is unified (only cgroup2 has that file);
// else a v1 controller directory (see hasV1Dirs) is hybrid when
// unified/cgroup.controllers exists and v1 when not; anything else is
// unknown.
func (r *reader) cgroupModeFromFiles() CgroupMode {
	switch {
	case r.isFile(cgroupDir + "/cgroup.controllers"):
		return CgroupUnified
	case !r.hasV1Dirs():
		return CgroupUnknown
	case r.isFile(unifiedDir + "/cgroup.controllers"):
		return CgroupHybrid
	}
	return CgroupV1
}

// hasV1Dirs is whether /sys/fs/cgroup holds a directory named after a v1
// controller, or after several joined by commas (cpu,cpuacct).
func (r *reader) hasV1Dirs() bool {
	for _, name := range r.dirNames(cgroupDir) {
		for c := range strings.SplitSeq(name, ",") {
			if slices.Contains(v1Controllers, c) && r.isDir(cgroupDir+"/"+name) {
				return true
			}
		}
	}
	return false
}

// parseProcCgroups reads the controllers of /proc/cgroups that are enabled
// and attached to a hierarchy (hierarchy 0 is none, or cgroup2): its
// "#subsys_name hierarchy num_cgroups enabled"
// rows and returns the names of those enabled with a hierarchy, sorted;
// false for a row that is not a name and three numbers.
func parseProcCgroups(s string) ([]string, bool) {
	names := []string{}
	for l := range strings.Lines(s) {
		fields := strings.Fields(l)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 4 {
			return nil, false
		}
		var n [3]uint64
		for i, f := range fields[1:] {
			v, err := strconv.ParseUint(f, 10, 32)
			if err != nil {
				return nil, false
			}
			n[i] = v
		}
		if n[0] != 0 && n[2] == 1 {
			names = append(names, fields[0])
		}
	}
	return sortedSet(names), true
}
