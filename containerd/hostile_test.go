package containerd_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// hostileTOML are files that cost go-toml or the walk over what it
// decodes far more than their size: the 40 KB of inline tables
// nested 10,000 deep (out of memory in the walk), the same nesting by dotted key, and
// more keys in one table than go-toml checks for duplicates in linear
// time.
func hostileTOML() map[string]string {
	var keys strings.Builder
	keys.WriteString("version = 3\n")
	for i := range tomltree.MaxKeys {
		fmt.Fprintf(&keys, "k%d = %d\n", i, i)
	}
	return map[string]string{
		"inline tables 10,000 deep": "version = 3\nk=" + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n",
		"a dotted key 10,000 deep":  "version = 3\n" + strings.Repeat("a.", 10_000) + "k = 1\n",
		"too many keys":             keys.String(),
	}
}

// TestParseRefusesHostileTOML: each is one ErrTooLong problem, before
// anything is decoded or walked.
func TestParseRefusesHostileTOML(t *testing.T) {
	for name, data := range hostileTOML() {
		t.Run(name, func(t *testing.T) {
			_, err := containerd.Parse([]byte(data))
			fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))

			_, err = containerd.Load(nodeFiles(map[string]string{containerd.ConfigFile: data}), containerd.ConfigFile, v("2.2"))
			fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))

			in, err := containerd.Load(nodeFiles(map[string]string{
				containerd.ConfigFile:           "version = 3\nimports = ['conf.d/*.toml']\n",
				"/etc/containerd/conf.d/x.toml": data,
			}), containerd.ConfigFile, v("2.2"))
			require.NoError(t, err)
			inspecttest.RequireFindings(t, in.Findings, inspecttest.Error("/etc/containerd/conf.d/x.toml", field.ErrTooLong, ""))

			r := containerd.Inspect(nodeFiles(map[string]string{containerd.ConfigFile: data}), inspecttest.Given("2.2"))
			inspecttest.RequireFindings(t, r.Findings, inspecttest.Error(containerd.ConfigFile, field.ErrTooLong, ""))
			require.NotNil(t, r.Server, "containerd is there, on its default socket")

			_, err = hosts.Parse("docker.io", []byte(data))
			fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))
		})
	}
}

// TestInspectReportsAnUnreadableHostsFile: a hosts.toml that cannot be
// read was skipped as if the registry had none.
func TestInspectReportsAnUnreadableHostsFile(t *testing.T) {
	const file = "/etc/containerd/certs.d/docker.io/hosts.toml"
	m := inspecttest.NodeFS(map[string]string{
		containerd.ConfigFile: "version = 3\n[plugins.'io.containerd.cri.v1.images'.registry]\nconfig_path = '/etc/containerd/certs.d'\n",
		file:                  "server = 'https://registry-1.docker.io'\n",
	})
	r := containerd.Inspect(inspect.NewNode(inspecttest.Unreadable(m, file)), inspecttest.Given("2.2"))
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Error(file, field.ErrInvalid, ""))
}

// BenchmarkParseManyKeys parses a config.toml of MaxKeys keys, the most
// Parse takes: the time go-toml's quadratic duplicate check is held to.
func BenchmarkParseManyKeys(b *testing.B) {
	var keys strings.Builder
	keys.WriteString("version = 3\n")
	for i := range tomltree.MaxKeys - 1 {
		fmt.Fprintf(&keys, "k%d = %d\n", i, i)
	}
	data := []byte(keys.String())
	if _, err := containerd.Parse(data); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_, _ = containerd.Parse(data)
	}
}
