// Package releasetest helps the components' tests of their release
// artifacts: golden files of the URLs and member maps, archives packed the
// way the projects pack theirs, and a mirror on 127.0.0.1 that serves them.
package releasetest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Artifacts is a component's artifact builder, such as
// containerd.Artifacts, with the options a test gives it.
type Artifacts func(version, arch string) ([]runtime.Artifact, error)

// Golden pins, in the txtar file at path, the plan summary (URLs, checksum
// URLs, member maps) of every version on both architectures, one section
// "<version>-<arch>" each.
func Golden(t *testing.T, path string, update bool, versions []string, artifacts Artifacts) {
	t.Helper()
	var a txtar.Archive
	for _, v := range versions {
		for _, arch := range runtime.Archs {
			arts, err := artifacts(v, arch)
			require.NoError(t, err, "%s %s", v, arch)
			b, err := (&runtime.Plan{Artifacts: arts}).Txtar()
			require.NoError(t, err)
			a.Files = append(a.Files, txtar.File{Name: v + "-" + arch, Data: []byte(runtime.TxtarFiles(b)[runtime.SummaryName])})
		}
	}
	plantest.GoldenBytes(t, path, txtar.Format(&a), update)
}

// Refusal is a release a component's Artifacts must refuse, with the
// problem it must report.
type Refusal struct {
	Name, Version, Arch string
	Opts                []upstream.Option
	Sentinel            error
	Path                string
}

// RequireRefusals runs artifacts on each refusal, a subtest each, and
// requires its problem (by sentinel and path).
func RequireRefusals(t *testing.T, artifacts func(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error), refusals ...Refusal) {
	t.Helper()
	for _, r := range refusals {
		t.Run(r.Name, func(t *testing.T) {
			_, err := artifacts(r.Version, r.Arch, r.Opts...)
			fieldtest.RequireProblem(t, err, r.Sentinel, r.Path)
		})
	}
}

// TarGz packs entries the way tar packs a directory: a name ending in "/"
// is a directory, every other name an executable (0755) holding body(name).
func TarGz(t *testing.T, body func(name string) string, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, n := range names {
		h := &tar.Header{Name: n, Mode: 0o755, Typeflag: tar.TypeDir, ModTime: time.Unix(0, 0)}
		var data []byte
		if !strings.HasSuffix(n, "/") {
			data = []byte(body(n))
			h.Typeflag, h.Size = tar.TypeReg, int64(len(data))
		}
		require.NoError(t, tw.WriteHeader(h))
		_, err := tw.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// SHA256 is the hex SHA-256 of b, as checksum files and pins spell it.
func SHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Serve serves files by URL path from 127.0.0.1 (ranges included, for
// resumed downloads) until the test ends, and returns its base URL.
func Serve(t *testing.T, files map[string][]byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Unix(0, 0), bytes.NewReader(data))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
