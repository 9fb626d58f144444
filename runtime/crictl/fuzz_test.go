package crictl_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// FuzzParseCrictlConfig: Parse never panics, and a crictl.yaml
// it accepts that renders (Render validates) parses back to the same value
// and renders to the same bytes.
func FuzzParseCrictlConfig(f *testing.F) {
	for _, data := range crictlSeeds(f) {
		f.Add(data)
	}
	// The seed guide's crictl.yaml, as written by hand.
	f.Add([]byte("runtime-endpoint: \"unix:///var/run/cri-dockerd.sock\"\nimage-endpoint: \"unix:///var/run/cri-dockerd.sock\"\ntimeout: 10\ndebug: false\npull-image-on-create: true\ndisable-pull-on-run: false\n"))
	f.Add([]byte("runtime-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 2\ndebug: true\n"))
	f.Add([]byte("{\"runtime-endpoint\": \"unix:///var/run/crio/crio.sock\", \"pull-image-on-create\": true}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := crictl.Parse(data)
		if err != nil {
			return
		}
		out, err := c.Render()
		if err != nil {
			return
		}
		back, err := crictl.Parse(out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, c, back, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}

// crictlSeeds are the crictl.yaml files of package runtime's golden plans
// (../testdata), so the seeds follow what the goldens pin.
func crictlSeeds(f *testing.F) [][]byte {
	names, err := filepath.Glob(filepath.Join("..", "testdata", "*.txtar"))
	require.NoError(f, err)
	var seeds [][]byte
	for _, name := range names {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		if c, ok := runtime.TxtarFiles(data)[crictl.Path]; ok {
			seeds = append(seeds, []byte(c))
		}
	}
	require.NotEmpty(f, seeds, "no golden plan in ../testdata holds %s", crictl.Path)
	return seeds
}
