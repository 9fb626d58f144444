package pods_test

import (
	"archive/tar"
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
)

// The images the registry holds, by repository and tag. The pause images
// take the place of registry.k8s.io's; the app image is the pods'.
const (
	pauseRepo  = "pause"
	pauseTag   = "3.10.1" // the Node names it: PauseImage
	pauseTag2  = "kubenode-e2e"
	appRepo    = "kubenode-e2e/app"
	appTag     = "1.0"
	appTag2    = "2.0"
	mirroredOf = "registry.k8s.io"
)

// nodeIP is the node's address in its network namespace, on its loopback
// device: the kubelet's --node-ip (which may not be 127.0.0.0/8) and the
// registry's address. registryAddr is where the registry serves, so that
// a runtime reaches it only through the files kubenode wrote (Docker
// treats only 127.0.0.0/8 as plain HTTP on its own).
const (
	nodeIP       = "10.0.0.10"
	registryAddr = nodeIP + ":5000"
	// deadMirror is a mirror address where nothing listens.
	deadMirror = nodeIP + ":5001"
)

// podRegistry is go-containerregistry's in-memory registry, served on the
// host's loopback (where the test pushes) and on registryAddr in the node's
// network namespace (where the runtime pulls); it records what the
// runtime asked for.
type podRegistry struct {
	mu       sync.Mutex
	requests []string
}

// startRegistry builds the pause and app images from podprog and serves
// them to s's network namespace.
func startRegistry(t *testing.T, s *harness.Systemd) *podRegistry {
	t.Helper()
	r := &podRegistry{}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	push := httptest.NewServer(h)
	t.Cleanup(push.Close)

	l, err := harness.NetnsListen(s.PID, "tcp", registryAddr)
	require.NoError(t, err, "listen on %s in the node's network namespace", registryAddr)
	t.Cleanup(func() { _ = l.Close() })
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.requests = append(r.requests, req.Method+" "+req.URL.RequestURI())
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })

	bin := buildProgram(t, "podprog")
	host := strings.TrimPrefix(push.URL, "http://")
	for _, im := range []struct{ repo, tag, file string }{
		{pauseRepo, pauseTag, "pause"}, {pauseRepo, pauseTag2, "pause"}, {appRepo, appTag, "app"}, {appRepo, appTag2, "app"},
	} {
		ref, err := name.ParseReference(host+"/"+im.repo+":"+im.tag, name.Insecure)
		require.NoError(t, err)
		require.NoError(t, remote.Write(ref, oneFileImage(t, bin, im.file)), "push %s", ref)
	}
	return r
}

// pulled reports whether the runtime asked for the manifest of repo:tag
// (a HEAD or a GET: containerd resolves the tag with HEAD, then fetches
// by digest).
func (r *podRegistry) pulled(repo, tag string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.requests, func(q string) bool {
		_, uri, _ := strings.Cut(q, " ")
		return strings.HasPrefix(uri, "/v2/"+repo+"/manifests/"+tag)
	})
}

// Requests returns what the runtime asked the registry, in order.
func (r *podRegistry) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.requests)
}

// oneFileImage is a one-layer image holding bin as /file, its entrypoint,
// for the machine's platform.
func oneFileImage(t *testing.T, bin []byte, file string) v1.Image {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: file, Mode: 0o755, Size: int64(len(bin)), Typeflag: tar.TypeReg}))
	_, err := tw.Write(bin)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	})
	require.NoError(t, err)
	img, err := mutate.AppendLayers(empty.Image, layer)
	require.NoError(t, err)
	cf, err := img.ConfigFile()
	require.NoError(t, err)
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", goruntime.GOARCH
	cf.Config.Entrypoint = []string{"/" + file}
	img, err = mutate.ConfigFile(img, cf)
	require.NoError(t, err)
	return img
}

// buildProgram builds testdata/NAME as a static binary and returns it.
func buildProgram(t *testing.T, prog string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), prog)
	buildTo(t, prog, out)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	return data
}

// buildTo builds testdata/NAME, static, to the path out.
func buildTo(t *testing.T, prog, out string) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the test's images")
	cmd := exec.Command(goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./testdata/"+prog)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./testdata/%s: %s", prog, b)
}
