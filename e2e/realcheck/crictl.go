package realcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// CrictlVersion is the crictl .ci/install.d/containerd.sh builds.
const CrictlVersion = "1.37.0"

// CrictlProgram returns the installed crictl, or stops the test.
func CrictlProgram(t testing.TB) string {
	t.Helper()
	return harness.Tool(t, "crictl-"+CrictlVersion+"/crictl")
}

// Crictl is crictl run with one crictl.yaml, as a node's operator runs it.
type Crictl struct {
	// Config is the crictl.yaml it reads (--config).
	Config string
}

// CrictlFor writes the crictl.yaml kubenode plans for endpoint
// (crictl.New) into a temp dir and returns crictl on it.
func CrictlFor(t testing.TB, endpoint string) Crictl {
	t.Helper()
	cfg, err := crictl.New(endpoint)
	require.NoError(t, err)
	data, err := cfg.Render()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "crictl.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return Crictl{Config: path}
}

// Run runs crictl with args and a request timeout, and returns its stdout;
// the error holds its stderr.
func (c Crictl) Run(t testing.TB, timeout time.Duration, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout+5*time.Second)
	defer cancel()
	argv := append([]string{"--config", c.Config, "--timeout", timeout.String()}, args...)
	cmd := exec.CommandContext(ctx, CrictlProgram(t), argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("crictl %v: %w: %s", args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// CRIInfo is `crictl info`, decoded: the runtime's conditions and the parts
// of containerd's CRI config the tests read.
type CRIInfo struct {
	Status struct {
		Conditions []CRICondition `json:"conditions"`
	} `json:"status"`
	Config struct {
		// SandboxImage is the pause image; containerd 1.x reports it here,
		// 2.x no longer does.
		SandboxImage string `json:"sandboxImage"`
		Containerd   struct {
			DefaultRuntimeName string                `json:"defaultRuntimeName"`
			Runtimes           map[string]CRIRuntime `json:"runtimes"`
		} `json:"containerd"`
	} `json:"config"`
}

// CRICondition is one of the runtime's status conditions.
type CRICondition struct {
	Type    string `json:"type"`
	Status  bool   `json:"status"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// CRIRuntime is one runtime handler of containerd's CRI config.
type CRIRuntime struct {
	RuntimeType string         `json:"runtimeType"`
	Options     map[string]any `json:"options"`
}

// Info runs `crictl info`.
func (c Crictl) Info(t testing.TB) (*CRIInfo, error) {
	t.Helper()
	out, err := c.Run(t, 10*time.Second, "info")
	if err != nil {
		return nil, err
	}
	var info CRIInfo
	if err := json.Unmarshal(out, &info); err != nil {
		return nil, fmt.Errorf("crictl info: %w: %s", err, out)
	}
	return &info, nil
}

// WaitForInfo polls `crictl info` until the daemon's CRI answers, failing
// the test with the daemon's log when it does not within a minute.
func (c Crictl) WaitForInfo(t testing.TB, d *harness.Daemon) *CRIInfo {
	t.Helper()
	var info *CRIInfo
	err := d.WaitUntil(60*time.Second, func() error {
		var err error
		info, err = c.Info(t)
		return err
	})
	require.NoError(t, err, "the CRI never answered; daemon log:\n%s", d.Log())
	return info
}

// CgroupDriver asks the runtime for its cgroup driver with `crictl
// runtime-config`, the RuntimeConfig call a kubelet with
// KubeletCgroupDriverFromCRI makes. It returns "systemd" or "cgroupfs", or
// an error from a runtime without the call (containerd 1.6).
func (c Crictl) CgroupDriver(t testing.TB) (runtime.CgroupDriver, error) {
	t.Helper()
	out, err := c.Run(t, 10*time.Second, "runtime-config")
	if err != nil {
		return "", err
	}
	// "cgroup driver:   SYSTEMD"
	_, value, ok := strings.Cut(string(out), "cgroup driver:")
	if !ok {
		return "", fmt.Errorf("crictl runtime-config printed no cgroup driver: %s", out)
	}
	return runtime.CgroupDriver(strings.ToLower(strings.TrimSpace(value))), nil
}

// RunPodSandbox asks the runtime to run a host-network pod (`crictl runp`),
// which makes it pull its pause image first. The tests' registries refuse
// every pull, so this returns the runtime's error, naming the image; a
// host-network pod needs no CNI and no network namespace on the host.
func (c Crictl) RunPodSandbox(t testing.TB, timeout time.Duration) error {
	t.Helper()
	dir := t.TempDir()
	pod := map[string]any{
		"metadata":      map[string]any{"name": "kubenode-e2e", "namespace": "default", "uid": "kubenode-e2e-1"},
		"log_directory": filepath.Join(dir, "logs"),
		"linux": map[string]any{"security_context": map[string]any{
			"namespace_options": map[string]any{"network": 2}, // NODE
		}},
	}
	data, err := json.Marshal(pod)
	require.NoError(t, err)
	path := filepath.Join(dir, "pod.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	out, err := c.Run(t, timeout, "runp", path)
	if err == nil {
		return fmt.Errorf("the pod ran: %s", out)
	}
	return err
}

// RequireRuntimeReady fails the test unless the runtime reports
// RuntimeReady.
func (i *CRIInfo) RequireRuntimeReady(t testing.TB) {
	t.Helper()
	for _, c := range i.Status.Conditions {
		if c.Type == "RuntimeReady" {
			require.True(t, c.Status, "RuntimeReady: %s %s", c.Reason, c.Message)
			return
		}
	}
	t.Fatal("crictl info has no RuntimeReady condition")
}
