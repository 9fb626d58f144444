package pods_test

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// nodeName is the node's name in the cluster (the kubelet's
// --hostname-override): the UTS namespace keeps the host's name.
const nodeName = "kubenode-e2e"

// kubeletPath is where the node's kubelet unit finds the kubelet: a
// wrapper that runs the real kubelet command of kubelet-checker, which is
// built from k8s.io/kubernetes (`kubelet-checker kubelet FLAGS...`).
const kubeletPath = "/usr/local/bin/kubelet"

// kubeletVersion is the release of the kubelet .ci/install.d/kubelet.sh
// builds.
const kubeletVersion = "1.37.2"

// podWait bounds each wait for the cluster: the node Ready, the pod
// Running.
const podWait = 3 * time.Minute

// runtimeCase is what one runtime adds to the node every case shares.
type runtimeCase struct {
	name string
	// node sets the runtime, its release, its programs and handlers on
	// the shared node; it finds each program with harness.Tool, so that
	// a missing one fails before systemd boots.
	node func(t *testing.T, n *kubenode.Node)
	// prepare puts into the namespace's root what a distribution package
	// would have installed and the plan does not write (programs, the
	// packaged units), before Apply. Nil for none.
	prepare func(t *testing.T, s *harness.Systemd)
	// dataDirs get a tmpfs of their own in the namespace: a runtime's
	// overlay snapshots fail on the overlay root ("failed to mount rootfs
	// component … invalid argument").
	dataDirs []string
	// drift is what verify.Node must find on this runtime's node, which
	// runs as planned but for it; none for most.
	drift []inspecttest.Want
	// direct names images by the registry's address, which the Node
	// lists as a plain-HTTP registry, instead of registry.k8s.io through
	// a mirror: Docker mirrors only docker.io.
	direct bool
}

// image is how the node's pods and its pause image name repo:tag.
func (rc runtimeCase) image(repo, tag string) string {
	if rc.direct {
		return registryAddr + "/" + repo + ":" + tag
	}
	return mirroredOf + "/" + repo + ":" + tag
}

// registries are the node's registry settings, which every pull goes
// through.
func (rc runtimeCase) registries() []runtime.Registry {
	if rc.direct {
		return []runtime.Registry{{Host: registryAddr, PlainHTTP: true}}
	}
	return []runtime.Registry{{Host: mirroredOf, Mirrors: []runtime.RegistryMirror{{URL: "http://" + registryAddr}}}}
}

// baseNode is the node every runtime shares, planned for this machine:
// its host facts (cgroup v1, an oom_score_adj that cannot be lowered),
// the modules left to the host (modules are never per namespace), the
// bridge pod network, the registry settings, the node's name and address,
// the kubelet wrapper.
func baseNode(t *testing.T, rc runtimeCase) *kubenode.Node {
	t.Helper()
	facts, err := host.Read("/")
	require.NoError(t, err)
	n := &kubenode.Node{
		Kubernetes: "1.37",
		PauseImage: rc.image(pauseRepo, pauseTag),
		NodeIPs:    []string{nodeIP},
		Registries: rc.registries(),
		Kubelet:    kubenode.KubeletSettings{HostnameOverride: nodeName},
		Binaries:   kubenode.Binaries{Kubelet: kubeletPath},
		CNI:        &kubenode.BridgeCNI{},
		Host: kubenode.Host{
			OmitModules:    true,
			AcceptCgroupV1: facts.Cgroup.Mode.V1() == host.Yes,
			Facts:          facts,
		},
	}
	rc.node(t, n)
	return n
}

// provePods is the one test of every runtime: plan, apply, node Ready, a
// pod Running through the node's registry settings, zero drift, then a
// re-apply of a changed node that restarts exactly what the plan says
// and keeps the pod's container.
func provePods(t *testing.T, rc runtimeCase) {
	start := time.Now()
	defer func() { t.Logf("%s: %s", rc.name, time.Since(start).Round(time.Second)) }()
	ctx := context.Background()

	n := baseNode(t, rc)
	plan, err := n.Plan(ctx)
	require.NoError(t, err)
	kubeletChecker := harness.Tool(t, "kubelet-checker-"+kubeletVersion+"/kubelet-checker")
	plugins := harness.CNIPlugins(t)

	s := harness.BootSystemd(t, harness.OwnNetwork(), harness.AllowSysctl())
	t.Cleanup(func() {
		if t.Failed() {
			logJournal(t, s, plan)
		}
	})
	s.Run(t, "ip", "addr", "add", nodeIP+"/32", "dev", "lo")
	reg := startRegistry(t, s)
	cp := harness.StartControlPlane(t, s)
	// Cleanups run last first: the kubelet stops before the control
	// plane, whose API server otherwise waits on the kubelet's watches
	// past the harness's 20 seconds of SIGTERM (measured: 24 s, 4 s
	// with the kubelet stopped first).
	t.Cleanup(func() { stopUnit(s, kubelet.UnitName) })

	// What a distribution's packages would have installed.
	for name, p := range plugins {
		copyInto(t, s, p, "/opt/cni/bin/"+name)
	}
	writeInto(t, s, kubeletPath, "#!/bin/sh\nexec "+shellQuote(kubeletChecker)+" kubelet \"$@\"\n", 0o755)
	copyInto(t, s, cp.CAFile, "/etc/kubernetes/pki/ca.crt")
	writeInto(t, s, "/etc/kubernetes/kubelet.conf", string(cp.KubeletKubeconfig(t, nodeName)), 0o600)
	for _, d := range rc.dataDirs {
		s.Run(t, "mkdir", "-p", d)
		s.Run(t, "mount", "-t", "tmpfs", "-o", "mode=0711", "kubenode-e2e", d)
	}
	if rc.prepare != nil {
		rc.prepare(t, s)
	}

	applyInNamespace(t, s, plan)
	client := cp.Client(t)
	waitNodeReady(t, client)
	cp.EnsureDefaultServiceAccount(t, metav1.NamespaceDefault)
	before := runPod(t, client, appPod, rc.image(appRepo, appTag))
	assert.True(t, reg.pulled(pauseRepo, pauseTag), "the pause image came through the node's registry settings: %v", reg.Requests())
	assert.True(t, reg.pulled(appRepo, appTag), "the pod's image came through the node's registry settings: %v", reg.Requests())
	podIP, err := netip.ParseAddr(before.PodIP)
	assert.NoError(t, err, "the pod's address")
	assert.True(t, netip.MustParsePrefix(kubenode.DefaultPodSubnet).Contains(podIP),
		"the pod's address %s comes from the Node's bridge network", before.PodIP)
	t.Logf("%s: pod Running at %s after %s", rc.name, before.PodIP, time.Since(start).Round(time.Second))
	verifyNode(t, s, n, rc.drift...)

	// Re-apply a changed node: a new pause image, which a new pod's
	// sandbox runs, pulled through the node's registry settings.
	n.PauseImage = rc.image(pauseRepo, pauseTag2)
	plan, units := reapply(t, s, client, n, plan)
	assert.NotEmpty(t, units, "the runtime reads its pause image at its start: the re-apply restarts it")
	runPod(t, client, appPod2, rc.image(appRepo, appTag))
	assert.True(t, reg.pulled(pauseRepo, pauseTag2), "the new pause image came through the node's registry settings: %v", reg.Requests())
	if !rc.direct {
		// And a mirror in front of the registry's that does not answer:
		// a new image still comes, through the next mirror.
		n.Registries[0].Mirrors = append([]runtime.RegistryMirror{{URL: "http://" + deadMirror}}, n.Registries[0].Mirrors...)
		_, units = reapply(t, s, client, n, plan)
		t.Logf("%s: a new mirror restarted %v", rc.name, units)
		runPod(t, client, appPod3, rc.image(appRepo, appTag2))
		assert.True(t, reg.pulled(appRepo, appTag2), "the new image came through the node's registry settings: %v", reg.Requests())
	}
	// Long enough for the kubelet to see a container that died with a
	// restart (it relists every second).
	time.Sleep(5 * time.Second)
	now := podStatus(t, client)
	assert.Equal(t, corev1.PodRunning, now.Phase)
	assert.Equal(t, before.ContainerID, now.ContainerID, "the first pod kept its container through the re-applies")
	assert.Zero(t, now.RestartCount, "the first pod's container never restarted")
	verifyNode(t, s, n, rc.drift...)
}

// reapply plans the changed node n, applies it over the node applied from
// plan, and checks that Apply restarted exactly the units the plan says
// (those of the changed files, restartsBetween) and no other: every
// other service the plan starts keeps its MainPID. It waits until the node
// is Ready again and returns the new plan and the units restarted.
func reapply(t *testing.T, s *harness.Systemd, client kubernetes.Interface, n *kubenode.Node, plan *runtime.Plan) (*runtime.Plan, []string) {
	t.Helper()
	next, err := n.Plan(context.Background())
	require.NoError(t, err)
	want := restartsBetween(plan, next)
	units := planUnits(next)
	pids := mainPIDs(t, s, units)
	res := applyInNamespace(t, s, next)
	assert.ElementsMatch(t, want, restarted(res), "the units Apply restarted are those whose files changed")
	after := mainPIDs(t, s, units)
	for _, u := range units {
		if slices.Contains(want, u) {
			assert.NotEqual(t, pids[u], after[u], "%s restarted", u)
		} else {
			assert.Equal(t, pids[u], after[u], "%s kept running", u)
		}
	}
	waitNodeReady(t, client)
	return next, restarted(res)
}

// appPod is the pod every runtime runs; appPod2 and appPod3 the ones it
// runs after each re-apply.
const (
	appPod  = "app"
	appPod2 = "app-new-pause"
	appPod3 = "app-new-mirror"
	// appContainer is their one container.
	appContainer = "app"
)

// podState is what the test compares of the pod across a re-apply.
type podState struct {
	Phase        corev1.PodPhase
	PodIP        string
	ContainerID  string
	RestartCount int32
}

// runPod creates the app pod on the node (no scheduler runs, so it names
// the node) with the default pull policy and its service account token
// mounted, and waits until it runs.
func runPod(t *testing.T, client kubernetes.Interface, name, image string) podState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), podWait)
	defer cancel()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: metav1.NamespaceDefault},
		Spec: corev1.PodSpec{
			NodeName:                      nodeName,
			Containers:                    []corev1.Container{{Name: appContainer, Image: image}},
			TerminationGracePeriodSeconds: new(int64(1)),
		},
	}
	_, err := client.CoreV1().Pods(metav1.NamespaceDefault).Create(ctx, pod, metav1.CreateOptions{})
	require.NoError(t, err)
	var last podState
	var lastPod *corev1.Pod
	for ctx.Err() == nil {
		p, err := client.CoreV1().Pods(metav1.NamespaceDefault).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			lastPod, last = p, stateOf(p)
			if last.Phase == corev1.PodRunning && last.ContainerID != "" {
				return last
			}
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("pod %s not Running after %s: %+v\n%s", name, podWait, last, describePod(lastPod))
	return last
}

// podStatus reads the app pod's state.
func podStatus(t *testing.T, client kubernetes.Interface) podState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := client.CoreV1().Pods(metav1.NamespaceDefault).Get(ctx, appPod, metav1.GetOptions{})
	require.NoError(t, err)
	return stateOf(p)
}

func stateOf(p *corev1.Pod) podState {
	st := podState{Phase: p.Status.Phase, PodIP: p.Status.PodIP}
	for _, c := range p.Status.ContainerStatuses {
		if c.Name == appContainer && c.State.Running != nil {
			st.ContainerID, st.RestartCount = c.ContainerID, c.RestartCount
		}
	}
	return st
}

// describePod says why a pod does not run: its conditions and container
// states.
func describePod(p *corev1.Pod) string {
	if p == nil {
		return "(no pod read)"
	}
	var b strings.Builder
	for _, c := range p.Status.Conditions {
		fmt.Fprintf(&b, "condition %s=%s %s %s\n", c.Type, c.Status, c.Reason, c.Message)
	}
	for _, c := range p.Status.ContainerStatuses {
		fmt.Fprintf(&b, "container %s: %+v\n", c.Name, c.State)
	}
	return b.String()
}

// waitNodeReady waits until the node reports Ready.
func waitNodeReady(t *testing.T, client kubernetes.Interface) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), podWait)
	defer cancel()
	var last string
	for ctx.Err() == nil {
		node, err := client.CoreV1().Nodes().Get(ctx, nodeName, metav1.GetOptions{})
		if err != nil {
			last = err.Error()
		} else {
			last = ""
			for _, c := range node.Status.Conditions {
				if c.Type == corev1.NodeReady {
					if c.Status == corev1.ConditionTrue {
						return
					}
					last = fmt.Sprintf("Ready=%s %s: %s", c.Status, c.Reason, c.Message)
				}
			}
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("node %s not Ready after %s: %s", nodeName, podWait, last)
}

// restartsBetween are the units a move from one plan to the next must
// restart, as the plan says: for each file whose content changed or is
// new, its RestartUnits and, for a unit file or drop-in, its unit.
func restartsBetween(from, to *runtime.Plan) []string {
	set := map[string]bool{}
	for _, f := range to.Files {
		if old := from.File(f.Path); old == nil || string(old.Content) != string(f.Content) {
			for _, u := range f.RestartUnits {
				set[u] = true
			}
			if u := runtime.UnitOfPath(f.Path); u != "" {
				set[u] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// restarted are the units Apply restarted.
func restarted(res *apply.Result) []string {
	var out []string
	for _, u := range res.Units {
		if u.Action == runtime.ActionRestart && !u.Skipped && !slices.Contains(out, u.Unit) {
			out = append(out, u.Unit)
		}
	}
	slices.Sort(out)
	return out
}

// planUnits are the services the plan starts: those whose MainPID tells
// whether they restarted.
func planUnits(p *runtime.Plan) []string {
	var out []string
	for _, u := range p.Units {
		if u.Action == runtime.ActionStart && strings.HasSuffix(u.Unit, ".service") && !slices.Contains(out, u.Unit) {
			out = append(out, u.Unit)
		}
	}
	return out
}

// logJournal logs what the node's units said, for a failed test.
func logJournal(t *testing.T, s *harness.Systemd, plan *runtime.Plan) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := []string{"journalctl", "--no-pager", "-n", "300", "-o", "short-precise"}
	for _, u := range planUnits(plan) {
		args = append(args, "-u", u)
	}
	out, _ := s.Command(ctx, args...).CombinedOutput()
	t.Logf("journal of the node's units:\n%s", out)
}

// shellQuote quotes one word for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// stopUnit stops a unit inside s, bounded; a failure only makes the
// cleanups after it slower.
func stopUnit(s *harness.Systemd, unit string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = s.Command(ctx, "systemctl", "stop", unit).Run()
}

// copyInto copies a host file into the namespace's root, executable.
func copyInto(t *testing.T, s *harness.Systemd, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	writeInto(t, s, to, string(data), 0o755)
}

// writeInto writes a file into the namespace's root.
func writeInto(t *testing.T, s *harness.Systemd, to, content string, mode os.FileMode) {
	t.Helper()
	p := s.Path(to)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), mode))
}
