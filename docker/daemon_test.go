package docker_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestParseSeedDaemonJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-daemon.json")
	require.NoError(t, err)
	cfg, err := docker.Parse(data)
	require.NoError(t, err)
	assert.Equal(t, []string{"native.cgroupdriver=systemd"}, cfg.ExecOpts)
	assert.Equal(t, 10, *cfg.MaxConcurrentDownloads)
	assert.Equal(t, map[string]string{"max-size": "10m", "max-file": "3"}, cfg.LogOpts)
	assert.Equal(t, "/var/lib/docker", cfg.DataRoot)
	assert.Empty(t, cfg.Extra)
	assert.Equal(t, "systemd", string(cfg.CgroupDriver()))

	out, err := cfg.Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/seed-daemon.rendered.json", out, *update)
}

func TestRenderParseRenderIsStable(t *testing.T) {
	for _, path := range []string{"testdata/seed-daemon.json", "testdata/every-key.json"} {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			cfg, err := docker.Parse(data)
			require.NoError(t, err)
			first, err := cfg.Render()
			require.NoError(t, err)
			parsed, err := docker.Parse(first)
			require.NoError(t, err)
			second, err := parsed.Render()
			require.NoError(t, err)
			assert.Equal(t, string(first), string(second))
			again, err := docker.Parse(second)
			require.NoError(t, err)
			assert.Equal(t, parsed, again, "parse(render(x)) == x")
		})
	}
}

func TestParseKeepsUnknownKeys(t *testing.T) {
	cfg, err := docker.Parse([]byte(`{"log-level":"warn","default-network-opts":{"bridge":{"com.docker.network.driver.mtu":"1400"}},"Log-Level":"x"}`))
	require.NoError(t, err)
	assert.Equal(t, "warn", cfg.LogLevel)
	assert.JSONEq(t, `{"bridge":{"com.docker.network.driver.mtu":"1400"}}`, string(cfg.Extra["default-network-opts"]))
	assert.JSONEq(t, `"x"`, string(cfg.Extra["Log-Level"]), "keys match exactly, as dockerd's do")
	out, err := cfg.Render()
	require.NoError(t, err)
	assert.Equal(t, `{
  "Log-Level": "x",
  "default-network-opts": {
    "bridge": {
      "com.docker.network.driver.mtu": "1400"
    }
  },
  "log-level": "warn"
}
`, string(out))
}

func TestParseRefusesWrongTypes(t *testing.T) {
	for _, data := range []string{
		`{"max-concurrent-downloads": "10"}`,
		`{"exec-opts": "native.cgroupdriver=systemd"}`,
		`{"live-restore": "yes"}`,
		`[]`,
		`{"log-opts": {`,
	} {
		_, err := docker.Parse([]byte(data))
		assert.Error(t, err, data)
	}
	// A value of the wrong type is a problem at its key.
	_, err := docker.Parse([]byte(`{"log-level": "warn", "max-concurrent-downloads": "10"}`))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "max-concurrent-downloads").Value(`"10"`))
	cfg, err := docker.Parse([]byte("  \n"))
	require.NoError(t, err)
	assert.Equal(t, &docker.DaemonConfig{}, cfg)
}

func TestRenderRefusesExtraThatBreaksTheFile(t *testing.T) {
	cfg := &docker.DaemonConfig{LogLevel: "info", Extra: map[string]json.RawMessage{
		"log-level": json.RawMessage(`"debug"`),
		"bip6":      json.RawMessage(`{`),
	}}
	_, err := cfg.Render()
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrDuplicate, "log-level"),
		fieldtest.Match(field.ErrInvalid, "bip6"),
	)
}
