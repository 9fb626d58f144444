package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// fakeContainerd answers CRI as a ready containerd 2.2.9 with the systemd
// cgroup driver and a CNI config.
type fakeContainerd struct {
	runtimeapi.UnimplementedRuntimeServiceServer
}

func (fakeContainerd) Version(context.Context, *runtimeapi.VersionRequest) (*runtimeapi.VersionResponse, error) {
	return &runtimeapi.VersionResponse{Version: "0.1.0", RuntimeName: "containerd", RuntimeVersion: "2.2.9", RuntimeApiVersion: "v1"}, nil
}

func (fakeContainerd) Status(context.Context, *runtimeapi.StatusRequest) (*runtimeapi.StatusResponse, error) {
	return &runtimeapi.StatusResponse{
		Status: &runtimeapi.RuntimeStatus{Conditions: []*runtimeapi.RuntimeCondition{
			{Type: runtimeapi.RuntimeReady, Status: true}, {Type: runtimeapi.NetworkReady, Status: true}}},
		RuntimeHandlers: []*runtimeapi.RuntimeHandler{{}, {Name: "runc"}},
	}, nil
}

func (fakeContainerd) RuntimeConfig(context.Context, *runtimeapi.RuntimeConfigRequest) (*runtimeapi.RuntimeConfigResponse, error) {
	return &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_SYSTEMD}}, nil
}

// serveFake serves fakeContainerd on a socket under a temp dir and returns
// its path.
func serveFake(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kn-lint-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	sock := filepath.Join(dir, "cri.sock")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	srv := grpc.NewServer()
	runtimeapi.RegisterRuntimeServiceServer(srv, fakeContainerd{})
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return sock
}

// -verify asks the runtime: one that runs as described prints nothing and
// exits 0; another release is a drift, printed, exit 1; a socket that is
// not there is an error on the node's socket.
func TestVerify(t *testing.T) {
	sock := serveFake(t)
	code, out, stderr := runLint(t, "-verify", "-containerd", "2.2.9", "-endpoint", "unix://"+sock, "-no-kubelet")
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, out)

	code, out, stderr = runLint(t, "-verify", "-containerd", "2.4", "-endpoint", "unix://"+sock, "-no-kubelet")
	assert.Equal(t, 1, code, stderr)
	assert.Equal(t, `error /run/containerd/containerd.sock: version.runtimeVersion: drift: running "2.2.9", planned "2.4": the files were written for another release than the one running`+"\n", out)

	code, out, stderr = runLint(t, "-verify", "-containerd", "2.2.9", "-no-kubelet", "-timeout", "2s", t.TempDir())
	assert.Equal(t, 1, code, stderr)
	assert.True(t, strings.HasPrefix(out, "error /run/containerd/containerd.sock: unreachable: "), out)
	assert.Equal(t, 1, strings.Count(out, "\n"), out)
}

func TestVerifyUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-verify", "-host"},
		{"-verify", "a", "b"},
		{"-verify", "-containerd", "2.2", "-crio", "1.34"},
		{"-verify", "-cgroup-driver", "none"},
		{"-verify", "-endpoint", "tcp://127.0.0.1:1"},
	} {
		code, out, stderr := runLint(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Empty(t, out, "%v", args)
		assert.NotEmpty(t, stderr, "%v", args)
	}
}
