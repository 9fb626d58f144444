package hosts_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/runtime"
)

// seeds are the golden hosts.toml files of this package and those of the
// containerd Installer's golden plans, so the fuzzer starts from real files.
func seeds(f *testing.F) [][]byte {
	own, err := filepath.Glob("testdata/*.toml")
	require.NoError(f, err)
	plans, err := filepath.Glob("../testdata/*.txtar")
	require.NoError(f, err)
	var out [][]byte
	for _, name := range append(own, plans...) {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		if !strings.HasSuffix(name, ".txtar") {
			out = append(out, data)
			continue
		}
		for path, content := range runtime.TxtarFiles(data) {
			if strings.HasSuffix(path, hosts.FileName) {
				out = append(out, []byte(content))
			}
		}
	}
	return out
}

// FuzzParse: Parse never panics, and a hosts.toml it accepts that renders
// parses back to the same File and renders to the same bytes.
func FuzzParse(f *testing.F) {
	for _, data := range seeds(f) {
		f.Add(data)
	}
	f.Add([]byte("server = 'https://registry-1.docker.io'\n[host.'https://m.example']\ncapabilities = ['pull']\n"))
	f.Add([]byte("[host.'https://b.example']\n[host.'https://a.example']\nca = '/ca.pem'\nclient = [['c', 'k']]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := hosts.Parse("docker.io", data)
		if err != nil {
			return
		}
		out, err := h.Render()
		if err != nil {
			return
		}
		back, err := hosts.Parse("docker.io", out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, h, back, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}
