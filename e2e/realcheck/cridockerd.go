package realcheck

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/kubenode/kubenode/e2e/harness"
)

// CRIDockerdVersion is the cri-dockerd .ci/install.d/docker.sh builds.
const CRIDockerdVersion = "0.4.0"

// CRIDockerdFlags runs `cri-dockerd ARGS --version`: cri-dockerd parses
// every flag first and exits non-zero on one it refuses, then prints its
// version. It returns the combined output.
func CRIDockerdFlags(t testing.TB, args []string) (string, error) {
	t.Helper()
	bin := harness.Tool(t, "cri-dockerd-"+CRIDockerdVersion+"/cri-dockerd")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append(args, "--version")...).CombinedOutput()
	return string(out), err
}
