package verify_test

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/verify"
)

// record makes the tests write what each runtime answered over CRI to the
// library's verify/testdata (go test ./verify -record).
var record = flag.Bool("record", false, "write the runtimes' CRI answers to ../../verify/testdata")

// runningNode is a Node's plan applied to a systemd booted in its own
// namespaces, its runtime started as its unit.
type runningNode struct {
	node *kubenode.Node
	sd   *harness.Systemd
}

// startNode boots a systemd (own network namespace), removes what Debian's
// containerd package put in its root, installs the runtime binary at the
// path the Node's unit starts, applies the Node's plan with Apply, and
// starts the runtime's unit. The kubelet's unit is written but not started.
func startNode(t *testing.T, n *kubenode.Node, unit, binary, installAt string) *runningNode {
	t.Helper()
	testenv.RequireRoot(t)
	sd := harness.BootSystemd(t, harness.OwnNetwork())
	sd.Run(t, "rm", "-rf", "/etc/systemd/system/multi-user.target.wants/containerd.service", "/etc/containerd", "/etc/crictl.yaml")
	if installAt != binary {
		copyFile(t, binary, sd.Path(installAt), 0o755)
	}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: sd.Path("/")})
	require.NoError(t, err)
	sd.Run(t, "systemctl", "daemon-reload")
	sd.Run(t, "systemctl", "start", unit)
	return &runningNode{node: n, sd: sd}
}

// verify asks the node with verify.Node until its runtime answers over
// CRI (a minute at most), then returns the report.
func (r *runningNode) verify(t *testing.T, unit string, opts ...verify.Option) *verify.Report {
	t.Helper()
	opts = append([]verify.Option{verify.WithRoot(r.sd.Path("/")), verify.WithoutKubelet()}, opts...)
	var rep *verify.Report
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(300 * time.Millisecond) {
		var err error
		rep, err = verify.Node(context.Background(), r.node, opts...)
		require.NoError(t, err)
		if rep.Runtime != nil || time.Now().After(deadline) {
			break
		}
	}
	require.NotNil(t, rep.Runtime, "the runtime never answered over CRI: %v\n%s", rep.Findings,
		r.sd.Run(t, "journalctl", "--no-pager", "-u", unit))
	return rep
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// testdataDir is the library's verify/testdata, from this package.
func testdataDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "verify", "testdata"))
	require.NoError(t, err)
	return dir
}
