package kubenode_test

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	goruntime "runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/render"
)

// Node.Plan and every renderer behind it (the components' config files and
// units, the plan's txtar, shell, cloud-init, Ignition and tar forms) keep
// no mutable state between calls. Distinct nodes (10,000 under -race, see
// concurrencyNodes) are all planned at once from many goroutines; every
// result must be distinct, and a spread sample of up to 1,000 of them must
// equal the same node planned alone, byte for byte. Shared state shows up
// as a mismatch here, or as a data race under
// `go test -race -run TestPlanConcurrently .`, which watches all of them.
//
// The nodes deliberately share their read-only inputs (the mirror slices,
// the label maps): a Plan that wrote to its Node would race with the
// others reading the same map or slice.
func TestPlanConcurrently(t *testing.T) {
	n := concurrencyNodes()
	nodes := distinctNodes(t, n)
	ctx := context.Background()

	// Digests, not bytes: ten thousand plans with their renderings would
	// hold hundreds of megabytes, several times that under -race.
	together := make([][sha256.Size]byte, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range goruntime.GOMAXPROCS(0) * 4 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				out, err := planAndRender(ctx, nodes[i], i)
				together[i], errs[i] = sha256.Sum256(out), err
			}
		})
	}
	wg.Wait()

	seen := make(map[[sha256.Size]byte]int, n)
	for i, sum := range together {
		require.NoError(t, errs[i], "node %d: %s", i, describe(nodes[i]))
		if j, dup := seen[sum]; dup {
			t.Fatalf("nodes %d and %d planned concurrently give the same files; every node must be distinct", j, i)
		}
		seen[sum] = i
	}

	// Planning alone costs as much again; under -race a spread sample
	// keeps the run to minutes while the race detector watches every node.
	step := max(1, n/1000)
	mismatches := 0
	for i := 0; i < n; i += step {
		out, err := planAndRender(ctx, nodes[i], i)
		require.NoError(t, err, "node %d: %s", i, describe(nodes[i]))
		if sha256.Sum256(out) == together[i] {
			continue
		}
		if mismatches++; mismatches <= 3 {
			t.Errorf("node %d (%s) planned concurrently differs from planned alone", i, describe(nodes[i]))
		}
	}
	require.Zero(t, mismatches, "of %d nodes planned alone", (n+step-1)/step)
}

// planNodes overrides how many nodes TestPlanConcurrently plans:
// go test -race -run TestPlanConcurrently . -plan-nodes=2000
var planNodes = flag.Int("plan-nodes", 0, "nodes TestPlanConcurrently plans (0: 10000 under -race, else 1000, 200 with -short)")

// concurrencyNodes is how many nodes TestPlanConcurrently plans: 10,000
// when the race detector is on (go test -race, the run that finds races;
// several minutes on two cores), 1,000 in a plain run, which still catches
// shared state that changes the bytes, and 200 with -short.
func concurrencyNodes() int {
	switch {
	case *planNodes > 0:
		return *planNodes
	case testing.Short():
		return 200
	case raceDetector():
		return 10000
	default:
		return 1000
	}
}

// raceDetector reports whether the test binary was built with -race.
func raceDetector() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// planAndRender plans the node and returns its txtar followed by one more
// rendering of the plan (shell, cloud-init, Ignition or tar, by i).
func planAndRender(ctx context.Context, node *kubenode.Node, i int) ([]byte, error) {
	plan, err := node.Plan(ctx)
	if err != nil {
		return nil, err
	}
	out, err := plan.Txtar()
	if err != nil {
		return nil, err
	}
	formats := []render.Format{render.FormatShell, render.FormatCloudInit, render.FormatIgnition, render.FormatTar}
	rendered, err := render.Render(plan, formats[i%len(formats)])
	if err != nil {
		return nil, err
	}
	return append(out, rendered...), nil
}

// shape is a Kubernetes release, a runtime and the runtime's release that
// go together.
type shape struct {
	kubernetes string
	runtime    kubenode.Runtime
	version    string
}

// validShapes are every Kubernetes release kubenode knows with each
// runtime, at its default release and at each release line kubenode knows,
// kept where the node validates.
func validShapes(t *testing.T) []shape {
	versions := map[kubenode.Runtime][]string{
		kubenode.Containerd: {"", "1.7", "2.0", "2.1", "2.2", "2.3", "2.4"},
		kubenode.Docker:     {"", "27.5", "28.5", "29.7"},
		kubenode.CRIO:       {""},
	}
	var shapes []shape
	for minor := kubelet.MinVersion.Minor; minor <= kubelet.MaxVersion.Minor; minor++ {
		kube := fmt.Sprintf("1.%d", minor)
		for _, rt := range kubenode.Runtimes {
			for _, version := range versions[rt] {
				s := shape{kube, rt, version}
				node := &kubenode.Node{Kubernetes: kube, Runtime: rt, RuntimeVersion: version}
				if _, err := node.Validate(); err == nil {
					shapes = append(shapes, s)
				}
			}
		}
	}
	for _, rt := range kubenode.Runtimes {
		count := 0
		for _, s := range shapes {
			if s.runtime == rt {
				count++
			}
		}
		require.Greater(t, count, 5, "too few valid %s nodes to vary", rt)
	}
	return shapes
}

// distinctNodes returns n nodes that differ in everything a Node holds:
// releases, runtime, cgroup driver, pause image, mirrors, addresses,
// labels, taints and a kubelet config edit. The address makes each one
// unique.
func distinctNodes(t *testing.T, n int) []*kubenode.Node {
	shapes := validShapes(t)
	mirrors := map[kubenode.Runtime][][]runtime.Mirror{
		kubenode.Containerd: {
			nil,
			{{Registry: "docker.io", URL: "https://hub.mirror.example.com"}},
			{{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example.com"}, {Registry: runtime.DefaultRegistry, URL: "http://10.0.0.1:5000"}},
		},
		kubenode.Docker: {
			nil,
			{{Registry: "docker.io", URL: "https://hub.mirror.example.com"}, {Registry: "docker.io", URL: "http://10.0.0.1:5000"}},
		},
		kubenode.CRIO: {
			nil,
			{{Registry: "docker.io", URL: "https://hub.mirror.example.com"}, {Registry: "quay.io", URL: "https://quay.mirror.example.com"}},
		},
	}
	pools := make([]map[string]string, 7)
	for p := range pools {
		pools[p] = map[string]string{"example.com/pool": fmt.Sprintf("pool-%d", p), "node.kubernetes.io/worker": ""}
	}
	nodes := make([]*kubenode.Node, n)
	for i := range nodes {
		s := shapes[i%len(shapes)]
		node := &kubenode.Node{
			Kubernetes:     s.kubernetes,
			Runtime:        s.runtime,
			RuntimeVersion: s.version,
			CgroupDriver:   runtime.CgroupDrivers[i/len(shapes)%len(runtime.CgroupDrivers)],
			Mirrors:        mirrors[s.runtime][i%len(mirrors[s.runtime])],
			NodeIPs:        []string{fmt.Sprintf("10.%d.%d.%d", 1+i>>16, i>>8&0xff, i&0xff)},
			NodeLabels:     pools[i%len(pools)],
		}
		if i%3 == 0 {
			node.NodeIPs = append(node.NodeIPs, fmt.Sprintf("fd00::%x", i+1))
		}
		if i%5 == 0 {
			node.PauseImage = fmt.Sprintf("registry.example.com/pause:3.%d", i%11)
		}
		if i%4 == 0 {
			node.Taints = []string{"dedicated=infra:NoSchedule"}
		}
		if i%2 == 0 {
			maxPods := int32(100 + i%64)
			node.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.MaxPods = maxPods }
		}
		nodes[i] = node
	}
	return nodes
}

func describe(n *kubenode.Node) string {
	return fmt.Sprintf("Kubernetes %s, %s %q, %s, pause %q, %d mirrors, IPs %v",
		n.Kubernetes, n.Runtime, n.RuntimeVersion, n.CgroupDriver, n.PauseImage, len(n.Mirrors), n.NodeIPs)
}
