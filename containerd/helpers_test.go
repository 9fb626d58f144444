package containerd_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

var update = flag.Bool("update", false, "rewrite golden files")

// reference is `containerd config default` of each release kubenode embeds.
var references = []struct {
	file          string
	target        string
	configVersion int
}{
	{"containerd-1.6.20-default.toml", "1.6.20", 2},
	{"containerd-1.7.30-default.toml", "1.7.30", 2},
	{"containerd-2.2.9-default.toml", "2.2.9", 3},
	{"containerd-2.4.2-default.toml", "2.4.2", 4},
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func v(s string) runtime.Version { return runtime.MustParseVersion(s) }

// newConfig is New for a target, failing the test on error.
func newConfig(t *testing.T, target string, opts ...containerd.Option) *containerd.Config {
	t.Helper()
	c, err := containerd.New(append([]containerd.Option{containerd.WithVersion(target)}, opts...)...)
	require.NoError(t, err)
	return c
}

func assertNoProblems(t *testing.T, warnings field.ErrorList, err error) {
	t.Helper()
	require.NoError(t, err)
	require.Empty(t, warnings, "warnings:\n%v", warnings)
}

// Key paths of the v3 layout, as Validate names them.
const (
	v3Runtime = `plugins."io.containerd.cri.v1.runtime"`
	v3Images  = `plugins."io.containerd.cri.v1.images"`
	v2CRI     = `plugins."io.containerd.grpc.v1.cri"`
)

func runcKey(table, rest string) string {
	return table + ".containerd.runtimes.runc." + rest
}

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }
