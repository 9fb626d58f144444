package realcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/kubenode/kubenode/e2e/harness"
)

// KubeletCheckerVersion is the Kubernetes release kubelet-checker
// (e2e/checkers/kubelet, built by .ci/install.d/kubelet.sh) is built from.
const KubeletCheckerVersion = "1.37.2"

// CheckerResult is what one run of a checker did.
type CheckerResult struct {
	Code           int
	Stdout, Stderr string
}

// RunKubeletChecker runs kubelet-checker with args and returns its exit
// code and output; it fails the test only when the program cannot run at
// all.
func RunKubeletChecker(t testing.TB, args ...string) CheckerResult {
	t.Helper()
	bin := harness.Tool(t, "kubelet-checker-"+KubeletCheckerVersion+"/kubelet-checker")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	// The kubelet command reads nothing from the environment that matters
	// here; a clean HOME keeps it from finding anything of this machine.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := CheckerResult{Stdout: stdout.String(), Stderr: stderr.String()}
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("run kubelet-checker %v: %v", args, err)
		}
		res.Code = exit.ExitCode()
	}
	return res
}

// KubeletFlags runs the real kubelet command on args followed by
// --version: its flag set parses them all, then it prints its version and
// exits 0; an unknown or malformed flag exits 1.
func KubeletFlags(t testing.TB, args []string) CheckerResult {
	t.Helper()
	return RunKubeletChecker(t, append(append([]string{"kubelet"}, args...), "--version")...)
}

// CheckKubeletConfig writes a KubeletConfiguration (and drop-ins, by file
// name, for --config-dir) under a temp dir and runs the checker's config
// mode on it: the kubelet's loader, then its validation.
func CheckKubeletConfig(t testing.TB, config []byte, dropins map[string][]byte) CheckerResult {
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
	return RunKubeletChecker(t, args...)
}

// LoadKubeletConfig is CheckKubeletConfig returning the loaded, defaulted
// configuration as JSON fields, failing the test when the kubelet refuses
// it.
func LoadKubeletConfig(t testing.TB, config []byte, dropins map[string][]byte) map[string]any {
	t.Helper()
	res := CheckKubeletConfig(t, config, dropins)
	if res.Code != 0 {
		t.Fatalf("the kubelet's loader refused the config (exit %d):\n%s\n--- config:\n%s", res.Code, res.Stderr, config)
	}
	var loaded map[string]any
	if err := json.Unmarshal([]byte(res.Stdout), &loaded); err != nil {
		t.Fatalf("checker output is not JSON: %v\n%s", err, res.Stdout)
	}
	return loaded
}
