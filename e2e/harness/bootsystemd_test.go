package harness_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
)

// TestBootSystemdIsConfined boots the namespaced systemd and checks that
// it runs as PID 1 of its namespace, that its /tmp and root are its own,
// and that once stopped it leaves no mount and no cgroup on the host.
func TestBootSystemdIsConfined(t *testing.T) {
	mountsBefore := mountPoints(t)
	sentinel, err := os.CreateTemp("", "kubenode-host-tmp-*")
	require.NoError(t, err)
	sentinel.Close()
	defer os.Remove(sentinel.Name())

	var cgroupDirs []string
	t.Run("boot", func(t *testing.T) {
		s := harness.BootSystemd(t)
		assert.Equal(t, "systemd\n", s.Run(t, "cat", "/proc/1/comm"), "systemd is PID 1 of the namespace")
		comm, err := os.ReadFile(filepath.Join("/proc", itoa(s.PID), "comm"))
		require.NoError(t, err)
		assert.Equal(t, "systemd\n", string(comm))
		assert.Contains(t, s.Run(t, "systemctl", "is-active", harness.TestTarget), "active")

		// Its /tmp is a fresh tmpfs: the host's files are not there, and
		// what it writes never reaches the host.
		_, err = os.Stat(s.Path(sentinel.Name()))
		assert.ErrorIs(t, err, os.ErrNotExist)
		s.Run(t, "touch", "/tmp/from-namespace", "/etc/kubenode-from-namespace")
		_, err = os.Stat("/tmp/from-namespace")
		assert.ErrorIs(t, err, os.ErrNotExist)
		_, err = os.Stat("/etc/kubenode-from-namespace")
		assert.ErrorIs(t, err, os.ErrNotExist)
		assert.Contains(t, s.Run(t, "findmnt", "-n", "-o", "FSTYPE", "/"), "overlay")

		// Its cgroups are its own.
		cg := s.Run(t, "cat", "/proc/1/cgroup")
		assert.Contains(t, cg, ":/init.scope", "systemd sees its cgroup namespace's root")
		for _, l := range strings.Split(string(must(os.ReadFile(filepath.Join("/proc", itoa(s.PID), "cgroup")))), "\n") {
			if _, p, ok := strings.Cut(l, "::"); ok {
				cgroupDirs = append(cgroupDirs, p)
				assert.Contains(t, p, "kubenode-test-", "seen from the host it is under the test's cgroup")
			}
		}
	})
	_, err = os.Stat(sentinel.Name())
	assert.NoError(t, err, "the host's /tmp is intact")
	assert.Equal(t, mountsBefore, mountPoints(t), "no mount leaked into the host")
	for _, p := range cgroupDirs {
		_, err := os.Stat(filepath.Join("/sys/fs/cgroup/unified", p))
		assert.ErrorIs(t, err, os.ErrNotExist, "cgroup %s removed", p)
	}
}

func mountPoints(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("/proc/self/mountinfo")
	require.NoError(t, err)
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) > 4 {
			out = append(out, f[4])
		}
	}
	return out
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat("", 0) + fmtInt(i))
}

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
