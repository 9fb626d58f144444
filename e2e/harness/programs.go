package harness

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kubenode/kubenode/internal/testenv"
)

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

// Tool returns an executable installed under ToolsDir at rel, such as
// "containerd-2.2.9/containerd", or stops the test through testenv.Missing.
func Tool(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(ToolsDir(), rel)
	if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		testenv.Missing(t, "%s is not installed (see .ci/run)", p)
	}
	return p
}
