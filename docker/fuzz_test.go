package docker_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/internal/roundtrip"
	"github.com/kubenode/kubenode/runtime"
)

// daemonSeeds are this package's daemon.json files: the golden ones, the
// seed guide's, and those inside the golden plans.
func daemonSeeds(f *testing.F) [][]byte {
	names, err := filepath.Glob("testdata/*")
	require.NoError(f, err)
	var seeds [][]byte
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, ".json"):
			data, err := os.ReadFile(name)
			require.NoError(f, err)
			seeds = append(seeds, data)
		case strings.HasSuffix(name, ".txtar"):
			data, err := os.ReadFile(name)
			require.NoError(f, err)
			if c, ok := runtime.TxtarFiles(data)[docker.DaemonPath]; ok {
				seeds = append(seeds, []byte(c))
			}
		}
	}
	return seeds
}

// FuzzParseDaemonConfig: no panic, and whatever parses and renders parses
// back to the same value (an empty list or map being no list or map) and
// renders to the same bytes.
func FuzzParseDaemonConfig(f *testing.F) {
	for _, data := range daemonSeeds(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"exec-opts":["native.cgroupdriver=systemd"],"log-opts":{"max-size":"10m"}}`))
	f.Add([]byte(`{"graph":"/x","runtimes":{"kata":{"runtimeType":"io.containerd.kata.v2"}}}`))
	f.Add([]byte(`{"default-ulimits":{"nofile":{"Name":"nofile","Hard":1,"Soft":1}},"proxies":{"no-proxy":"a"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := docker.Parse(data)
		if err != nil {
			return
		}
		out, err := cfg.Render()
		if err != nil {
			return
		}
		back, err := docker.Parse(out)
		require.NoError(t, err, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
		// Render leaves out an empty list or map, as it leaves out every
		// unset key: dockerd's default is the same.
		require.Equal(t, roundtrip.NilEmpty(cfg), roundtrip.NilEmpty(back), "%s", out)
	})
}
