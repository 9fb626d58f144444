package docker_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
)

// FuzzParseDaemonConfig: no panic, and whatever parses renders and parses
// back to the same value.
func FuzzParseDaemonConfig(f *testing.F) {
	f.Add([]byte(`{"exec-opts":["native.cgroupdriver=systemd"],"log-opts":{"max-size":"10m"}}`))
	f.Add([]byte(`{"graph":"/x","runtimes":{"kata":{"runtimeType":"io.containerd.kata.v2"}}}`))
	f.Add([]byte(`{"default-ulimits":{"nofile":{"Name":"nofile","Hard":1,"Soft":1}},"proxies":{"no-proxy":"a"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := docker.ParseDaemonConfig(data)
		if err != nil {
			return
		}
		out, err := cfg.Render()
		if err != nil {
			return
		}
		back, err := docker.ParseDaemonConfig(out)
		require.NoError(t, err)
		again, err := back.Render()
		require.NoError(t, err)
		assert.Equal(t, string(out), string(again))
	})
}
