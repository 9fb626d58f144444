package realcheck

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
)

// DockerVersion is the release of Debian 12's docker.io, the dockerd the
// tests start.
const DockerVersion = "20.10"

// BuiltDockerdVersion is the dockerd .ci/install.d/docker.sh builds from
// moby's module source, for DockerdValidate and NewBuiltDockerdSandbox.
const BuiltDockerdVersion = "28.5.2"

// builtDockerd returns the dockerd of BuiltDockerdVersion, or stops the
// test.
func builtDockerd(t testing.TB) string {
	t.Helper()
	return harness.Tool(t, "dockerd-"+BuiltDockerdVersion+"/dockerd")
}

// DockerdValidate runs `dockerd --validate --config-file F` of
// BuiltDockerdVersion on daemon.json content: dockerd loads the file as
// at start (unknown keys, wrong types) and exits without starting, so it
// needs no root and touches nothing. It returns the combined output;
// dockerd prints "configuration OK" on success.
func DockerdValidate(t testing.TB, content []byte) (string, error) {
	t.Helper()
	bin := builtDockerd(t)
	conf := filepath.Join(t.TempDir(), "daemon.json")
	require.NoError(t, os.WriteFile(conf, content, 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--validate", "--config-file", conf).CombinedOutput()
	return string(out), err
}

// DockerSandbox is one test's private dockerd: everything under Dir.
type DockerSandbox struct {
	Dir string
	// Containerd is the socket of the sandbox's own containerd.
	Containerd string
	// Version is the release of the sandbox's dockerd: DockerVersion or
	// BuiltDockerdVersion.
	Version string
	dockerd string
	docker  string
}

// NewDockerSandbox finds the programs, makes the temp dir (unmounting
// whatever dockerd leaves under it before it is removed) and starts a
// containerd of its own under it, so dockerd never uses the host's
// /run/containerd. Its dockerd is Debian's (DockerVersion).
func NewDockerSandbox(t testing.TB) *DockerSandbox {
	t.Helper()
	testenv.RequireRoot(t)
	return newDockerSandbox(t, DockerVersion, testenv.Program(t, "dockerd"))
}

// NewBuiltDockerdSandbox is NewDockerSandbox with the dockerd of
// BuiltDockerdVersion (Debian's containerd still), for what needs a
// current Engine: shim runtimes (24.0), cri-dockerd 0.4, which needs
// Docker's API 1.42 (23.0).
func NewBuiltDockerdSandbox(t testing.TB) *DockerSandbox {
	t.Helper()
	testenv.RequireRoot(t)
	return newDockerSandbox(t, BuiltDockerdVersion, builtDockerd(t))
}

func newDockerSandbox(t testing.TB, version, dockerd string) *DockerSandbox {
	t.Helper()
	s := &DockerSandbox{Version: version, dockerd: dockerd, docker: dockerCLI(t)}
	containerd := testenv.Program(t, "containerd")
	testenv.Program(t, "unshare")
	if st, err := os.Stat("/etc/docker"); err != nil || !st.IsDir() {
		testenv.Missing(t, "/etc/docker (shipped by docker.io) is missing; dockerd 20.10 would create it on the host")
	}
	// Registered first, so it runs last, after the daemons have stopped.
	before := ContainerdHostState()
	t.Cleanup(func() { RequireHostUntouched(t, before) })
	s.Dir = t.TempDir()
	t.Cleanup(func() { unmountUnder(t, s.Dir) })
	s.Containerd = filepath.Join(s.Dir, "containerd.sock")
	conf := filepath.Join(s.Dir, "containerd.toml")
	content, err := tomltree.Encode(dockerdContainerdConfig{
		Version: 2,
		Root:    filepath.Join(s.Dir, "containerd", "root"),
		State:   filepath.Join(s.Dir, "containerd", "state"),
		// The opt plugin would create /opt/containerd on the host, and
		// dockerd needs no CRI.
		DisabledPlugins: []string{"io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt"},
		GRPC:            grpcTable{Address: s.Containerd},
	})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(conf, content, 0o644))
	// A shim puts its socket under /run/containerd/s whatever the state
	// dir (containerd's pkg/shim), so the containerd that runs dockerd's
	// containers has a /run of its own, as dockerd has.
	d := harness.StartDaemon(t, privateRun([]string{containerd, "--config", conf}), nil)
	require.NoError(t, d.WaitUntil(30*time.Second, func() error { _, err := os.Stat(s.Containerd); return err }), d.Log())
	return s
}

// dockerCLI prefers Debian's client beside its dockerd.
func dockerCLI(t testing.TB) string {
	if st, err := os.Stat("/usr/bin/docker"); err == nil && st.Mode()&0o111 != 0 {
		return "/usr/bin/docker"
	}
	return testenv.Program(t, "docker")
}

// dockerdContainerdConfig is the config.toml of the containerd under a
// test's dockerd. containerd.Config refuses it on purpose: a node's
// containerd needs its CRI plugins, and this one runs none.
type dockerdContainerdConfig struct {
	Version         int64     `toml:"version"`
	Root            string    `toml:"root"`
	State           string    `toml:"state"`
	DisabledPlugins []string  `toml:"disabled_plugins"`
	GRPC            grpcTable `toml:"grpc"`
}

// grpcTable is config.toml's [grpc] table.
type grpcTable struct {
	Address string `toml:"address"`
}

// Flags are the dockerd flags of the sandbox: every path under it, no
// bridge and no iptables rules on the host.
func (s *DockerSandbox) Flags() []string {
	return []string{
		"-H", s.Socket(),
		"--data-root", s.DataRoot(),
		"--exec-root", filepath.Join(s.Dir, "exec"),
		"--pidfile", filepath.Join(s.Dir, "docker.pid"),
		"--bridge=none", "--iptables=false",
		"--containerd=" + s.Containerd,
	}
}

// DataRoot is the sandbox's --data-root.
func (s *DockerSandbox) DataRoot() string { return filepath.Join(s.Dir, "data") }

// ForFlags returns daemon.json without the keys the sandbox's flags set
// (dockerd refuses a setting made both ways), after checking with
// Validate that nothing else in it conflicts with them.
func (s *DockerSandbox) ForFlags(t testing.TB, daemonJSON []byte) []byte {
	t.Helper()
	c, err := docker.Parse(daemonJSON)
	require.NoError(t, err)
	c.DataRoot, c.ExecRoot, c.Pidfile, c.Hosts, c.Containerd, c.Bridge, c.IPTables = "", "", "", nil, "", "", nil
	_, err = c.Validate(runtime.MustParseVersion(s.Version), s.Flags())
	require.NoError(t, err)
	b, err := c.Render()
	require.NoError(t, err)
	return b
}

// Start runs dockerd on daemon.json content. dockerd 20.10 also writes
// /etc/docker/key.json and /run/docker/plugins, which no flag moves, so it
// runs with a /run and an /etc/docker of its own (privateRun).
func (s *DockerSandbox) Start(t testing.TB, content []byte) *harness.Daemon {
	t.Helper()
	conf := filepath.Join(s.Dir, "daemon.json")
	require.NoError(t, os.WriteFile(conf, content, 0o644))
	argv := append([]string{s.dockerd, "--config-file", conf}, s.Flags()...)
	return harness.StartDaemon(t, privateRun(argv), nil)
}

// privateRun is the command line that runs argv in a private mount
// namespace with tmpfs over /run and over /etc/docker (which
// newDockerSandbox requires); unshare and sh exec the program, so it keeps
// the PID it is stopped by.
func privateRun(argv []string) []string {
	return append([]string{"unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
		`mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/docker && exec "$@"`, "sh"},
		argv...)
}

// Info waits until the running dockerd answers and returns `docker info`.
func (s *DockerSandbox) Info(t testing.TB, d *harness.Daemon) map[string]any {
	t.Helper()
	var info map[string]any
	err := d.WaitUntil(60*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, s.docker, "-H", s.Socket(), "info", "--format", "{{json .}}").Output()
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

// Socket is the sandbox dockerd's API socket, as a docker endpoint
// (unix://...).
func (s *DockerSandbox) Socket() string { return "unix://" + filepath.Join(s.Dir, "docker.sock") }

// Docker runs the docker CLI with args against the sandbox's dockerd and
// returns its combined output.
func (s *DockerSandbox) Docker(t testing.TB, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, s.docker, append([]string{"-H", s.Socket()}, args...)...).CombinedOutput()
	return string(out), err
}

// unmountUnder detaches every mount below dir, deepest first. With the
// private mount namespace there should be none; this keeps the temp dir
// removable if a mount escaped.
func unmountUnder(t testing.TB, dir string) {
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
