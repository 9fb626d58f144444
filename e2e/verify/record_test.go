package verify_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// recording is what a runtime answered over CRI, as the library's unit
// tests replay it (verify/testdata/cri-*.json).
type recording struct {
	Version       json.RawMessage `json:"version"`
	Status        json.RawMessage `json:"status"`
	RuntimeConfig json.RawMessage `json:"runtimeConfig,omitempty"`
	// RuntimeConfigCode is the gRPC code of a RuntimeConfig call that
	// failed (Unimplemented before containerd 2.0).
	RuntimeConfigCode string          `json:"runtimeConfigCode,omitempty"`
	ListImages        json.RawMessage `json:"listImages"`
}

// recordCRI asks the runtime on the socket at path what verify.Node asks,
// and writes the answers to verify/testdata/cri-NAME.json.
func recordCRI(t *testing.T, socket, name string) {
	t.Helper()
	if !*record {
		return
	}
	conn, err := grpc.NewClient("passthrough:///cri", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		}))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rs, is := runtimeapi.NewRuntimeServiceClient(conn), runtimeapi.NewImageServiceClient(conn)
	var rec recording
	v, err := rs.Version(ctx, &runtimeapi.VersionRequest{Version: "v1"})
	require.NoError(t, err)
	rec.Version = marshal(t, v)
	st, err := rs.Status(ctx, &runtimeapi.StatusRequest{Verbose: true})
	require.NoError(t, err)
	rec.Status = marshal(t, st)
	rc, err := rs.RuntimeConfig(ctx, &runtimeapi.RuntimeConfigRequest{})
	if err != nil {
		rec.RuntimeConfigCode = status.Code(err).String()
	} else {
		rec.RuntimeConfig = marshal(t, rc)
	}
	imgs, err := is.ListImages(ctx, &runtimeapi.ListImagesRequest{})
	require.NoError(t, err)
	rec.ListImages = marshal(t, imgs)
	data, err := json.MarshalIndent(rec, "", "  ")
	require.NoError(t, err)
	dir := testdataDir(t)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cri-"+name+".json"), append(data, '\n'), 0o644))
}

func marshal(t *testing.T, m proto.Message) json.RawMessage {
	t.Helper()
	data, err := protojson.Marshal(m)
	require.NoError(t, err)
	return data
}
