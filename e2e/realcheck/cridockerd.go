package realcheck

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/e2e/harness"
)

// The cri-dockerd releases .ci/install.d/docker.sh builds.
const (
	// CRIDockerdVersion is the release the cri-dockerd tests target. It
	// needs Docker's API 1.42 (Docker Engine 23.0): it runs on
	// BuiltDockerdVersion, not on Debian's DockerVersion.
	CRIDockerdVersion = "0.4.0"
	// CRIDockerdBranch03Version was cut from cri-dockerd's release/0.3
	// branch (the Go module proxy serves none of the 0.3.x tags): it asks
	// Docker for API 1.26, so it runs on Debian's DockerVersion, as a
	// Docker 20.10 node needs.
	CRIDockerdBranch03Version = "0.4.3"
)

// CRIDockerdProgram returns the installed cri-dockerd of version, or stops
// the test.
func CRIDockerdProgram(t testing.TB, version string) string {
	t.Helper()
	return harness.Tool(t, "cri-dockerd-"+version+"/cri-dockerd")
}

// CRIDockerdFlags runs `cri-dockerd ARGS --version` of version:
// cri-dockerd parses every flag first and exits non-zero on one it
// refuses, then prints its version. It returns the combined output.
func CRIDockerdFlags(t testing.TB, version string, args []string) (string, error) {
	t.Helper()
	bin := CRIDockerdProgram(t, version)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append(args, "--version")...).CombinedOutput()
	return string(out), err
}

// CRIDockerd is a cri-dockerd the test started on a sandbox's dockerd.
type CRIDockerd struct {
	*harness.Daemon
	// Endpoint is the CRI socket it serves (unix://...).
	Endpoint string
	// dir holds its socket and every file it writes.
	dir string
}

// StartCRIDockerd starts cri-dockerd of version on the sandbox's dockerd
// with flags, moved into a temp dir: the CRI socket (a node's fd:// needs
// systemd's socket), the Docker endpoint, cri-dockerd's root and CNI cache
// directories and the streaming server's address (loopback, any port);
// every other flag is passed as given. It does not wait: cri-dockerd may
// be expected to stop.
func (s *DockerSandbox) StartCRIDockerd(t testing.TB, version string, flags cridockerd.Flags) *CRIDockerd {
	t.Helper()
	c := &CRIDockerd{dir: t.TempDir()}
	c.Endpoint = "unix://" + c.socketPath()
	flags.ContainerRuntimeEndpoint = c.Endpoint
	flags.DockerEndpoint = s.Socket()
	flags.CRIDockerdRootDirectory = filepath.Join(c.dir, "root")
	flags.CNICacheDir = filepath.Join(c.dir, "cni-cache")
	flags.StreamingBindAddr = "127.0.0.1:0"
	c.Daemon = harness.StartDaemon(t, append([]string{CRIDockerdProgram(t, version)}, flags.Args()...), nil)
	return c
}

func (c *CRIDockerd) socketPath() string { return filepath.Join(c.dir, "cri-dockerd.sock") }

// WaitServing waits until cri-dockerd serves its CRI socket, failing the
// test with its log when it does not within a minute.
func (c *CRIDockerd) WaitServing(t testing.TB) {
	t.Helper()
	require.NoError(t, c.WaitUntil(60*time.Second, func() error {
		_, err := os.Stat(c.socketPath())
		return err
	}), c.Log())
}
