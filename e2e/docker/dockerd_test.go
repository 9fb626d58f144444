package docker_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// target is the release of Debian 12's docker.io.
const target = "20.10"

// sandbox is one test's private dockerd: everything under dir.
type sandbox struct {
	dir        string
	containerd string // containerd's socket
	dockerd    string
	docker     string
}

// newSandbox finds the programs, makes the temp dir (unmounting whatever
// dockerd leaves under it before it is removed) and starts a containerd of
// its own under it, so dockerd never uses the host's /run/containerd.
func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	harness.RequireRoot(t)
	s := &sandbox{dockerd: harness.Program(t, "dockerd"), docker: dockerCLI(t)}
	containerd := harness.Program(t, "containerd")
	harness.Program(t, "unshare")
	if st, err := os.Stat("/etc/docker"); err != nil || !st.IsDir() {
		harness.Missing(t, "/etc/docker (shipped by docker.io) is missing; dockerd 20.10 would create it on the host")
	}
	s.dir = t.TempDir()
	t.Cleanup(func() { unmountUnder(t, s.dir) })
	s.containerd = filepath.Join(s.dir, "containerd.sock")
	conf := filepath.Join(s.dir, "containerd.toml")
	// The opt plugin would create /opt/containerd on the host, and CRI is
	// not needed by dockerd.
	content := "version = 2\n" +
		"root = " + quote(filepath.Join(s.dir, "containerd", "root")) + "\n" +
		"state = " + quote(filepath.Join(s.dir, "containerd", "state")) + "\n" +
		"disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.internal.v1.opt\"]\n" +
		"[grpc]\n  address = " + quote(s.containerd) + "\n"
	require.NoError(t, os.WriteFile(conf, []byte(content), 0o644))
	d := harness.StartDaemon(t, []string{containerd, "--config", conf}, nil)
	require.NoError(t, d.WaitUntil(30*time.Second, func() error { _, err := os.Stat(s.containerd); return err }), d.Log())
	return s
}

// dockerCLI prefers Debian's client beside its dockerd.
func dockerCLI(t *testing.T) string {
	if st, err := os.Stat("/usr/bin/docker"); err == nil && st.Mode()&0o111 != 0 {
		return "/usr/bin/docker"
	}
	return harness.Program(t, "docker")
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// flags are the dockerd flags of the test: every path under the sandbox,
// no bridge and no iptables rules on the host.
func (s *sandbox) flags() []string {
	return []string{
		"-H", "unix://" + filepath.Join(s.dir, "docker.sock"),
		"--data-root", filepath.Join(s.dir, "data"),
		"--exec-root", filepath.Join(s.dir, "exec"),
		"--pidfile", filepath.Join(s.dir, "docker.pid"),
		"--bridge=none", "--iptables=false",
		"--containerd=" + s.containerd,
	}
}

// start runs dockerd on daemon.json content. dockerd 20.10 also writes
// /etc/docker/key.json and /run/docker/plugins, which no flag moves, so it
// runs in a private mount namespace with tmpfs over /run and /etc/docker;
// unshare and sh exec dockerd, so the daemon keeps the PID it is stopped by.
func (s *sandbox) start(t *testing.T, content []byte) *harness.Daemon {
	t.Helper()
	conf := filepath.Join(s.dir, "daemon.json")
	require.NoError(t, os.WriteFile(conf, content, 0o644))
	argv := append([]string{"unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
		`mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/docker && exec "$@"`, "sh",
		s.dockerd, "--config-file", conf}, s.flags()...)
	return harness.StartDaemon(t, argv, nil)
}

// info asks the running dockerd for docker info.
func (s *sandbox) info(t *testing.T, d *harness.Daemon) map[string]any {
	t.Helper()
	var info map[string]any
	err := d.WaitUntil(60*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, s.docker, "-H", "unix://"+filepath.Join(s.dir, "docker.sock"),
			"info", "--format", "{{json .}}").Output()
		if err != nil {
			return err
		}
		info = nil
		if err := json.Unmarshal(out, &info); err != nil {
			return err
		}
		// Until dockerd serves its API the CLI prints its own part with
		// ServerErrors.
		if info["ServerVersion"] == nil || info["ServerVersion"] == "" {
			return fmt.Errorf("no server info yet: %s", out)
		}
		return nil
	})
	require.NoError(t, err, "dockerd did not answer:\n%s", d.Log())
	return info
}

// nodeConfig is daemon.json as the docker Installer plans it for 20.10,
// with the keys the test's flags set taken out, validated against those
// flags.
func nodeConfig(t *testing.T, s *sandbox, opts ...docker.Option) []byte {
	t.Helper()
	cfg, err := docker.New(append([]docker.Option{docker.WithVersion(target)}, opts...)...)
	require.NoError(t, err)
	in, err := docker.NewInstaller(cfg, docker.InstallVersion(target))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	planned, err := docker.ParseDaemonConfig(plan.File(docker.DaemonPath).Content)
	require.NoError(t, err)
	planned.DataRoot, planned.ExecRoot, planned.Pidfile, planned.Hosts, planned.Containerd, planned.Bridge, planned.IPTables = "", "", "", nil, "", "", nil
	_, err = planned.Validate(runtime.MustParseVersion(target), s.flags())
	require.NoError(t, err)
	b, err := planned.Render()
	require.NoError(t, err)
	return b
}

func TestDockerdStartsOnRenderedConfig(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      []docker.Option
		cgroup    string
		logDriver string
	}{
		// dockerd 20.10 checks native.cgroupdriver=systemd only when it
		// creates a container, so it comes up here without systemd as
		// PID 1 and reports the driver it will use.
		{"systemd-json-file", nil, "systemd", "json-file"},
		{"cgroupfs-local", []docker.Option{
			docker.WithCgroupDriver(runtime.CgroupCgroupfs),
			docker.WithLogDriver("local"),
			docker.WithLogOpts(map[string]string{"max-size": "20m", "max-file": "5"}),
			docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
		}, "cgroupfs", "local"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			content := nodeConfig(t, s, tc.opts...)
			d := s.start(t, content)
			info := s.info(t, d)
			assert.Equal(t, tc.cgroup, info["CgroupDriver"], "cgroup driver")
			assert.Equal(t, tc.logDriver, info["LoggingDriver"], "logging driver")
			assert.Equal(t, "overlay2", info["Driver"], "storage driver")
			assert.Equal(t, filepath.Join(s.dir, "data"), info["DockerRootDir"])
			t.Logf("dockerd %v accepted:\n%s", info["ServerVersion"], content)
		})
	}
}

func TestDockerdRefusesWhatValidateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(c *docker.DaemonConfig, s *sandbox)
		sentinel error
		path     string
		log      string
	}{
		{"unknown key", func(c *docker.DaemonConfig, s *sandbox) {
			c.Extra = map[string]json.RawMessage{"kubenode-unknown": json.RawMessage(`true`)}
		}, field.ErrUnknown, "kubenode-unknown", "don't match any configuration option"},
		{"flag and file conflict", func(c *docker.DaemonConfig, s *sandbox) {
			c.Containerd = s.containerd
		}, field.ErrConflict, "containerd", "specified both as a flag and in the configuration file"},
		{"bad cgroup driver", func(c *docker.DaemonConfig, s *sandbox) {
			c.ExecOpts = []string{"native.cgroupdriver=kubenode"}
		}, field.ErrNotSupported, "exec-opts[0]", "native.cgroupdriver option kubenode not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			cfg, err := docker.ParseDaemonConfig(nodeConfig(t, s, docker.WithCgroupDriver(runtime.CgroupCgroupfs)))
			require.NoError(t, err)
			tc.edit(cfg, s)

			_, verr := cfg.Validate(runtime.MustParseVersion(target), s.flags())
			require.Error(t, verr, "Validate must refuse it first")
			var found bool
			for _, e := range field.AsList(verr) {
				if errors.Is(e, tc.sentinel) && e.Path.String() == tc.path {
					found = true
				}
			}
			assert.True(t, found, "want %v at %s, got:\n%v", tc.sentinel, tc.path, verr)

			content, err := cfg.Render()
			require.NoError(t, err)
			d := s.start(t, content)
			err = d.WaitUntil(60*time.Second, func() error { return errors.New("still running") })
			exited, werr := d.Exited()
			require.True(t, exited, "dockerd started on:\n%s\nlog:\n%s", content, d.Log())
			assert.Error(t, werr, "dockerd must exit with a failure")
			assert.Contains(t, d.Log(), tc.log)
		})
	}
}

// unmountUnder detaches every mount below dir, deepest first. With the
// private mount namespace there should be none; this keeps the temp dir
// removable if a mount escaped.
func unmountUnder(t *testing.T, dir string) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		t.Log(err)
		return
	}
	defer f.Close()
	var points []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && (fields[4] == dir || strings.HasPrefix(fields[4], dir+"/")) {
			points = append(points, fields[4])
		}
	}
	sort.Slice(points, func(i, j int) bool { return len(points[i]) > len(points[j]) })
	for _, p := range points {
		if err := syscall.Unmount(p, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", p, err)
		}
	}
}

// TestDockerdDefersLogOptValues shows why Validate checks log-opts values:
// dockerd 20.10 starts on max-size "abc" and refuses only each container
// it later creates, which on a node is every pod.
func TestDockerdDefersLogOptValues(t *testing.T) {
	s := newSandbox(t)
	cfg, err := docker.ParseDaemonConfig(nodeConfig(t, s, docker.WithCgroupDriver(runtime.CgroupCgroupfs)))
	require.NoError(t, err)
	cfg.LogOpts["max-size"] = "abc"
	_, verr := cfg.Validate(runtime.MustParseVersion(target), s.flags())
	var found bool
	for _, e := range field.AsList(verr) {
		found = found || (errors.Is(e, field.ErrInvalid) && e.Path.String() == "log-opts.max-size")
	}
	assert.True(t, found, "Validate must refuse max-size abc, got %v", verr)

	content, err := cfg.Render()
	require.NoError(t, err)
	d := s.start(t, content)
	info := s.info(t, d)
	assert.Equal(t, "json-file", info["LoggingDriver"], "dockerd came up on a file whose log-opts every container will refuse")
}
