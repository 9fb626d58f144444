package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestHostsFromMirrors(t *testing.T) {
	hosts, err := containerd.HostsFromMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example"},
		{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example"},
		{Registry: "docker.io", URL: "http://10.0.0.1:5000"},
		{Registry: runtime.DefaultRegistry, URL: "https://all.example/v2/proxy"},
	})
	require.NoError(t, err)
	require.Len(t, hosts, 3)
	assert.Equal(t, []string{"docker.io", "registry.k8s.io", "_default"},
		[]string{hosts[0].Registry, hosts[1].Registry, hosts[2].Registry})
	assert.Equal(t, "https://registry-1.docker.io", hosts[0].Server)
	assert.Equal(t, "https://registry.k8s.io", hosts[1].Server)
	assert.Empty(t, hosts[2].Server, "_default serves whatever registry an image names")
	assert.Equal(t, "/etc/containerd/certs.d/docker.io/hosts.toml", hosts[0].Path(containerd.DefaultConfigPath))

	for _, h := range hosts {
		out, err := h.Render()
		require.NoError(t, err)
		plantest.GoldenBytes(t, "testdata/hosts-"+h.Registry+".toml", out, *update)
		back, err := containerd.ParseHosts(h.Registry, out)
		require.NoError(t, err)
		assert.Equal(t, h, back)
	}

	_, err = containerd.HostsFromMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "ftp://x"}})
	assertProblem(t, err, problem{field.ErrInvalid, "mirrors[0].url"})
}

// containerd tries the hosts in file order; Render and ParseHosts keep it
// even where it is not sorted.
func TestHostsKeepOrder(t *testing.T) {
	urls := []string{"https://z.example", "https://a.example", "http://m.example:5000"}
	h := &containerd.Hosts{Registry: "ghcr.io", Server: "https://ghcr.io"}
	for _, u := range urls {
		h.Hosts = append(h.Hosts, containerd.Host{URL: u})
	}
	out, err := h.Render()
	require.NoError(t, err)
	back, err := containerd.ParseHosts("ghcr.io", out)
	require.NoError(t, err)
	var got []string
	for _, host := range back.Hosts {
		got = append(got, host.URL)
	}
	assert.Equal(t, urls, got)
}

func TestHostsEveryKey(t *testing.T) {
	yes := true
	h := &containerd.Hosts{
		Registry: "registry.internal:5000",
		Server:   "https://registry.internal:5000",
		Hosts: []containerd.Host{{
			URL:          "https://mirror.internal/v2/cache",
			Capabilities: []containerd.Capability{containerd.CapabilityPull, containerd.CapabilityResolve, containerd.CapabilityPush},
			SkipVerify:   &yes,
			CA:           []string{"/etc/certs/ca.pem", "ca2.pem"},
			Client:       [][2]string{{"/etc/certs/client.pem", "/etc/certs/client.key"}, {"both.pem", ""}},
			Header:       map[string][]string{"X-Custom": {"a", "b"}},
			OverridePath: true,
			Extra:        map[string]any{"dial_timeout": "3s"},
		}},
		Extra: map[string]any{"ca": "/etc/certs/server-ca.pem"},
	}
	out, err := h.Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/hosts-every-key.toml", out, *update)
	back, err := containerd.ParseHosts(h.Registry, out)
	require.NoError(t, err)
	assert.Equal(t, h, back)
}

// ParseHosts reads the short forms containerd accepts.
func TestParseHostsShortForms(t *testing.T) {
	h, err := containerd.ParseHosts("docker.io", []byte(lines(
		`server = "https://registry-1.docker.io"`,
		`[host."https://m.example"]`,
		`  capabilities = ["Pull", "resolve"]`,
		`  ca = "/etc/ca.pem"`,
		`  client = "/etc/client.pem"`,
		`  [host."https://m.example".header]`,
		`    Authorization = "Basic x"`,
	)))
	require.NoError(t, err)
	assert.Equal(t, containerd.Host{
		URL:          "https://m.example",
		Capabilities: []containerd.Capability{"pull", "resolve"},
		CA:           []string{"/etc/ca.pem"},
		Client:       [][2]string{{"/etc/client.pem", ""}},
		Header:       map[string][]string{"Authorization": {"Basic x"}},
	}, h.Hosts[0])

	_, err = containerd.ParseHosts("docker.io", []byte(lines(`[host."https://m.example"]`, `skip_verify = "yes"`, `client = [["a"]]`)))
	assertProblem(t, err, problem{field.ErrInvalid, `host."https://m.example".skip_verify`})
	assertProblem(t, err, problem{field.ErrInvalid, `host."https://m.example".client[0]`})
}

func TestHostsValidate(t *testing.T) {
	valid := func() *containerd.Hosts {
		return &containerd.Hosts{Registry: "docker.io", Server: containerd.DockerHubServer,
			Hosts: []containerd.Host{{URL: "https://m.example", Capabilities: []containerd.Capability{"pull"}}}}
	}
	require.NoError(t, valid().Validate())
	tests := []struct {
		name   string
		mutate func(h *containerd.Hosts)
		want   problem
	}{
		{"registry with a path", func(h *containerd.Hosts) { h.Registry = "docker.io/library" }, problem{field.ErrInvalid, "registry"}},
		{"server without scheme", func(h *containerd.Hosts) { h.Server = "registry-1.docker.io" }, problem{field.ErrInvalid, "server"}},
		{"host URL with a quote", func(h *containerd.Hosts) { h.Hosts[0].URL = `https://m.example/"` }, problem{field.ErrInvalid, `host."https://m.example/\""`}},
		{"host URL with a comma", func(h *containerd.Hosts) { h.Hosts[0].URL = "https://m.example/a,b" }, problem{field.ErrInvalid, `host."https://m.example/a,b"`}},
		{"duplicate host", func(h *containerd.Hosts) { h.Hosts = append(h.Hosts, h.Hosts[0]) }, problem{field.ErrDuplicate, `host."https://m.example"`}},
		{"unknown capability", func(h *containerd.Hosts) { h.Hosts[0].Capabilities = []containerd.Capability{"pul"} },
			problem{field.ErrNotSupported, `host."https://m.example".capabilities[0]`}},
		{"duplicate capability", func(h *containerd.Hosts) { h.Hosts[0].Capabilities = []containerd.Capability{"pull", "pull"} },
			problem{field.ErrDuplicate, `host."https://m.example".capabilities[1]`}},
		{"empty CA", func(h *containerd.Hosts) { h.Hosts[0].CA = []string{""} }, problem{field.ErrRequired, `host."https://m.example".ca[0]`}},
		{"bad header name", func(h *containerd.Hosts) { h.Hosts[0].Header = map[string][]string{"Bad Header": {"x"}} },
			problem{field.ErrInvalid, `host."https://m.example".header."Bad Header"`}},
		{"header value with newline", func(h *containerd.Hosts) { h.Hosts[0].Header = map[string][]string{"X": {"a\nb"}} },
			problem{field.ErrInvalid, `host."https://m.example".header.X`}},
		{"Extra sets server", func(h *containerd.Hosts) { h.Extra = map[string]any{"server": "https://x"} }, problem{field.ErrConflict, "server"}},
		{"host Extra sets ca", func(h *containerd.Hosts) { h.Hosts[0].Extra = map[string]any{"ca": "x"} },
			problem{field.ErrConflict, `host."https://m.example".ca`}},
		{"host Extra holds no TOML value", func(h *containerd.Hosts) { h.Hosts[0].Extra = map[string]any{"dial_timeout": nil} },
			problem{field.ErrInvalid, `host."https://m.example".dial_timeout`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := valid()
			tt.mutate(h)
			assertProblem(t, h.Validate(), tt.want)
			_, err := h.Render()
			assert.ErrorIs(t, err, tt.want.sentinel)
		})
	}
}
