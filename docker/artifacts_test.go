package docker_test

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

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/plantest"
)

const pin = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// TestArtifactsGolden pins the URL and member map of a release of every
// supported Docker line, for both architectures.
func TestArtifactsGolden(t *testing.T) {
	var a txtar.Archive
	for _, v := range []string{"20.10.24", "23.0.6", "24.0.9", "25.0.5", "26.1.4", "27.5.1", "28.5.2", "29.7.0"} {
		for _, arch := range runtime.Archs {
			arts, err := docker.Artifacts(v, arch, runtime.WithSHA256("docker-"+v+".tgz", pin))
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
		opts                []runtime.ReleaseOption
		sentinel            error
		path                string
	}{
		{"no pinned digest", "28.5.2", "amd64", nil, field.ErrRequired, `sha256."docker-28.5.2.tgz"`},
		{"digest pinned for another release", "28.5.2", "amd64", []runtime.ReleaseOption{runtime.WithSHA256("docker-28.5.1.tgz", pin)}, field.ErrRequired, `sha256."docker-28.5.2.tgz"`},
		{"release line only", "28.5", "amd64", nil, field.ErrInvalid, "docker.version"},
		{"never released", "22.0.1", "amd64", nil, field.ErrNotSupported, "docker.version"},
		{"unknown arch", "28.5.2", "armhf", nil, field.ErrNotSupported, "docker.arch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docker.Artifacts(tt.version, tt.arch, tt.opts...)
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

// TestArtifactsInstallFromUpstreamLayout serves, as a mirror of the static
// directory on 127.0.0.1, an archive laid out like docker-<v>.tgz (every
// binary under docker/, as Docker's guide copies docker/* to /usr/bin) and
// applies the artifact with its pinned digest.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "docker/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: time.Unix(0, 0)}))
	for _, n := range []string{"containerd", "containerd-shim-runc-v2", "ctr", "docker", "docker-init", "docker-proxy", "dockerd", "runc"} {
		body := []byte(n + "\n")
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: "docker/" + n, Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(body)), ModTime: time.Unix(0, 0)}))
		_, err := tw.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	archive := b.Bytes()
	sum := sha256.Sum256(archive)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/docker-ce/linux/static/stable/aarch64/docker-26.1.4.tgz" {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(0, 0), bytes.NewReader(archive))
	}))
	defer srv.Close()
	arts, err := docker.Artifacts("26.1.4", "arm64", runtime.WithReleaseMirror(srv.URL+"/docker-ce"), runtime.WithSHA256("docker-26.1.4.tgz", hex.EncodeToString(sum[:])))
	require.NoError(t, err)
	root := t.TempDir()
	_, err = runtime.Apply(context.Background(), &runtime.Plan{Artifacts: arts}, runtime.ApplyOptions{Root: root})
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, docker.DefaultDockerd))
	require.NoError(t, err)
	assert.Equal(t, "dockerd\n", string(got))
	entries, _ := os.ReadDir(filepath.Join(root, "usr/bin"))
	assert.Len(t, entries, 8)
}
