package harness_test

import (
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
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

		// By default the network namespace is the host's, and the units
		// that set sysctls or load modules are masked.
		assert.Equal(t, must(os.Readlink("/proc/self/ns/net")), strings.TrimSpace(s.Run(t, "readlink", "/proc/self/ns/net")))
		assert.Equal(t, "LoadState=masked\n\nLoadState=masked\n",
			s.Run(t, "systemctl", "show", "-p", "LoadState", "systemd-sysctl.service", "systemd-modules-load.service"))

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

// TestBootSystemdOwnNetwork boots with OwnNetwork and AllowSysctl: systemd
// and every command run inside have a network namespace of their own,
// systemd-sysctl.service is loaded while systemd-modules-load.service stays
// masked, systemd-sysctl finds no file to read, and the host's sysctl.d
// files are still there.
func TestBootSystemdOwnNetwork(t *testing.T) {
	hostFiles := sysctlFiles(t)
	require.NotEmpty(t, hostFiles, "the host has sysctl.d files for AllowSysctl to hide")
	hostNet := must(os.Readlink("/proc/self/ns/net"))

	s := harness.BootSystemd(t, harness.OwnNetwork(), harness.AllowSysctl())
	inside := strings.TrimSpace(s.Run(t, "readlink", "/proc/self/ns/net"))
	assert.NotEqual(t, hostNet, inside, "a command inside is in another network namespace")
	assert.Equal(t, must(os.Readlink(filepath.Join("/proc", itoa(s.PID), "ns", "net"))), inside, "the one systemd runs in")
	assert.Equal(t, []string{"lo"}, interfaces(s.Run(t, "cat", "/proc/net/dev")), "only its own loopback inside")

	assert.Equal(t, "LoadState=loaded\n\nLoadState=masked\n",
		s.Run(t, "systemctl", "show", "-p", "LoadState", "systemd-sysctl.service", "systemd-modules-load.service"))
	assert.Empty(t, s.CatConfig(t, "sysctl.d"), "systemd-sysctl reads no file of the host's")
	for _, f := range hostFiles {
		_, err := os.Stat(s.Path(f))
		assert.ErrorIs(t, err, os.ErrNotExist, "%s hidden inside", f)
	}
	assert.Equal(t, hostFiles, sysctlFiles(t), "the host's sysctl.d files are untouched")
}

// TestAllowSysctlNeedsOwnNetwork: AllowSysctl alone would let
// systemd-sysctl set the host's own network sysctls; BootSystemd refuses it
// before it boots anything.
func TestAllowSysctlNeedsOwnNetwork(t *testing.T) {
	r := &stopRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		harness.BootSystemd(r, harness.AllowSysctl())
		r.stopped = "returned"
	}()
	<-done
	assert.Equal(t, "Fatalf", r.stopped)
	assert.Contains(t, r.msg, "OwnNetwork")
}

// stopRecorder notes the first call that would stop or go on with a test,
// and ends the goroutine there instead of the test.
type stopRecorder struct {
	testing.TB
	stopped, msg string
}

func (r *stopRecorder) Helper() {}

func (r *stopRecorder) Fatalf(format string, args ...any) {
	r.stopped, r.msg = "Fatalf", fmt.Sprintf(format, args...)
	goruntime.Goexit()
}

func (r *stopRecorder) Skipf(string, ...any) { r.stopped = "Skipf"; goruntime.Goexit() }

func (r *stopRecorder) TempDir() string { r.stopped = "TempDir"; goruntime.Goexit(); return "" }

// sysctlFiles lists the host's sysctl.d files and /etc/sysctl.conf.
func sysctlFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, d := range []string{"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d"} {
		m, err := filepath.Glob(filepath.Join(d, "*"))
		require.NoError(t, err)
		out = append(out, m...)
	}
	if _, err := os.Lstat("/etc/sysctl.conf"); err == nil {
		out = append(out, "/etc/sysctl.conf")
	}
	return out
}

// interfaces lists the interface names of a /proc/net/dev.
func interfaces(dev string) []string {
	var out []string
	for _, l := range strings.Split(dev, "\n") {
		if name, _, ok := strings.Cut(l, ":"); ok && !strings.Contains(name, "|") {
			out = append(out, strings.TrimSpace(name))
		}
	}
	return out
}
