package hosts

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/tomltree"
)

func encodeTOML(t *testing.T, doc any) string {
	t.Helper()
	data, err := tomltree.Encode(doc)
	require.NoError(t, err)
	return string(data)
}

// The typed document is the tree, byte for byte, for every key of a host
// alone and all together, with and without a server and hosts.
func TestDocumentIsTheTree(t *testing.T) {
	yes, no := true, false
	full := Host{
		URL:          "https://b.example/v2",
		Capabilities: []Capability{CapabilityPull, CapabilityResolve, CapabilityPush},
		SkipVerify:   &yes,
		CA:           []string{"/etc/ca.pem", "ca2.pem"},
		Client:       [][2]string{{"/etc/c.pem", "/etc/c.key"}, {"both.pem", ""}},
		Header:       map[string][]string{"X-B": {"b"}, "X-A": {"a", "a2"}, "X-Empty": {}, "X-Nil": nil},
		OverridePath: true,
	}
	files := map[string]*File{
		"nothing":           {Registry: "_default"},
		"server alone":      {Registry: "docker.io", Server: DockerHubServer},
		"host alone":        {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example"}}},
		"capabilities":      {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", Capabilities: []Capability{CapabilityPull}}}},
		"skip verify false": {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", SkipVerify: &no}}},
		"ca":                {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", CA: []string{"ca.pem"}}}},
		"client":            {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", Client: [][2]string{{"c.pem", "k.pem"}}}}},
		"header":            {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", Header: map[string][]string{"X": {"y"}}}}},
		"override path":     {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", OverridePath: true}}},
		"everything": {Registry: "registry.internal:5000", Server: "https://registry.internal:5000",
			Hosts: []Host{{URL: "https://a.example", Capabilities: []Capability{CapabilityPull}}, full, {URL: "https://c.example"}}},
	}
	for name, h := range files {
		typed, ok := h.typedDocument()
		require.True(t, ok, name)
		require.Equal(t, encodeTOML(t, h.tree()), encodeTOML(t, typed), name)
	}

	for name, h := range map[string]*File{
		"file Extra":     {Registry: "docker.io", Extra: map[string]any{"ca": "x"}},
		"host Extra":     {Registry: "docker.io", Hosts: []Host{{URL: "https://m.example", Extra: map[string]any{"dial_timeout": "3s"}}}},
		"hosts unsorted": {Registry: "docker.io", Hosts: []Host{{URL: "https://z.example"}, {URL: "https://a.example"}}},
	} {
		_, ok := h.typedDocument()
		require.False(t, ok, "%s: only the tree holds it", name)
	}
}
