package cridockerd_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/plantest"
)

const pin = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// TestArtifactsGolden pins the URL and member map of the seed guide's
// release and of the newest of each supported line, for both
// architectures.
func TestArtifactsGolden(t *testing.T) {
	var a txtar.Archive
	for _, v := range []string{"0.3.15", "0.3.25", "0.4.3"} {
		for _, arch := range runtime.Archs {
			arts, err := cridockerd.Artifacts(v, arch, runtime.WithSHA256("cri-dockerd-"+v+"."+arch+".tgz", pin))
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
		{"no pinned digest", "0.4.0", "amd64", field.ErrRequired, `sha256."cri-dockerd-0.4.0.amd64.tgz"`},
		{"release line only", "0.4", "amd64", field.ErrInvalid, "cri-dockerd.version"},
		{"unknown release", "0.5.0", "amd64", field.ErrNotSupported, "cri-dockerd-version"},
		{"unknown arch", "0.4.0", "386", field.ErrNotSupported, "cri-dockerd.arch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cridockerd.Artifacts(tt.version, tt.arch)
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

// TestArtifactsInstallFromUpstreamLayout serves an archive packed like the
// project's (cri-dockerd/cri-dockerd) from 127.0.0.1 and applies it.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "cri-dockerd/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: time.Unix(0, 0)}))
	body := []byte("cri-dockerd\n")
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "cri-dockerd/cri-dockerd", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(body)), ModTime: time.Unix(0, 0)}))
	_, err := tw.Write(body)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	archive := b.Bytes()
	sum := sha256.Sum256(archive)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/Mirantis/cri-dockerd/releases/download/v0.3.15/cri-dockerd-0.3.15.amd64.tgz" {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(0, 0), bytes.NewReader(archive))
	}))
	defer srv.Close()
	arts, err := cridockerd.Artifacts("0.3.15", "amd64", runtime.WithReleaseMirror(srv.URL), runtime.WithSHA256("cri-dockerd-0.3.15.amd64.tgz", hex.EncodeToString(sum[:])))
	require.NoError(t, err)
	root := t.TempDir()
	_, err = runtime.Apply(context.Background(), &runtime.Plan{Artifacts: arts}, runtime.ApplyOptions{Root: root})
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, cridockerd.DefaultBinary))
	require.NoError(t, err)
	assert.Equal(t, "cri-dockerd\n", string(got))
	st, _ := os.Stat(filepath.Join(root, cridockerd.DefaultBinary))
	assert.Equal(t, os.FileMode(0o755), st.Mode().Perm(), "the guide's chmod +x is not needed")
}
