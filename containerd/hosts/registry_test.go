package hosts_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestFromRegistry(t *testing.T) {
	cert, key := testpki.Pair(t, "registry.example.com")
	r := runtime.Registry{
		Host:       "registry.example.com:5000",
		Mirrors:    []runtime.RegistryMirror{{URL: "https://mirror.example.com"}, {URL: "https://pull-only.example.com", Capabilities: []runtime.Capability{runtime.CapabilityPull}}},
		CA:         cert,
		ClientCert: cert,
		ClientKey:  key,
		SkipVerify: true,
	}
	h, files, err := hosts.FromRegistry("/etc/containerd/certs.d", r)
	require.NoError(t, err)
	out, err := h.Render()
	require.NoError(t, err)
	want := `ca = ['/etc/containerd/certs.d/registry.example.com:5000/ca.crt']
client = [['/etc/containerd/certs.d/registry.example.com:5000/client.cert', '/etc/containerd/certs.d/registry.example.com:5000/client.key']]
server = 'https://registry.example.com:5000'
skip_verify = true

[host]
  [host.'https://mirror.example.com']
    ca = ['/etc/containerd/certs.d/registry.example.com:5000/ca.crt']
    capabilities = ['pull', 'resolve']
    client = [['/etc/containerd/certs.d/registry.example.com:5000/client.cert', '/etc/containerd/certs.d/registry.example.com:5000/client.key']]
    skip_verify = true

  [host.'https://pull-only.example.com']
    ca = ['/etc/containerd/certs.d/registry.example.com:5000/ca.crt']
    capabilities = ['pull']
    client = [['/etc/containerd/certs.d/registry.example.com:5000/client.cert', '/etc/containerd/certs.d/registry.example.com:5000/client.key']]
    skip_verify = true
`
	assert.Equal(t, want, string(out))
	back, err := hosts.Parse(r.Host, out)
	require.NoError(t, err)
	again, err := back.Render()
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again), "render, parse, render")

	require.Len(t, files, 3)
	modes := map[string]uint32{}
	for _, f := range files {
		modes[f.Path[strings.LastIndexByte(f.Path, '/')+1:]] = uint32(f.Mode)
		assert.False(t, bytes.Contains(out, f.Content), "hosts.toml names %s, never holds it", f.Path)
	}
	assert.Equal(t, map[string]uint32{hosts.CAFile: 0o644, hosts.ClientCertFile: 0o644, hosts.ClientKeyFile: 0o600}, modes)
	assert.Equal(t, key.Reveal(), string(files[2].Content))
}

func TestFromRegistryPlainHTTP(t *testing.T) {
	h, files, err := hosts.FromRegistry("/etc/containerd/certs.d", runtime.Registry{Host: "dev-registry.corp.example:5000", PlainHTTP: true})
	require.NoError(t, err)
	assert.Empty(t, files)
	out, err := h.Render()
	require.NoError(t, err)
	// The empty [host] table is what containerd 1.6 needs to read the file.
	assert.Equal(t, "server = 'http://dev-registry.corp.example:5000'\n\n[host]\n", string(out))

	_, _, err = hosts.FromRegistry("/etc/containerd/certs.d", runtime.Registry{Host: "x.example", PlainHTTP: true, SkipVerify: true})
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "registry.plainHTTP"))
}
