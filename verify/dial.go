package verify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// socketOf is the socket path of a unix:// endpoint or of an absolute
// path, or "" for anything else.
func socketOf(endpoint string) string {
	if len(endpoint) > 0 && endpoint[0] == '/' {
		return endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "unix" || u.Path == "" || u.Path[0] != '/' {
		return ""
	}
	return u.Path
}

// maxSunPath is the longest path connect(2) takes for a unix socket.
const maxSunPath = 107

// dialUnix connects to the unix socket at path within ctx. A path longer
// than a sockaddr holds (a socket under /proc/PID/root/... or a deep temp
// dir) is reached through /proc/self/fd of the socket file opened O_PATH,
// which Linux lets connect(2) name instead.
func dialUnix(ctx context.Context, path string) (net.Conn, error) {
	var d net.Dialer
	if len(path) <= maxSunPath {
		return d.DialContext(ctx, "unix", path)
	}
	f, err := os.OpenFile(path, oPath, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return d.DialContext(ctx, "unix", fmt.Sprintf("/proc/self/fd/%d", f.Fd()))
}

// probe connects once to the socket at path and says, for a person, why it
// cannot: no socket there, nobody listening, or no answer in time.
func probe(ctx context.Context, path string) error {
	c, err := dialUnix(ctx, path)
	if err == nil {
		return c.Close()
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no socket there: the runtime is not running, or listens elsewhere")
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused: the socket is there but nothing listens on it")
	case errors.Is(err, syscall.EACCES) || errors.Is(err, os.ErrPermission):
		return errors.New("permission denied: run as a user the socket lets in (root, or its group)")
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return errors.New("no answer in time")
	}
	return err
}

// grpcConn is a gRPC client connection to the unix socket at path, dialed
// through dialUnix.
func grpcConn(path string) (*grpc.ClientConn, error) {
	return grpc.NewClient("passthrough:///cri",
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			return dialUnix(ctx, path)
		}),
		// The kubelet's own limit: a verbose Status carries whole configs.
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(16*1024*1024)),
	)
}
