package node_test

import (
	"context"
	"net/http"
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// nodeCase is one kind of node the tests build, for each cgroup driver.
type nodeCase struct {
	name       string
	kubernetes string
	runtime    kubenode.Runtime
	// containerd is the release of realcheck.ContainerdReleases a
	// containerd node runs on; the node is written for the exact release
	// that daemon reports (Debian's 1.6.20, say).
	containerd string
	// docker and criDockerd are a Docker node's Docker Engine (a dockerd
	// realcheck starts: DockerVersion or BuiltDockerdVersion) and the
	// cri-dockerd release that runs on it.
	docker, criDockerd string
}

var nodeCases = []nodeCase{
	{name: "containerd-2.4.2", kubernetes: "1.37", runtime: kubenode.Containerd, containerd: "2.4.2"},
	{name: "containerd-2.2.9", kubernetes: "1.35", runtime: kubenode.Containerd, containerd: "2.2.9"},
	{name: "containerd-1.7.35", kubernetes: "1.33", runtime: kubenode.Containerd, containerd: "1.7.35"},
	{name: "containerd-1.6", kubernetes: "1.31", runtime: kubenode.Containerd, containerd: "1.6"},
	// cri-dockerd 0.4.0 needs Docker Engine 23.0 (Docker's API 1.42).
	{name: "docker-28.5.2", kubernetes: "1.37", runtime: kubenode.Docker,
		docker: realcheck.BuiltDockerdVersion, criDockerd: realcheck.CRIDockerdVersion},
	// Debian's 20.10 with the cri-dockerd of the 0.3 branch, which asks for
	// API 1.26.
	{name: "docker-20.10", kubernetes: "1.37", runtime: kubenode.Docker,
		docker: realcheck.DockerVersion, criDockerd: realcheck.CRIDockerdBranch03Version},
	{name: "crio-1.34", kubernetes: "1.34", runtime: kubenode.CRIO},
}

// containerdBinary finds the daemon of the case's containerd release, or
// stops the test.
func (c nodeCase) containerdBinary(t *testing.T) string {
	t.Helper()
	for _, r := range realcheck.ContainerdReleases {
		if r.Version == c.containerd {
			return r.Binary(t)
		}
	}
	t.Fatalf("no containerd %s among realcheck.ContainerdReleases", c.containerd)
	return ""
}

// The node's other inputs, the same on every node.
var (
	nodeIPs    = []string{"192.168.1.31", "2001:db8::31"}
	nodeLabels = map[string]string{"node.kubernetes.io/pool": "e2e", "topology.kubernetes.io/zone": "a"}
	taint      = "dedicated=infra:NoSchedule"
)

// nodeUnderTest is one planned node and what the real programs reported
// about it.
type nodeUnderTest struct {
	node kubenode.Node
	plan *runtime.Plan
	// pause is the pause image the node pins (kubeadm's for its release).
	pause string
	// hubMirror and k8sMirror are live mirrors of docker.io and
	// registry.k8s.io on containerd nodes, whose pulls they record.
	hubMirror, k8sMirror *realcheck.Mirror
	seen                 reported
}

// TestNodes plans each node and puts every file of it through the program
// that reads it, then checks that the programs agree and that Lint finds
// no error.
func TestNodes(t *testing.T) {
	for _, c := range nodeCases {
		for _, driver := range runtime.CgroupDrivers {
			t.Run(c.name+"/"+string(driver), func(t *testing.T) {
				n := planNode(t, c, driver)
				t.Run("units", func(t *testing.T) { harness.VerifyUnits(t, n.plan.Files) })
				t.Run("runtime", func(t *testing.T) {
					switch c.runtime {
					case kubenode.Containerd:
						n.checkContainerd(t, c.containerdBinary(t))
					case kubenode.Docker:
						n.checkDocker(t)
					case kubenode.CRIO:
						n.checkCRIO(t)
					}
				})
				t.Run("crictl", n.checkCrictl)
				t.Run("kubelet", n.checkKubelet)
				t.Run("agree", n.checkAgreement)
				t.Run("lint", n.checkLint)
			})
		}
	}
}

// planNode builds the case's node with mirrors, dual-stack node IPs,
// labels and a taint, and plans it.
func planNode(t *testing.T, c nodeCase, driver runtime.CgroupDriver) *nodeUnderTest {
	t.Helper()
	n := &nodeUnderTest{node: kubenode.Node{
		Kubernetes:   c.kubernetes,
		Runtime:      c.runtime,
		CgroupDriver: driver,
		NodeIPs:      nodeIPs,
		NodeLabels:   nodeLabels,
		Taints:       []string{taint},
	}}
	switch c.runtime {
	case kubenode.Containerd:
		n.node.RuntimeVersion = realcheck.ContainerdVersion(t, c.containerdBinary(t))
		n.hubMirror = realcheck.NewMirror(t, http.StatusForbidden)
		n.k8sMirror = realcheck.NewMirror(t, http.StatusForbidden)
		n.node.Mirrors = []runtime.Mirror{
			{Registry: "docker.io", URL: n.hubMirror.URL},
			{Registry: "registry.k8s.io", URL: n.k8sMirror.URL},
		}
	case kubenode.Docker:
		n.node.RuntimeVersion = c.docker
		n.node.CRIDockerdVersion = c.criDockerd
		n.node.Mirrors = []runtime.Mirror{{Registry: "docker.io", URL: hubMirrorURL}}
	case kubenode.CRIO:
		n.node.RuntimeVersion = realcheck.CRIOVersion
		n.node.Mirrors = []runtime.Mirror{
			{Registry: "docker.io", URL: hubMirrorURL},
			{Registry: "registry.k8s.io", URL: k8sMirrorURL},
		}
	}
	warnings, err := n.node.Validate()
	require.NoError(t, err)
	for _, w := range warnings {
		t.Logf("node warning: %v", w)
	}
	n.plan, err = n.node.Plan(context.Background())
	require.NoError(t, err)
	pause, ok := kubenode.DefaultPauseImage(runtime.MustParseVersion(c.kubernetes))
	require.True(t, ok)
	n.pause = pause
	return n
}

// Mirrors that need not answer: Docker's and CRI-O's are read back from
// what the programs loaded, not pulled through.
const (
	hubMirrorURL = "https://mirror.example.com"
	k8sMirrorURL = "https://k8s-mirror.example.com"
)

// file returns the content of a file of the plan.
func (n *nodeUnderTest) file(t *testing.T, p string) []byte {
	t.Helper()
	f := n.plan.File(p)
	require.NotNil(t, f, "the plan has no %s", p)
	return f.Content
}

// unit parses a unit file of the plan, from /etc/systemd/system.
func (n *nodeUnderTest) unit(t *testing.T, name string) *systemd.UnitFile {
	t.Helper()
	u, err := systemd.ParseUnitFile(name, n.file(t, path.Join(systemd.SystemDir, name)))
	require.NoError(t, err)
	return u
}
