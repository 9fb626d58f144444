// Package kubelet_test checks the kubelet package's files with the
// kubelet's own code: kubelet-checker (e2e/checkers/kubelet, built by
// .ci/install.d/kubelet.sh from k8s.io/kubernetes v1.37.2) loads and
// validates every rendered KubeletConfiguration, and runs the real kubelet
// command so its flag set parses every rendered flag; systemd-analyze
// verifies the units.
package kubelet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/kubenode/kubenode/e2e/harness"
)

// CheckerVersion is the Kubernetes release the checker is built from.
const CheckerVersion = "1.37.2"

// checker returns the installed kubelet-checker, or stops the test.
func checker(t *testing.T) string {
	t.Helper()
	return harness.Tool(t, "kubelet-checker-"+CheckerVersion+"/kubelet-checker")
}

// result is what one run of the checker did.
type result struct {
	code           int
	stdout, stderr string
}

// runChecker runs the checker with args and returns its exit code and
// output; it fails the test only when the program cannot run at all.
func runChecker(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, checker(t), args...)
	// The kubelet command reads nothing from the environment that matters
	// here; a clean HOME keeps it from finding anything of this machine.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("run kubelet-checker %v: %v", args, err)
		}
		code = exitErr.ExitCode()
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// loadConfig writes a config (and drop-ins) under a temp dir, runs the
// checker's config mode and returns the loaded configuration as JSON
// fields, failing the test when the kubelet refuses it.
func loadConfig(t *testing.T, config []byte, dropins map[string][]byte) map[string]any {
	t.Helper()
	res := checkConfig(t, config, dropins)
	if res.code != 0 {
		t.Fatalf("the kubelet's loader refused the config (exit %d):\n%s\n--- config:\n%s", res.code, res.stderr, config)
	}
	var loaded map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &loaded); err != nil {
		t.Fatalf("checker output is not JSON: %v\n%s", err, res.stdout)
	}
	return loaded
}

// checkConfig runs the config mode and returns what it did.
func checkConfig(t *testing.T, config []byte, dropins map[string][]byte) result {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(file, config, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"config", file}
	if dropins != nil {
		dropinDir := filepath.Join(dir, "config.d")
		if err := os.Mkdir(dropinDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range dropins {
			if err := os.WriteFile(filepath.Join(dropinDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args = append(args, "--dropin-dir", dropinDir)
	}
	return runChecker(t, args...)
}
