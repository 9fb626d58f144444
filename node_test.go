package kubenode_test

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fullNode is a node with every kind of input set, for each runtime and
// cgroup driver.
func fullNode(r kubenode.Runtime, driver runtime.CgroupDriver) *kubenode.Node {
	n := &kubenode.Node{
		Kubernetes:   "1.34",
		Runtime:      r,
		CgroupDriver: driver,
		Mirrors:      []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}},
		NodeIPs:      []string{"192.168.1.31", "2001:db8::31"},
		NodeLabels:   map[string]string{"node.kubernetes.io/node": "", "topology.kubernetes.io/zone": "a"},
		Taints:       []string{"dedicated=infra:NoSchedule"},
	}
	if r == kubenode.Containerd {
		n.RuntimeVersion = "2.1.3"
	}
	return n
}

func TestNodePlanGolden(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		for _, d := range runtime.CgroupDrivers {
			t.Run(fmt.Sprintf("%s-%s", r, d), func(t *testing.T) {
				plan, err := fullNode(r, d).Plan(context.Background())
				require.NoError(t, err)
				plantest.Golden(t, fmt.Sprintf("testdata/node-%s-%s.txtar", r, d), plan, *update)
			})
		}
	}
}

func TestNodeDefaultsGolden(t *testing.T) {
	plan, err := (&kubenode.Node{}).Plan(context.Background())
	require.NoError(t, err)
	plantest.Golden(t, "testdata/node-defaults.txtar", plan, *update)
}

func TestNodeFilesAgree(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		for _, d := range runtime.CgroupDrivers {
			t.Run(fmt.Sprintf("%s-%s", r, d), func(t *testing.T) {
				n := fullNode(r, d)
				n.PauseImage = "registry.example.com/pause:3.10.1"
				plan, err := n.Plan(context.Background())
				require.NoError(t, err)
				got := readNode(t, plan)
				assert.Equal(t, d, got.runtimeDriver, "the runtime's cgroup driver")
				assert.Equal(t, d, got.kubeletDriver, "the kubelet's cgroup driver")
				assert.Equal(t, n.PauseImage, got.pauseImage, "the runtime's pause image")
				assert.True(t, runtime.SameSocket(got.kubeletEndpoint, got.runtimeEndpoint),
					"the kubelet's endpoint %s is the runtime's socket %s", got.kubeletEndpoint, got.runtimeEndpoint)
				assert.True(t, runtime.SameSocket(got.crictlEndpoint, got.runtimeEndpoint), "crictl's endpoint")
				assert.Contains(t, got.kubeletWants, got.runtimeUnit, "kubelet.service Wants= the runtime")
				assert.Contains(t, got.kubeletAfter, got.runtimeUnit, "kubelet.service is ordered After= the runtime")
			})
		}
	}
}

func TestNodeDoesNotChange(t *testing.T) {
	n := &kubenode.Node{Runtime: kubenode.CRIO}
	_, err := n.Plan(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &kubenode.Node{Runtime: kubenode.CRIO}, n, "Plan must not fill in defaults on the caller's Node")
}

func TestNodeValidate(t *testing.T) {
	require.NoError(t, validErr(fullNode(kubenode.Containerd, runtime.CgroupSystemd)))
	tests := []struct {
		name     string
		mutate   func(*kubenode.Node)
		sentinel error
		path     string
	}{
		{"kubernetes unparsable", func(n *kubenode.Node) { n.Kubernetes = "one" }, field.ErrInvalid, "kubernetes"},
		{"kubernetes too old", func(n *kubenode.Node) { n.Kubernetes = "1.23" }, field.ErrNotSupported, "kubernetes"},
		{"unknown runtime", func(n *kubenode.Node) { n.Runtime = "rkt" }, field.ErrNotSupported, "runtime"},
		{"containerd too old", func(n *kubenode.Node) { n.RuntimeVersion = "1.5" }, field.ErrNotSupported, "runtimeVersion"},
		{"runtime version unparsable", func(n *kubenode.Node) { n.RuntimeVersion = "latest" }, field.ErrInvalid, "runtimeVersion"},
		{"cri-dockerd without docker", func(n *kubenode.Node) { n.CRIDockerdVersion = "0.4.0" }, field.ErrForbidden, "criDockerdVersion"},
		{"cgroup driver", func(n *kubenode.Node) { n.CgroupDriver = "systemd-ish" }, field.ErrNotSupported, "cgroupDriver"},
		{"pause image", func(n *kubenode.Node) { n.PauseImage = "registry.k8s.io/pause" }, field.ErrInvalid, "pauseImage"},
		{"mirror url", func(n *kubenode.Node) { n.Mirrors[0].URL = "mirror.example.com" }, field.ErrInvalid, "mirrors[0].url"},
		{"duplicate mirror", func(n *kubenode.Node) { n.Mirrors = append(n.Mirrors, n.Mirrors[0]) }, field.ErrDuplicate, "mirrors[1]"},
		{"node ip", func(n *kubenode.Node) { n.NodeIPs = []string{"192.168.1.300"} }, field.ErrInvalid, "nodeIPs[0]"},
		{"node label", func(n *kubenode.Node) { n.NodeLabels = map[string]string{"bad key": "x"} }, field.ErrInvalid, `nodeLabels."bad key"`},
		{"taint", func(n *kubenode.Node) { n.Taints = []string{"dedicated=infra"} }, field.ErrInvalid, "taints[0]"},
		{"override cgroup driver", func(n *kubenode.Node) {
			n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.CgroupDriver = "cgroupfs" }
		}, field.ErrConflict, "kubeletConfig.cgroupDriver"},
		{"override endpoint", func(n *kubenode.Node) {
			n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.ContainerRuntimeEndpoint = "unix:///run/crio/crio.sock" }
		}, field.ErrConflict, "kubeletConfig.containerRuntimeEndpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := fullNode(kubenode.Containerd, runtime.CgroupSystemd)
			tt.mutate(n)
			err := validErr(n)
			fieldtest.RequireProblem(t, err, tt.sentinel, tt.path)
			_, perr := n.Plan(context.Background())
			assert.ErrorIs(t, perr, tt.sentinel, "Plan must refuse what Validate refuses")
		})
	}
}

func TestNodeValidateRuntimeSpecificMirrors(t *testing.T) {
	n := fullNode(kubenode.Docker, runtime.CgroupSystemd)
	n.Mirrors = append(n.Mirrors, runtime.Mirror{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example.com"})
	fieldtest.RequireProblem(t, validErr(n), field.ErrNotSupported, "mirrors[1].registry")

	n = fullNode(kubenode.CRIO, runtime.CgroupSystemd)
	n.Mirrors = []runtime.Mirror{{Registry: "_default", URL: "https://mirror.example.com"}}
	fieldtest.RequireProblem(t, validErr(n), field.ErrForbidden, "mirrors[0].registry")
}

func TestNodeValidateCollectsEveryProblem(t *testing.T) {
	n := &kubenode.Node{Runtime: "rkt", CgroupDriver: "x", PauseImage: "a b", NodeIPs: []string{"x"}}
	assert.GreaterOrEqual(t, len(field.AsList(validErr(n))), 4)
}

func TestNodeReleaseCompatibility(t *testing.T) {
	tests := []struct {
		name     string
		node     kubenode.Node
		sentinel error // a warning at runtimeVersion; nil for none
	}{
		{"recommended", kubenode.Node{Kubernetes: "1.35", RuntimeVersion: "2.2.0"}, nil},
		{"newer line than the matrix", kubenode.Node{Kubernetes: "1.30", RuntimeVersion: "2.4"}, nil},
		{"patch below the recommended", kubenode.Node{Kubernetes: "1.35", RuntimeVersion: "2.1.4"}, field.ErrInvalid},
		{"line without a patch", kubenode.Node{Kubernetes: "1.35", RuntimeVersion: "2.1"}, field.ErrInvalid},
		{"line no longer recommended", kubenode.Node{Kubernetes: "1.35", RuntimeVersion: "1.6.39"}, field.ErrInvalid},
		{"containerd 1.x under a kubelet that still falls back", kubenode.Node{Kubernetes: "1.37", RuntimeVersion: "1.7.28"}, field.ErrInvalid},
		{"crio of another minor", kubenode.Node{Kubernetes: "1.33", Runtime: kubenode.CRIO, RuntimeVersion: "1.32"}, field.ErrInvalid},
		{"crio of the same minor", kubenode.Node{Kubernetes: "1.33", Runtime: kubenode.CRIO, RuntimeVersion: "1.33"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings, err := tt.node.Validate()
			require.NoError(t, err)
			if tt.sentinel == nil {
				assert.Empty(t, warnings.Filter(field.ErrInvalid))
				return
			}
			fieldtest.RequireProblem(t, warnings.Err(), tt.sentinel, "runtimeVersion")
		})
	}
}

func TestDefaultPauseImage(t *testing.T) {
	for k8s, want := range map[string]string{"1.24": "3.7", "1.30": "3.9", "1.33.2": "3.10", "1.35": "3.10.1", "1.37": "3.10.2"} {
		got, ok := kubenode.DefaultPauseImage(runtime.MustParseVersion(k8s))
		assert.True(t, ok)
		assert.Equal(t, "registry.k8s.io/pause:"+want, got, k8s)
	}
	_, ok := kubenode.DefaultPauseImage(runtime.MustParseVersion("1.23"))
	assert.False(t, ok)
}

func validErr(n *kubenode.Node) error {
	_, err := n.Validate()
	return err
}

// Issue 20, items 7, 8 and 12: values the node took and a component, a
// unit or Apply then choked on. Each is refused at the node's own field,
// once.
func TestNodeValidateHostileValues(t *testing.T) {
	long := strings.Repeat("r", 300)
	tests := []struct {
		name     string
		runtime  kubenode.Runtime
		mutate   func(*kubenode.Node)
		sentinel error
		path     string
	}{
		// Item 7: one rule for every unit's program, at binaries.<name>.
		{"containerd binary with a specifier", kubenode.Containerd, func(n *kubenode.Node) { n.Binaries.Containerd = "/usr/local/bin/containerd%h" }, field.ErrInvalid, "binaries.containerd"},
		{"containerd binary with a variable", kubenode.Containerd, func(n *kubenode.Node) { n.Binaries.Containerd = "/usr/local/bin/$HOME" }, field.ErrInvalid, "binaries.containerd"},
		{"dockerd binary with backticks", kubenode.Docker, func(n *kubenode.Node) { n.Binaries.Dockerd = "/usr/bin/`id`" }, field.ErrInvalid, "binaries.dockerd"},
		{"dockerd binary with ..", kubenode.Docker, func(n *kubenode.Node) { n.Binaries.Dockerd = "/usr/bin/../sbin/dockerd" }, field.ErrInvalid, "binaries.dockerd"},
		{"cri-dockerd binary with '; '", kubenode.Docker, func(n *kubenode.Node) { n.Binaries.CRIDockerd = "/usr/bin/cri-dockerd; reboot" }, field.ErrInvalid, "binaries.criDockerd"},
		{"cri-dockerd binary with ..", kubenode.Docker, func(n *kubenode.Node) { n.Binaries.CRIDockerd = "/usr/bin/../x" }, field.ErrInvalid, "binaries.criDockerd"},
		{"kubelet binary with a specifier", kubenode.Containerd, func(n *kubenode.Node) { n.Binaries.Kubelet = "/usr/bin/kubelet%h" }, field.ErrInvalid, "binaries.kubelet"},
		{"kubelet binary with a 300-byte name", kubenode.CRIO, func(n *kubenode.Node) { n.Binaries.Kubelet = "/usr/bin/" + long }, field.ErrTooLong, "binaries.kubelet"},
		// Item 8: accepted, then failing in Apply or at the daemon's start.
		{"300-byte registry", kubenode.Containerd, func(n *kubenode.Node) { n.Mirrors[0].Registry = long }, field.ErrTooLong, "mirrors[0].registry"},
		{"eviction threshold bogus", kubenode.Containerd, func(n *kubenode.Node) {
			n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.EvictionHard = map[string]string{"memory.available": "bogus"} }
		}, field.ErrInvalid, `evictionHard."memory.available"`},
		{"system reserved negative", kubenode.Docker, func(n *kubenode.Node) {
			n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.SystemReserved = map[string]string{"memory": "-5Gi"} }
		}, field.ErrInvalid, "systemReserved.memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := fullNode(tt.runtime, runtime.CgroupSystemd)
			tt.mutate(n)
			fieldtest.RequireExactly(t, validErr(n), fieldtest.Match(tt.sentinel, tt.path))
			_, err := n.Plan(context.Background())
			assert.ErrorIs(t, err, tt.sentinel, "Plan must refuse what Validate refuses")
		})
	}
}

// Issue 20, item 12: a 1 MB bad version gave a 3 MB error. The error now
// quotes a bounded prefix once, and the problem keeps the whole value.
func TestNodeValidateHugeVersion(t *testing.T) {
	n := fullNode(kubenode.Containerd, runtime.CgroupSystemd)
	n.Kubernetes = "1." + strings.Repeat("x", 1<<20)
	err := validErr(n)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "kubernetes").Value(n.Kubernetes))
	assert.Less(t, len(err.Error()), 1024, "the error must not repeat the input")
}

// Issue 20, item 12: Lint printed a 52 MB finding for a 50 MB value. A
// finding now quotes a bounded prefix of the value and of the key.
func TestLintFindingsStaySmall(t *testing.T) {
	huge := strings.Repeat("v", 400<<10) // Lint reads at most 1 MB of a file
	daemon := `{"log-driver": "` + huge + `", "` + huge + `": 1}`
	findings, err := kubenode.Lint(fstest.MapFS{"etc/docker/daemon.json": {Data: []byte(daemon)}}, kubenode.Targets{Docker: "28.5"})
	require.NoError(t, err)
	require.NotEmpty(t, findings)
	for _, f := range findings {
		assert.Less(t, len(f.String()), 4096, "%.300s", f.String())
	}
}
