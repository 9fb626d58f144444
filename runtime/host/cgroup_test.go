package host

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// procCgroups is this machine's /proc/cgroups: hybrid, four controllers
// attached to no hierarchy.
const procCgroups = `#subsys_name	hierarchy	num_cgroups	enabled
cpuset	3	1	1
cpu	1	1	1
cpuacct	2	1	1
blkio	7	1	1
memory	4	42	1
devices	5	1	1
freezer	6	1	1
net_cls	0	1	1
perf_event	0	1	1
net_prio	0	1	1
hugetlb	0	1	1
pids	8	1	0
`

// v1Dirs are a v1 host's controller hierarchies, cpu and cpuacct
// co-mounted, plus systemd's named one.
var v1Dirs = map[string]string{
	"sys/fs/cgroup/cpu,cpuacct/": "",
	"sys/fs/cgroup/memory/":      "",
	"sys/fs/cgroup/systemd/":     "",
	"proc/cgroups":               procCgroups,
}

func TestCgroupFromFiles(t *testing.T) {
	v1Controllers := []string{"blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory"}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  Cgroup
	}{
		{"unified", map[string]string{
			"sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
			"sys/fs/cgroup/system.slice/":      "",
		}, Cgroup{CgroupUnified, []string{"cpu", "cpuset", "hugetlb", "io", "memory", "misc", "pids", "rdma"}}},
		{"unified without controllers", map[string]string{
			"sys/fs/cgroup/cgroup.controllers": "",
		}, Cgroup{CgroupUnified, []string{}}},
		{"hybrid", with(v1Dirs, map[string]string{
			"sys/fs/cgroup/unified/cgroup.controllers": "",
		}), Cgroup{CgroupHybrid, v1Controllers}},
		{"v1", v1Dirs, Cgroup{CgroupV1, v1Controllers}},
		{"v1 without /proc/cgroups", map[string]string{
			"sys/fs/cgroup/pids/": "",
		}, Cgroup{CgroupV1, nil}},
		{"only systemd's hierarchies", map[string]string{
			"sys/fs/cgroup/systemd/":                   "",
			"sys/fs/cgroup/unified/cgroup.controllers": "",
		}, Cgroup{}},
		{"a controller's name on a file", map[string]string{
			"sys/fs/cgroup/memory": "",
		}, Cgroup{}},
		{"empty /sys/fs/cgroup of an image", map[string]string{
			"sys/fs/cgroup/": "",
			"proc/cgroups":   procCgroups,
		}, Cgroup{}},
		{"nothing", nil, Cgroup{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := readRoot(t, tc.files)
			assert.Equal(t, tc.want, f.Cgroup)
			assert.Empty(t, f.Unreadable)
		})
	}
}

func TestCgroupModeV1(t *testing.T) {
	assert.Equal(t, Yes, CgroupV1.V1())
	assert.Equal(t, Yes, CgroupHybrid.V1())
	assert.Equal(t, No, CgroupUnified.V1())
	assert.Equal(t, Unknown, CgroupUnknown.V1())
}

func TestMalformedProcCgroups(t *testing.T) {
	f := readRoot(t, with(v1Dirs, map[string]string{"proc/cgroups": "memory 4 1\n"}))
	assert.Equal(t, Cgroup{Mode: CgroupV1}, f.Cgroup)
	assert.Equal(t, []Unreadable{{"/proc/cgroups", Malformed}}, f.Unreadable)
}

// Lines of this machine's mountinfo (hybrid).
const (
	tmpfsTop   = "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	v1Memory   = "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	v1Systemd  = "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	unified2   = "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	cgroup2Top = "30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"
	rootMount  = "23 1 8:1 / / rw,relatime shared:1 master:2 - ext4 /dev/sda1 rw\n"
)

func TestParseMountinfo(t *testing.T) {
	for _, tc := range []struct {
		name, mountinfo string
		want            CgroupMode
	}{
		{"unified", rootMount + cgroup2Top, CgroupUnified},
		{"hybrid", rootMount + tmpfsTop + v1Memory + v1Systemd + unified2, CgroupHybrid},
		{"v1", rootMount + tmpfsTop + v1Memory + v1Systemd, CgroupV1},
		{"cgroup2 unified without v1", rootMount + tmpfsTop + unified2, CgroupUnknown},
		{"cgroup2 mounted over v1", rootMount + tmpfsTop + v1Memory + cgroup2Top, CgroupUnified},
		{"tmpfs mounted over v1", rootMount + tmpfsTop + v1Memory + tmpfsTop, CgroupUnknown},
		{"no cgroups", rootMount, CgroupUnknown},
		{"v1 elsewhere", rootMount + "50 23 0:40 / /mnt/cg rw - cgroup cgroup rw,memory\n", CgroupUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := parseMountinfo(tc.mountinfo)
			require.True(t, ok)
			assert.Equal(t, tc.want, m.mode())
		})
	}
	for _, bad := range []string{
		"31 23 0:28 / /sys/fs/cgroup rw,relatime tmpfs tmpfs rw\n", // no separator
		"31 23 0:28 / - tmpfs tmpfs rw\n",                          // too few fields before it
		"31 23 0:28 / /sys/fs/cgroup rw,relatime -\n",              // no type after it
	} {
		_, ok := parseMountinfo(rootMount + bad)
		assert.False(t, ok, bad)
	}
}

// liveCgroup is the cgroup a reader finds in files taken as this
// machine's "/", whose mountinfo is read first.
func liveCgroup(t *testing.T, files map[string]string) (Cgroup, []Unreadable) {
	t.Helper()
	root, err := os.OpenRoot(fakeRoot(t, files))
	require.NoError(t, err)
	defer root.Close()
	r := &reader{root: root}
	return r.cgroup(true), r.unreadable
}

// On "/" the mount table decides over the files; when it says nothing or
// cannot be read, the files decide.
func TestCgroupOfLiveRoot(t *testing.T) {
	hybridMounts := rootMount + tmpfsTop + v1Memory + unified2
	c, skipped := liveCgroup(t, with(v1Dirs, map[string]string{"proc/self/mountinfo": hybridMounts}))
	assert.Equal(t, CgroupHybrid, c.Mode, "the mounts say hybrid, the files v1")
	assert.Equal(t, []string{"blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory"}, c.Controllers)
	assert.Empty(t, skipped)

	c, skipped = liveCgroup(t, with(v1Dirs, map[string]string{"proc/self/mountinfo": rootMount}))
	assert.Equal(t, CgroupV1, c.Mode, "no cgroup mount: the files decide")
	assert.Empty(t, skipped)

	c, skipped = liveCgroup(t, with(v1Dirs, map[string]string{"proc/self/mountinfo": "garbage\n"}))
	assert.Equal(t, CgroupV1, c.Mode, "an unreadable mount table: the files decide")
	assert.Equal(t, []Unreadable{{"/proc/self/mountinfo", Malformed}}, skipped)
}

// A directory root's own mountinfo describes the machine reading it, not
// the root: it is never read.
func TestMountinfoOfDirectoryRootIgnored(t *testing.T) {
	f := readRoot(t, with(v1Dirs, map[string]string{"proc/self/mountinfo": rootMount + cgroup2Top}))
	assert.Equal(t, CgroupV1, f.Cgroup.Mode)
}
