package containerd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
)

// target is a real containerd the tests start.
type target struct {
	// version is the release the config is rendered for.
	version string
	// binary finds the daemon, or stops the test through harness.Missing.
	binary func(t *testing.T) string
}

var targets = []target{
	{"1.6", debianContainerd},
	{"2.2.9", func(t *testing.T) string { return harness.Tool(t, "containerd-2.2.9/containerd") }},
	{"2.4.2", func(t *testing.T) string { return harness.Tool(t, "containerd-2.4.2/containerd") }},
}

// debianContainerd is Debian 12's containerd 1.6 (.ci/install.d/containerd.apt).
func debianContainerd(t *testing.T) string {
	t.Helper()
	const bin = "/usr/bin/containerd"
	if _, err := os.Stat(bin); err != nil {
		harness.Missing(t, "Debian's containerd is not installed at %s (apt-get install containerd)", bin)
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), " 1.6.", "%s is not containerd 1.6", bin)
	return bin
}

func crictl(t *testing.T) string { return harness.Tool(t, "crictl-1.37.0/crictl") }

// node is a temp dir holding everything one daemon reads and writes: its
// config, root, state, sockets, hosts.toml files, CNI dirs and opt dir.
type node struct {
	dir string
}

func newNode(t *testing.T) node {
	// Unix socket paths are short (107 bytes): keep the dir short too.
	dir, err := os.MkdirTemp("", "kn-ctd-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return node{dir: dir}
}

func (n node) path(rel string) string { return filepath.Join(n.dir, rel) }
func (n node) config() string         { return n.path("config.toml") }
func (n node) socket() string         { return n.path("containerd.sock") }
func (n node) endpoint() string       { return "unix://" + n.socket() }

// pin keeps every path containerd would otherwise put on the host under the
// node's dir, and turns NRI off (it would create /var/run/nri/nri.sock).
func (n node) pin(c *containerd.Config) {
	c.Root = n.path("root")
	c.State = n.path("state")
	c.GRPCAddress = n.socket()
	c.Runtime.CNI.BinDirs = []string{n.path("cni/bin")}
	c.Runtime.CNI.ConfDir = n.path("cni/net.d")
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
	plugins["io.containerd.internal.v1.opt"] = map[string]any{"path": n.path("opt")}
}

// nodeConfig is New's config for the target with the node's paths and
// registry.config_path.
func (n node) nodeConfig(t *testing.T, tg target) *containerd.Config {
	t.Helper()
	c, err := containerd.New(
		containerd.WithVersion(tg.version),
		containerd.WithNRI(false),
		containerd.WithRegistryConfigPath(n.path("certs.d")),
		containerd.WithConfig(n.pin),
	)
	require.NoError(t, err)
	return c
}

// writePlan writes the Installer's config.toml, hosts.toml files and
// crictl.yaml for the node: config.toml and crictl.yaml into the node's
// dir, the hosts files at their paths (already under the node's dir).
func (n node) writePlan(t *testing.T, tg target, c *containerd.Config, mirrors []runtime.Mirror) *runtime.Plan {
	t.Helper()
	in, err := containerd.NewInstaller(c, containerd.WithVersion(tg.version), containerd.WithMirrors(mirrors))
	require.NoError(t, err)
	require.Empty(t, in.Warnings())
	require.Equal(t, n.endpoint(), in.Endpoint())
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, f := range plan.Files {
		dst := f.Path
		switch {
		case f.Path == containerd.ConfigFile:
			dst = n.config()
		case f.Path == runtime.CrictlPath:
			dst = n.path("crictl.yaml")
		case strings.HasPrefix(f.Path, n.dir+"/"):
		default:
			continue // containerd.service: checked by systemd-analyze
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, f.Content, 0o644))
	}
	return plan
}

// start runs containerd on the node's config with its root, state and
// socket under the node's dir, as the brief's harness asks.
func (n node) start(t *testing.T, bin string) *harness.Daemon {
	t.Helper()
	harness.RequireRoot(t)
	return harness.StartDaemon(t, []string{bin,
		"--config", n.config(),
		"--root", n.path("root"),
		"--state", n.path("state"),
		"--address", n.socket(),
	}, nil)
}

// criInfo is `crictl info` over the node's socket, decoded.
type criInfo struct {
	Status struct {
		Conditions []struct {
			Type    string `json:"type"`
			Status  bool   `json:"status"`
			Reason  string `json:"reason"`
			Message string `json:"message"`
		} `json:"conditions"`
	} `json:"status"`
	Config struct {
		Containerd struct {
			DefaultRuntimeName string `json:"defaultRuntimeName"`
			Runtimes           map[string]struct {
				RuntimeType string         `json:"runtimeType"`
				Options     map[string]any `json:"options"`
			} `json:"runtimes"`
		} `json:"containerd"`
	} `json:"config"`
}

func (n node) crictlInfo(t *testing.T) (*criInfo, error) {
	t.Helper()
	out, err := n.crictl(t, 10*time.Second, "info")
	if err != nil {
		return nil, err
	}
	var info criInfo
	if err := json.Unmarshal(out, &info); err != nil {
		return nil, fmt.Errorf("crictl info: %w: %s", err, out)
	}
	return &info, nil
}

// crictl runs crictl with the Installer's crictl.yaml, whose endpoints are
// the node's socket, and returns its stdout.
func (n node) crictl(t *testing.T, timeout time.Duration, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout+5*time.Second)
	defer cancel()
	argv := append([]string{"--config", n.path("crictl.yaml"), "--timeout", timeout.String()}, args...)
	cmd := exec.CommandContext(ctx, crictl(t), argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("crictl %v: %w: %s", args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// waitForCRI polls `crictl info` until the CRI answers.
func (n node) waitForCRI(t *testing.T, d *harness.Daemon) *criInfo {
	t.Helper()
	var info *criInfo
	err := d.WaitUntil(60*time.Second, func() error {
		var err error
		info, err = n.crictlInfo(t)
		return err
	})
	require.NoError(t, err, "the CRI never answered; daemon log:\n%s", d.Log())
	return info
}

// dump is `containerd --config F config dump`, parsed by kubenode.
func dump(t *testing.T, bin, config string) *containerd.Config {
	t.Helper()
	out, err := exec.Command(bin, "--config", config, "config", "dump").Output()
	require.NoError(t, err, "config dump")
	c, err := containerd.Parse(out)
	require.NoError(t, err, "kubenode parses containerd's own dump:\n%s", out)
	return c
}

// logProblems are lines containerd writes when it ignores or rewrites a
// part of its config.
var logProblems = []string{"Ignoring unknown key", "Configuration migrated", "deprecated", "cannot be set when"}

func requireCleanLog(t *testing.T, log string) {
	t.Helper()
	for _, line := range strings.Split(log, "\n") {
		for _, p := range logProblems {
			require.NotContains(t, line, p, "containerd complained about its config; log:\n%s", log)
		}
	}
}

// requireNoDeprecations checks the CRI's deprecation condition (containerd
// 2.x): nothing the config uses is deprecated. cgroup v1 is a property of
// the host, not of the config, and is allowed.
func requireNoDeprecations(t *testing.T, info *criInfo) {
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

func requireRuntimeReady(t *testing.T, info *criInfo) {
	t.Helper()
	for _, c := range info.Status.Conditions {
		if c.Type == "RuntimeReady" {
			require.True(t, c.Status, "RuntimeReady: %s %s", c.Reason, c.Message)
			return
		}
	}
	t.Fatal("crictl info has no RuntimeReady condition")
}

// mirror is a registry mirror that answers every request with an error
// status and records what containerd asked, so a pull proves containerd read
// hosts.toml. containerd tries the next host after a 404 and stops at any
// other error, so the last mirror of a test must not answer 404: the next
// host would be the real registry, which CI cannot reach.
type mirror struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newMirror(t *testing.T, status int) *mirror {
	m := &mirror{}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.paths = append(m.paths, r.URL.Path+"?"+r.URL.RawQuery)
		m.mu.Unlock()
		http.Error(w, "kubenode test mirror", status)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *mirror) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.paths)
}

// hostPaths are where a containerd left to its defaults writes on the host.
var hostPaths = []string{
	"/var/lib/containerd", "/run/containerd", "/var/run/nri", "/run/nri",
	"/opt/containerd", "/etc/cni/net.d", "/opt/cni/bin",
}

// hostState lists what exists under each host path.
func hostState() map[string][]string {
	state := map[string][]string{}
	for _, p := range hostPaths {
		var entries []string
		_ = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil {
				entries = append(entries, path)
			}
			return nil
		})
		state[p] = entries
	}
	return state
}

// requireHostUntouched checks, after the daemons of a test stopped, that
// nothing landed on the host paths. containerd 2.0 to 2.2 always create the
// default state dir /run/containerd (empty) when --state is elsewhere, for
// the shims' sockets (cmd/containerd/server CreateTopLevelDirectories; 2.4
// no longer does): an empty one that was not there before is allowed, and
// removed.
func requireHostUntouched(t *testing.T, before map[string][]string) {
	t.Helper()
	after := hostState()
	if len(before["/run/containerd"]) == 0 && slices.Equal(after["/run/containerd"], []string{"/run/containerd"}) {
		_ = os.Remove("/run/containerd")
		after["/run/containerd"] = nil
	}
	for _, p := range hostPaths {
		require.Equal(t, before[p], after[p], "the test's containerd wrote under %s", p)
	}
}
