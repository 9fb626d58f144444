package realcheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
)

// DebianContainerdPath is Debian 12's containerd 1.6
// (.ci/install.d/containerd.apt).
const DebianContainerdPath = "/usr/bin/containerd"

// ContainerdRelease is a real containerd the tests start.
type ContainerdRelease struct {
	// Version is the release a config is rendered for: "1.6", "2.2.9".
	Version string
	// Binary finds the daemon, or stops the test through testenv.Missing.
	Binary func(t testing.TB) string
}

// ContainerdReleases are the containerds CI installs: Debian's 1.6, and
// 1.7.35, 2.2.9 and 2.4.2 built by .ci/install.d/containerd.sh.
var ContainerdReleases = []ContainerdRelease{
	{"1.6", DebianContainerd},
	{"1.7.35", func(t testing.TB) string { return harness.Tool(t, "containerd-1.7.35/containerd") }},
	{"2.2.9", func(t testing.TB) string { return harness.Tool(t, "containerd-2.2.9/containerd") }},
	{"2.4.2", func(t testing.TB) string { return harness.Tool(t, "containerd-2.4.2/containerd") }},
}

// DebianContainerd returns Debian's containerd 1.6, or stops the test.
func DebianContainerd(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(DebianContainerdPath); err != nil {
		testenv.Missing(t, "Debian's containerd is not installed at %s (apt-get install containerd)", DebianContainerdPath)
	}
	v := ContainerdVersion(t, DebianContainerdPath)
	require.True(t, strings.HasPrefix(v, "1.6."), "%s is containerd %s, not 1.6", DebianContainerdPath, v)
	return DebianContainerdPath
}

// containerdVersion finds the release in `containerd --version`:
// "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3".
var containerdVersion = regexp.MustCompile(`\sv?(\d+\.\d+\.\d+)`)

// ContainerdVersion returns the release a containerd binary reports, such
// as "1.6.20".
func ContainerdVersion(t testing.TB, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	m := containerdVersion.FindStringSubmatch(string(out))
	require.NotNil(t, m, "no release in %s --version: %s", bin, out)
	return m[1]
}

// ContainerdSandbox is a temp dir holding everything one containerd reads
// and writes: its config, root, state, sockets, hosts.toml files, CNI dirs
// and opt dir.
type ContainerdSandbox struct {
	Dir string
}

// NewContainerdSandbox makes the temp dir, removed when the test ends.
func NewContainerdSandbox(t testing.TB) *ContainerdSandbox {
	t.Helper()
	// Unix socket paths are short (107 bytes): keep the dir short too.
	dir, err := os.MkdirTemp("", "kn-ctd-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return &ContainerdSandbox{Dir: dir}
}

// Path is rel under the sandbox.
func (s *ContainerdSandbox) Path(rel string) string { return filepath.Join(s.Dir, rel) }

// ConfigPath is where the sandbox's config.toml goes.
func (s *ContainerdSandbox) ConfigPath() string { return s.Path("config.toml") }

// CertsDir is the sandbox's registry.config_path.
func (s *ContainerdSandbox) CertsDir() string { return s.Path("certs.d") }

// Socket is the sandbox's gRPC (and CRI) socket.
func (s *ContainerdSandbox) Socket() string { return s.Path("containerd.sock") }

// Endpoint is Socket as a CRI endpoint.
func (s *ContainerdSandbox) Endpoint() string { return "unix://" + s.Socket() }

// Pin keeps every path containerd would otherwise put on the host under the
// sandbox (root, state, sockets, CNI dirs, the opt plugin's dir) and turns
// NRI off (it would create /var/run/nri/nri.sock). Everything else of c
// stays as it is.
func (s *ContainerdSandbox) Pin(c *containerd.Config) {
	c.Root = s.Path("root")
	c.State = s.Path("state")
	c.GRPCAddress = s.Socket()
	if c.TTRPCAddress != "" {
		c.TTRPCAddress = s.Socket() + ".ttrpc"
	}
	c.Runtime.CNI.BinDirs = []string{s.Path("cni/bin")}
	c.Runtime.CNI.ConfDir = s.Path("cni/net.d")
	disable := true
	c.DisableNRI = &disable
	// The opt plugin creates <path>/bin and <path>/lib at start.
	if c.Extra == nil {
		c.Extra = map[string]any{}
	}
	plugins, ok := c.Extra["plugins"].(map[string]any)
	if !ok {
		plugins = map[string]any{}
		c.Extra["plugins"] = plugins
	}
	plugins["io.containerd.internal.v1.opt"] = map[string]any{"path": s.Path("opt")}
}

// Start runs containerd on the sandbox's config with its root, state and
// socket under the sandbox.
func (s *ContainerdSandbox) Start(t testing.TB, bin string) *harness.Daemon {
	t.Helper()
	testenv.RequireRoot(t)
	return harness.StartDaemon(t, []string{bin,
		"--config", s.ConfigPath(),
		"--root", s.Path("root"),
		"--state", s.Path("state"),
		"--address", s.Socket(),
	}, nil)
}

// ContainerdDump is `containerd --config F config dump`, parsed by kubenode:
// the configuration containerd runs with, its defaults filled in.
func ContainerdDump(t testing.TB, bin, config string) *containerd.Config {
	t.Helper()
	out, err := exec.Command(bin, "--config", config, "config", "dump").Output()
	require.NoError(t, err, "config dump")
	c, err := containerd.Parse(out)
	require.NoError(t, err, "kubenode parses containerd's own dump:\n%s", out)
	return c
}

// containerdLogProblems are lines containerd writes when it ignores or
// rewrites a part of its config.
var containerdLogProblems = []string{"Ignoring unknown key", "Configuration migrated", "deprecated", "cannot be set when"}

// RequireCleanContainerdLog fails the test when containerd complained about
// its config.
func RequireCleanContainerdLog(t testing.TB, log string) {
	t.Helper()
	for _, line := range strings.Split(log, "\n") {
		for _, p := range containerdLogProblems {
			require.NotContains(t, line, p, "containerd complained about its config; log:\n%s", log)
		}
	}
}

// RequireNoDeprecations checks the CRI's deprecation condition (containerd
// 2.x): nothing the config uses is deprecated. cgroup v1 is a property of
// the host, not of the config, and is allowed.
func RequireNoDeprecations(t testing.TB, info *CRIInfo) {
	t.Helper()
	for _, c := range info.Status.Conditions {
		if c.Type != "ContainerdHasNoDeprecationWarnings" || c.Status {
			continue
		}
		var warnings map[string]string
		require.NoError(t, json.Unmarshal([]byte(c.Message), &warnings), c.Message)
		delete(warnings, "io.containerd.deprecation/cgroup-v1")
		require.Empty(t, warnings, "containerd reports deprecations of the config")
	}
}
