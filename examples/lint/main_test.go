package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/runtime/render"
)

func runLint(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// seedTargets are the releases the seed guide installs.
var seedTargets = kubenode.Targets{Kubernetes: "1.31", Containerd: "1.7.22", Docker: "26.1.4", CRIDockerd: "0.3.15"}

// The command line prints each finding on a line of its own, exits 1 on
// an error, and prints nothing else.
func TestSeedNodeHasErrors(t *testing.T) {
	code, out, stderr := runLint(t, "-kubernetes", "1.31", "-containerd", "1.7.22", "-docker", "26.1.4", "-cri-dockerd", "0.3.15", "../../testdata/seednode")
	assert.Equal(t, 1, code, stderr)
	assert.Empty(t, stderr)
	findings, err := kubenode.LintDir("../../testdata/seednode", seedTargets)
	require.NoError(t, err)
	var want strings.Builder
	for _, f := range findings {
		fmt.Fprintln(&want, f)
	}
	assert.Equal(t, want.String(), out, "every finding, in Lint's order")
}

func TestCleanNodeExitsZero(t *testing.T) {
	dir := plannedNode(t)
	code, out, stderr := runLint(t, "-kubernetes", "1.35", "-containerd", "2.2.1", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, out)
	assert.Empty(t, stderr)
}

func TestWarningsAloneExitZero(t *testing.T) {
	dir := plannedNode(t)
	// No releases given: each assumption is a warning.
	findings, err := kubenode.LintDir(dir, kubenode.Targets{})
	require.NoError(t, err)
	inspecttest.RequireFindings(t, findings,
		inspecttest.Warning("/etc/containerd/config.toml", field.ErrRequired, "version"),
		inspecttest.Warning("/etc/systemd/system/kubelet.service", field.ErrRequired, ""))

	code, out, stderr := runLint(t, dir)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, 2, strings.Count(out, "\n"), out)
}

// plannedNode is a directory holding a clean containerd node.
func plannedNode(t *testing.T) string {
	t.Helper()
	n := kubenode.Node{Kubernetes: "1.35", Runtime: kubenode.Containerd, RuntimeVersion: "2.2.1"}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, render.WriteDir(plan, dir))
	return dir
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"a", "b"},
		{"-nonsense", "."},
		{"-kubernetes", "1.12", "."},
		{"-containerd", "latest", "."},
		{"/does/not/exist"},
	} {
		code, out, stderr := runLint(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Empty(t, out, "%v", args)
		assert.NotEmpty(t, stderr, "%v", args)
	}

	// Every problem of the releases, each on a line of its own.
	_, err := kubenode.LintDir(".", kubenode.Targets{Kubernetes: "1.12", CRIO: "0.1"})
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "kubernetes").Value("1.12"),
		fieldtest.Match(field.ErrNotSupported, "crio").Value("0.1"))
	_, _, stderr := runLint(t, "-kubernetes", "1.12", "-crio", "0.1", ".")
	assert.Equal(t, 2, strings.Count(stderr, "error: "), stderr)
}

// hostFacts runs lint -host with args and returns its "NAME: VALUE" lines
// as a map.
func hostFacts(t *testing.T, args ...string) map[string]string {
	t.Helper()
	code, out, stderr := runLint(t, append([]string{"-host"}, args...)...)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)
	facts := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		name, value, ok := strings.Cut(l, ": ")
		require.True(t, ok, "line %q", l)
		facts[name] = value
	}
	return facts
}

// -host prints the facts of this machine, and the cgroup mode, swap and
// ip_forward agree with stat -fc %T, /proc/swaps and
// /proc/sys/net/ipv4/ip_forward.
func TestHostFactsOfThisMachine(t *testing.T) {
	if goruntime.GOOS != "linux" {
		testenv.Missing(t, "the host is %s, not Linux", goruntime.GOOS)
	}
	stat := testenv.Program(t, "stat")
	facts := hostFacts(t)
	assert.Equal(t, facts, hostFacts(t, "/"), "ROOT defaults to /")
	t.Logf("this machine: %v", facts)

	fsType := func(dir string) string {
		out, err := exec.Command(stat, "-fc", "%T", dir).Output()
		require.NoError(t, err, "stat -fc %%T %s", dir)
		return strings.TrimSpace(string(out))
	}
	switch top := fsType("/sys/fs/cgroup"); {
	case top == "cgroup2fs":
		assert.Equal(t, "unified", facts["cgroup"])
	case fsType("/sys/fs/cgroup/unified") == "cgroup2fs":
		assert.Equal(t, "hybrid", facts["cgroup"], "/sys/fs/cgroup is %s", top)
	default:
		assert.Equal(t, "v1", facts["cgroup"], "/sys/fs/cgroup is %s", top)
	}

	swaps, err := os.ReadFile("/proc/swaps")
	require.NoError(t, err)
	want := "no"
	if strings.Count(strings.TrimSpace(string(swaps)), "\n") > 0 {
		want = "yes"
	}
	assert.Equal(t, want, facts["swap"], "/proc/swaps:\n%s", swaps)

	forward, err := os.ReadFile("/proc/sys/net/ipv4/ip_forward")
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(forward)), facts["sysctl net.ipv4.ip_forward"])
}

// -host ROOT reads the facts of a directory holding a host's root.
func TestHostFactsOfDirectory(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "proc/sys/net/ipv4"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "proc/sys/net/ipv4/ip_forward"), []byte("0\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "proc/swaps"), []byte("Filename Type Size Used Priority\n/swapfile file 1024 0 -2\n"), 0o644))
	facts := hostFacts(t, dir)
	assert.Equal(t, "0", facts["sysctl net.ipv4.ip_forward"])
	assert.Equal(t, "yes", facts["swap"])
	assert.Equal(t, "unknown", facts["cgroup"])

	for _, args := range [][]string{{"-host", "/does/not/exist"}, {"-host", dir, dir}} {
		code, out, stderr := runLint(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Empty(t, out, "%v", args)
		assert.NotEmpty(t, stderr, "%v", args)
	}
}
