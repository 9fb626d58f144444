package harness

import (
	"path"
	"testing"
)

// CNIVersion is the release of containernetworking/plugins that
// .ci/install.d/cni.sh builds.
const CNIVersion = "1.10.0"

// CNIPluginNames are the plugins .ci/install.d/cni.sh builds: bridge and
// host-local for a single-node pod network, loopback for every pod's lo,
// portmap for hostPort.
var CNIPluginNames = []string{"bridge", "host-local", "loopback", "portmap"}

// CNIPlugins returns each CNI plugin of CNIPluginNames by name, with the
// host path of its executable ($KUBENODE_E2E_TOOLS/cni-plugins-1.10.0/NAME,
// the layout of /opt/cni/bin), or stops the test through Tool when one is
// missing. A test copies them into the node's CNI bin directory.
func CNIPlugins(t testing.TB) map[string]string {
	t.Helper()
	dir := "cni-plugins-" + CNIVersion
	plugins := make(map[string]string, len(CNIPluginNames))
	for _, name := range CNIPluginNames {
		plugins[name] = Tool(t, path.Join(dir, name))
	}
	return plugins
}
