package harness

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCNIPlugins runs every plugin CNIPlugins returns with CNI_COMMAND=VERSION,
// which each answers without touching the network, and checks that it
// supports the spec version the conflists of e2e/pods name.
func TestCNIPlugins(t *testing.T) {
	plugins := CNIPlugins(t)
	if len(plugins) != len(CNIPluginNames) {
		t.Fatalf("CNIPlugins returned %d plugins, want %d", len(plugins), len(CNIPluginNames))
	}
	for _, name := range CNIPluginNames {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, plugins[name])
		cmd.Env = []string{"CNI_COMMAND=VERSION"}
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Errorf("%s CNI_COMMAND=VERSION: %v", plugins[name], err)
			continue
		}
		if !strings.Contains(string(out), `"1.0.0"`) {
			t.Errorf("%s supports %s, want CNI spec 1.0.0 among them", name, out)
		}
	}
}
