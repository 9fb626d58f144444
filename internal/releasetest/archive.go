package releasetest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

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
