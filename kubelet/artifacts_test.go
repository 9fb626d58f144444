package kubelet_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// TestArtifactsGolden pins the kubelet's and crictl's URLs and member maps
// for the oldest and newest supported Kubernetes minors and one between,
// for both architectures.
func TestArtifactsGolden(t *testing.T) {
	var a txtar.Archive
	for _, v := range []string{"1.24.17", "1.31.4", "1.37.2"} {
		for _, arch := range runtime.Archs {
			arts, err := kubelet.Artifacts(v, arch)
			require.NoError(t, err, "%s %s", v, arch)
			b, err := (&runtime.Plan{Artifacts: arts}).Txtar()
			require.NoError(t, err)
			a.Files = append(a.Files, txtar.File{Name: v + "-" + arch, Data: []byte(runtime.TxtarFiles(b)[runtime.SummaryName])})
		}
	}
	plantest.GoldenBytes(t, "testdata/artifacts.txtar", txtar.Format(&a), *update)
}

func TestArtifactsRefuse(t *testing.T) {
	tests := []struct {
		name, version, arch string
		sentinel            error
		path                string
	}{
		{"release line only", "1.37", "amd64", field.ErrInvalid, "kubelet.version"},
		{"before dockershim removal", "1.23.17", "amd64", field.ErrNotSupported, "kubelet.version"},
		{"unknown arch", "1.37.2", "s390x", field.ErrNotSupported, "kubelet.arch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kubelet.Artifacts(tt.version, tt.arch)
			require.Error(t, err)
			for _, e := range field.AsList(err) {
				if errors.Is(e, tt.sentinel) && e.Path.String() == tt.path {
					return
				}
			}
			t.Fatalf("no %v at %s in:\n%v", tt.sentinel, tt.path, err)
		})
	}
}

// TestArtifactsInstallFromUpstreamLayout serves, as one mirror on
// 127.0.0.1, the kubelet binary with its bare-digest kubelet.sha256 at
// dl.k8s.io's path and crictl's tarball (one entry, crictl, as cri-tools'
// hack/release.sh packs it) with its .sha256 at GitHub's, and applies both.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	hexsum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	bin := []byte("kubelet\n")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	body := []byte("crictl\n")
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "crictl", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(body)), ModTime: time.Unix(0, 0)}))
	_, err := tw.Write(body)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	files := map[string][]byte{
		"/release/v1.37.2/bin/linux/arm64/kubelet":                                                      bin,
		"/release/v1.37.2/bin/linux/arm64/kubelet.sha256":                                               []byte(hexsum(bin)),
		"/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-arm64.tar.gz":        b.Bytes(),
		"/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-arm64.tar.gz.sha256": []byte(fmt.Sprintln(hexsum(b.Bytes()))),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(0, 0), bytes.NewReader(data))
	}))
	defer srv.Close()
	arts, err := kubelet.Artifacts("1.37.2", "arm64", runtime.WithReleaseMirror(srv.URL))
	require.NoError(t, err)
	root := t.TempDir()
	_, err = runtime.Apply(context.Background(), &runtime.Plan{Artifacts: arts}, runtime.ApplyOptions{Root: root})
	require.NoError(t, err)
	for path, want := range map[string]string{kubelet.DefaultBinaryPath: "kubelet\n", runtime.CrictlBinaryPath: "crictl\n"} {
		got, err := os.ReadFile(filepath.Join(root, path))
		require.NoError(t, err, path)
		assert.Equal(t, want, string(got))
	}
}
