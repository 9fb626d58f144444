package host

import (
	"os"
	"os/exec"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/testenv"
)

// The facts of this machine agree with what its own tools say: stat for
// the cgroup mode, /proc/swaps, ip_forward, uname -r, and a shell that
// tries to lower its oom_score_adj.
func TestReadThisMachine(t *testing.T) {
	if goruntime.GOOS != "linux" {
		testenv.Missing(t, "the host is %s, not Linux", goruntime.GOOS)
	}
	stat := testenv.Program(t, "stat")
	uname := testenv.Program(t, "uname")
	sh := testenv.Program(t, "sh")
	f, err := Read("/")
	require.NoError(t, err)

	fsType := func(dir string) string {
		out, err := exec.Command(stat, "-fc", "%T", dir).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	want := CgroupUnknown
	switch top := fsType("/sys/fs/cgroup"); {
	case top == "cgroup2fs":
		want = CgroupUnified
	case top != "" && fsType("/sys/fs/cgroup/unified") == "cgroup2fs":
		want = CgroupHybrid
	case top != "":
		want = CgroupV1
	}
	assert.Equal(t, want, f.Cgroup.Mode, "stat -fc %%T /sys/fs/cgroup says %q", fsType("/sys/fs/cgroup"))
	assert.NotNil(t, f.Cgroup.Controllers)

	swaps, err := os.ReadFile("/proc/swaps")
	require.NoError(t, err)
	entries := strings.Count(strings.TrimSpace(string(swaps)), "\n")
	assert.Equal(t, boolOf(entries > 0), f.Swap.On, "/proc/swaps:\n%s", swaps)
	assert.Len(t, f.Swap.Devices, entries)

	forward, err := os.ReadFile("/proc/sys/net/ipv4/ip_forward")
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(forward)), f.Sysctls[SysctlIPForward])

	release, err := exec.Command(uname, "-r").Output()
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(release)), f.KernelRelease)

	require.NotNil(t, f.OOMScoreAdj)
	if *f.OOMScoreAdj == -1000 {
		testenv.Missing(t, "oom_score_adj is already -1000: nothing lower to try")
	}
	// The shell inherits this process's oom_score_adj and capabilities and
	// changes only its own value, gone when it exits.
	err = exec.Command(sh, "-c", `read v < /proc/self/oom_score_adj && echo $((v - 1)) > /proc/self/oom_score_adj`).Run()
	assert.Equal(t, boolOf(err == nil), f.LowerOOMScoreAdj, "a shell lowering its oom_score_adj: %v", err)
}
