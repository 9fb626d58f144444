package hosts_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestHostsFromMirrors(t *testing.T) {
	files, err := hosts.FromMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example"},
		{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example"},
		{Registry: "docker.io", URL: "http://10.0.0.1:5000"},
		{Registry: runtime.DefaultRegistry, URL: "https://all.example/v2/proxy"},
	})
	require.NoError(t, err)
	require.Len(t, files, 3)
	assert.Equal(t, []string{"docker.io", "registry.k8s.io", "_default"},
		[]string{files[0].Registry, files[1].Registry, files[2].Registry})
	assert.Equal(t, "https://registry-1.docker.io", files[0].Server)
	assert.Equal(t, "https://registry.k8s.io", files[1].Server)
	assert.Empty(t, files[2].Server, "_default serves whatever registry an image names")
	assert.Equal(t, "/etc/containerd/certs.d/docker.io/hosts.toml", files[0].Path("/etc/containerd/certs.d"))

	for _, h := range files {
		out, err := h.Render()
		require.NoError(t, err)
		plantest.GoldenBytes(t, "testdata/hosts-"+h.Registry+".toml", out, *update)
		back, err := hosts.Parse(h.Registry, out)
		require.NoError(t, err)
		assert.Equal(t, h, back)
	}

	_, err = hosts.FromMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "ftp://x"}})
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "mirrors[0].url")
}

// containerd tries the hosts in file order; Render and Parse keep it
// even where it is not sorted.
func TestHostsKeepOrder(t *testing.T) {
	urls := []string{"https://z.example", "https://a.example", "http://m.example:5000"}
	h := &hosts.File{Registry: "ghcr.io", Server: "https://ghcr.io"}
	for _, u := range urls {
		h.Hosts = append(h.Hosts, hosts.Host{URL: u})
	}
	out, err := h.Render()
	require.NoError(t, err)
	back, err := hosts.Parse("ghcr.io", out)
	require.NoError(t, err)
	var got []string
	for _, host := range back.Hosts {
		got = append(got, host.URL)
	}
	assert.Equal(t, urls, got)
}

func TestHostsEveryKey(t *testing.T) {
	yes := true
	h := &hosts.File{
		Registry: "registry.internal:5000",
		Server:   "https://registry.internal:5000",
		Hosts: []hosts.Host{{
			URL:          "https://mirror.internal/v2/cache",
			Capabilities: []hosts.Capability{hosts.CapabilityPull, hosts.CapabilityResolve, hosts.CapabilityPush},
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
	back, err := hosts.Parse(h.Registry, out)
	require.NoError(t, err)
	assert.Equal(t, h, back)
}

// Parse reads the short forms containerd accepts.
func TestParseHostsShortForms(t *testing.T) {
	h, err := hosts.Parse("docker.io", []byte(lines(
		`server = "https://registry-1.docker.io"`,
		`[host."https://m.example"]`,
		`  capabilities = ["Pull", "resolve"]`,
		`  ca = "/etc/ca.pem"`,
		`  client = "/etc/client.pem"`,
		`  [host."https://m.example".header]`,
		`    Authorization = "Basic x"`,
	)))
	require.NoError(t, err)
	assert.Equal(t, hosts.Host{
		URL:          "https://m.example",
		Capabilities: []hosts.Capability{"pull", "resolve"},
		CA:           []string{"/etc/ca.pem"},
		Client:       [][2]string{{"/etc/client.pem", ""}},
		Header:       map[string][]string{"Authorization": {"Basic x"}},
	}, h.Hosts[0])

	_, err = hosts.Parse("docker.io", []byte(lines(`[host."https://m.example"]`, `skip_verify = "yes"`, `client = [["a"]]`)))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, `host."https://m.example".skip_verify`)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, `host."https://m.example".client[0]`)
}

func TestHostsValidate(t *testing.T) {
	valid := func() *hosts.File {
		return &hosts.File{Registry: "docker.io", Server: hosts.DockerHubServer,
			Hosts: []hosts.Host{{URL: "https://m.example", Capabilities: []hosts.Capability{"pull"}}}}
	}
	require.NoError(t, valid().Validate())
	tests := []struct {
		name   string
		mutate func(h *hosts.File)
		want   fieldtest.Matcher
	}{
		{"registry with a path", func(h *hosts.File) { h.Registry = "docker.io/library" }, fieldtest.Match(field.ErrInvalid, "registry")},
		{"server without scheme", func(h *hosts.File) { h.Server = "registry-1.docker.io" }, fieldtest.Match(field.ErrInvalid, "server")},
		{"host URL with a quote", func(h *hosts.File) { h.Hosts[0].URL = `https://m.example/"` }, fieldtest.Match(field.ErrInvalid, `host."https://m.example/\""`)},
		{"host URL with a comma", func(h *hosts.File) { h.Hosts[0].URL = "https://m.example/a,b" }, fieldtest.Match(field.ErrInvalid, `host."https://m.example/a,b"`)},
		{"duplicate host", func(h *hosts.File) { h.Hosts = append(h.Hosts, h.Hosts[0]) }, fieldtest.Match(field.ErrDuplicate, `host."https://m.example"`)},
		{"unknown capability", func(h *hosts.File) { h.Hosts[0].Capabilities = []hosts.Capability{"pul"} },
			fieldtest.Match(field.ErrNotSupported, `host."https://m.example".capabilities[0]`)},
		{"duplicate capability", func(h *hosts.File) { h.Hosts[0].Capabilities = []hosts.Capability{"pull", "pull"} },
			fieldtest.Match(field.ErrDuplicate, `host."https://m.example".capabilities[1]`)},
		{"empty CA", func(h *hosts.File) { h.Hosts[0].CA = []string{""} }, fieldtest.Match(field.ErrRequired, `host."https://m.example".ca[0]`)},
		{"bad header name", func(h *hosts.File) { h.Hosts[0].Header = map[string][]string{"Bad Header": {"x"}} },
			fieldtest.Match(field.ErrInvalid, `host."https://m.example".header."Bad Header"`)},
		{"header value with newline", func(h *hosts.File) { h.Hosts[0].Header = map[string][]string{"X": {"a\nb"}} },
			fieldtest.Match(field.ErrInvalid, `host."https://m.example".header.X`)},
		{"Extra sets server", func(h *hosts.File) { h.Extra = map[string]any{"server": "https://x"} }, fieldtest.Match(field.ErrConflict, "server")},
		{"host Extra sets ca", func(h *hosts.File) { h.Hosts[0].Extra = map[string]any{"ca": "x"} },
			fieldtest.Match(field.ErrConflict, `host."https://m.example".ca`)},
		{"host Extra holds no TOML value", func(h *hosts.File) { h.Hosts[0].Extra = map[string]any{"dial_timeout": nil} },
			fieldtest.Match(field.ErrInvalid, `host."https://m.example".dial_timeout`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := valid()
			tt.mutate(h)
			fieldtest.Require(t, h.Validate(), tt.want)
			_, err := h.Render()
			fieldtest.Require(t, err, tt.want)
		})
	}
}
