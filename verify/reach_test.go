package verify_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// TestUnreachableRuntime: a socket that is absent, refuses, serves no CRI
// or never answers is one finding on the planned socket naming the
// address asked, within the timeout.
func TestUnreachableRuntime(t *testing.T) {
	n := containerdNode("", "2.2.9")
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		path  string
	}{
		{"absent", func(t *testing.T) string { return shortSocket(t) }, ""},
		{"refused", func(t *testing.T) string {
			p := shortSocket(t)
			l, err := net.Listen("unix", p)
			require.NoError(t, err)
			l.(*net.UnixListener).SetUnlinkOnClose(false)
			require.NoError(t, l.Close())
			return p
		}, ""},
		{"no CRI service", func(t *testing.T) string {
			p := shortSocket(t)
			l, err := net.Listen("unix", p)
			require.NoError(t, err)
			srv := grpc.NewServer()
			go func() { _ = srv.Serve(l) }()
			t.Cleanup(srv.Stop)
			return p
		}, ""},
		{"never answers", func(t *testing.T) string {
			p := shortSocket(t)
			l, err := net.Listen("unix", p)
			require.NoError(t, err)
			t.Cleanup(func() { _ = l.Close() })
			go func() {
				for {
					c, err := l.Accept()
					if err != nil {
						return
					}
					t.Cleanup(func() { _ = c.Close() })
				}
			}()
			return p
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sock := tt.setup(t)
			rep := verifyOn(t, n, sock, verify.WithTimeout(500*time.Millisecond))
			inspecttest.RequireFindings(t, rep.Findings, inspecttest.Error(socket, verify.ErrUnreachable, tt.path).Value("unix://"+sock))
			assert.Nil(t, rep.Runtime)
		})
	}
}

// TestRootAndLongSocketPaths: the planned socket is found under WithRoot,
// and a socket path longer than a unix address is still reached.
func TestRootAndLongSocketPaths(t *testing.T) {
	f := replay(t, "containerd-2.2.9")
	root := t.TempDir()
	deep := filepath.Join(root, strings.Repeat("d", 60), strings.Repeat("e", 60))
	require.NoError(t, os.MkdirAll(filepath.Join(deep, "run", "containerd"), 0o755))
	sock := filepath.Join(deep, "run", "containerd", "containerd.sock")
	require.Greater(t, len(sock), 108)
	// Listen through the directory, as the runtime inside a root would.
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(filepath.Join(deep, "run", "containerd")))
	l, err := net.Listen("unix", "containerd.sock")
	require.NoError(t, os.Chdir(wd))
	require.NoError(t, err)
	srv := grpc.NewServer()
	registerFake(srv, f)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)

	rep, err := verify.Node(context.Background(), containerdNode("", "2.2.9"), verify.WithRoot(deep), verify.WithoutKubelet())
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, "unix://"+sock, rep.Runtime.Endpoint)
}

// TestNodeErrors: a Node that does not plan and wrong options are errors,
// not findings.
func TestNodeErrors(t *testing.T) {
	_, err := verify.Node(context.Background(), &kubenode.Node{CgroupDriver: "none"})
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "cgroupDriver")
	_, err = verify.Node(context.Background(), nil)
	assert.Error(t, err, "no Node")
	for name, opt := range map[string]verify.Option{
		"timeout":  verify.WithTimeout(0),
		"root":     verify.WithRoot(""),
		"healthz":  verify.WithKubeletHealthz("127.0.0.1:10248"),
		"endpoint": verify.WithEndpoint("tcp://127.0.0.1:1"),
	} {
		_, err := verify.Node(context.Background(), containerdNode("", "2.2"), opt)
		assert.Error(t, err, name)
	}
}

// TestVarRunUnderRoot: CRI-O's /var/run/crio/crio.sock is found at
// /run/crio/crio.sock under the root, as /var/run is a link to /run that
// would otherwise resolve outside it.
func TestVarRunUnderRoot(t *testing.T) {
	root, err := os.MkdirTemp("", "kn-root-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	require.NoError(t, os.MkdirAll(filepath.Join(root, "run", "crio"), 0o755))
	l, err := net.Listen("unix", filepath.Join(root, "run", "crio", "crio.sock"))
	require.NoError(t, err)
	srv := grpc.NewServer()
	registerFake(srv, crioFake(t, "registry.k8s.io/pause:3.10.1", "runc"))
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)

	rep, err := verify.Node(context.Background(), &kubenode.Node{Kubernetes: "1.34", Runtime: kubenode.CRIO, RuntimeVersion: "1.34"},
		verify.WithRoot(root), verify.WithoutKubelet())
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings)
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, "unix://"+filepath.Join(root, "run", "crio", "crio.sock"), rep.Runtime.Endpoint)
}
