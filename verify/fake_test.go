package verify_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// recording is what a real runtime answered over CRI, as e2e/verify
// records it (go test ./verify -record in the e2e module).
type recording struct {
	Version           json.RawMessage `json:"version"`
	Status            json.RawMessage `json:"status"`
	RuntimeConfig     json.RawMessage `json:"runtimeConfig,omitempty"`
	RuntimeConfigCode string          `json:"runtimeConfigCode,omitempty"`
	ListImages        json.RawMessage `json:"listImages"`
}

// fakeCRI is an in-process CRI server answering as a recorded runtime did.
type fakeCRI struct {
	runtimeapi.UnimplementedRuntimeServiceServer
	runtimeapi.UnimplementedImageServiceServer
	version       *runtimeapi.VersionResponse
	status        *runtimeapi.StatusResponse
	runtimeConfig *runtimeapi.RuntimeConfigResponse
	// runtimeConfigErr is RuntimeConfig's error (Unimplemented before
	// containerd 2.0).
	runtimeConfigErr error
	images           *runtimeapi.ListImagesResponse
}

// replay loads testdata/cri-NAME.json.
func replay(t *testing.T, name string) *fakeCRI {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "cri-"+name+".json"))
	require.NoError(t, err)
	var rec recording
	require.NoError(t, json.Unmarshal(data, &rec))
	f := &fakeCRI{version: &runtimeapi.VersionResponse{}, status: &runtimeapi.StatusResponse{}, images: &runtimeapi.ListImagesResponse{}}
	require.NoError(t, protojson.Unmarshal(rec.Version, f.version))
	require.NoError(t, protojson.Unmarshal(rec.Status, f.status))
	require.NoError(t, protojson.Unmarshal(rec.ListImages, f.images))
	if rec.RuntimeConfigCode != "" {
		c := codes.Unknown
		for i := codes.OK; i <= codes.Unauthenticated; i++ {
			if i.String() == rec.RuntimeConfigCode {
				c = i
			}
		}
		f.runtimeConfigErr = status.Error(c, "recorded")
	} else {
		f.runtimeConfig = &runtimeapi.RuntimeConfigResponse{}
		require.NoError(t, protojson.Unmarshal(rec.RuntimeConfig, f.runtimeConfig))
	}
	return f
}

func (f *fakeCRI) Version(context.Context, *runtimeapi.VersionRequest) (*runtimeapi.VersionResponse, error) {
	return f.version, nil
}

func (f *fakeCRI) Status(_ context.Context, r *runtimeapi.StatusRequest) (*runtimeapi.StatusResponse, error) {
	if r.GetVerbose() {
		return f.status, nil
	}
	return &runtimeapi.StatusResponse{Status: f.status.GetStatus(), RuntimeHandlers: f.status.GetRuntimeHandlers()}, nil
}

func (f *fakeCRI) RuntimeConfig(context.Context, *runtimeapi.RuntimeConfigRequest) (*runtimeapi.RuntimeConfigResponse, error) {
	return f.runtimeConfig, f.runtimeConfigErr
}

func (f *fakeCRI) ListImages(context.Context, *runtimeapi.ListImagesRequest) (*runtimeapi.ListImagesResponse, error) {
	return f.images, nil
}

// info returns the verbose info's config, decoded, for a test to change.
func (f *fakeCRI) config(t *testing.T) map[string]any {
	t.Helper()
	var c map[string]any
	require.NoError(t, json.Unmarshal([]byte(f.status.Info["config"]), &c))
	return c
}

// setConfig replaces the verbose info's config.
func (f *fakeCRI) setConfig(t *testing.T, c map[string]any) {
	t.Helper()
	data, err := json.Marshal(c)
	require.NoError(t, err)
	f.status.Info["config"] = string(data)
}

// serve serves f on a unix socket in a temp dir until the test ends and
// returns the socket's path.
func serve(t *testing.T, f *fakeCRI) string {
	t.Helper()
	path := shortSocket(t)
	l, err := net.Listen("unix", path)
	require.NoError(t, err)
	srv := grpc.NewServer()
	registerFake(srv, f)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return path
}

// shortSocket is a socket path in a temp dir of its own, short enough for
// a unix address.
func shortSocket(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kn-verify-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return filepath.Join(dir, "cri.sock")
}

// registerFake serves f's runtime and image services on srv.
func registerFake(srv *grpc.Server, f *fakeCRI) {
	runtimeapi.RegisterRuntimeServiceServer(srv, f)
	runtimeapi.RegisterImageServiceServer(srv, f)
}
