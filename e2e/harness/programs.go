package harness

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// OnCI reports whether the tests run on CI (CI=true), where everything they
// need has been installed and a missing program is a failure.
func OnCI() bool { return os.Getenv("CI") == "true" }

// Missing stops the test because something it needs is not here: a failure
// on CI, a skip (with the reason) elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if OnCI() {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf("not on CI and "+format, args...)
}

// ToolsDir is where .ci/run installs the programs the tests build or fetch:
// $KUBENODE_E2E_TOOLS, or ~/.cache/kubenode-e2e.
func ToolsDir() string {
	if d := os.Getenv("KUBENODE_E2E_TOOLS"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "kubenode-e2e")
	}
	return filepath.Join(home, ".cache", "kubenode-e2e")
}

// Program returns the path of a program on PATH, or stops the test through
// Missing.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not on PATH (see .ci/run)", name)
	}
	return p
}

// Tool returns an executable installed under ToolsDir at rel, such as
// "containerd-2.2.9/containerd", or stops the test through Missing.
func Tool(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(ToolsDir(), rel)
	if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		Missing(t, "%s is not installed (see .ci/run)", p)
	}
	return p
}

// RequireRoot stops the test when it does not run as root.
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "the test needs root")
	}
}
