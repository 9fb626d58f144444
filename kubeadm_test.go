package kubenode_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/render"
)

func TestKubeadmOfEachRuntime(t *testing.T) {
	for _, tt := range []struct {
		runtime kubenode.Runtime
		socket  string
	}{
		{kubenode.Containerd, runtime.ContainerdEndpoint},
		{kubenode.Docker, runtime.CRIDockerdEndpoint},
		{kubenode.CRIO, runtime.CRIOEndpoint},
	} {
		n := &kubenode.Node{
			Runtime:    tt.runtime,
			NodeIPs:    []string{"10.0.0.5"},
			NodeLabels: map[string]string{"pool": "gpu"},
			Taints:     []string{"gpu=true:NoSchedule"},
			Host:       kubenode.Host{Swap: kubenode.SwapAllowed},
			Kubelet:    kubenode.KubeletSettings{HostnameOverride: "node-1"},
		}
		k, err := n.Kubeadm()
		require.NoError(t, err, tt.runtime)
		assert.Equal(t, tt.socket, k.CRISocket, tt.runtime)
		assert.Equal(t, "node-1", k.NodeName)
		assert.Equal(t, []render.KubeadmArg{{Name: "node-ip", Value: "10.0.0.5"}, {Name: "node-labels", Value: "pool=gpu"}}, k.KubeletExtraArgs)
		assert.Equal(t, []corev1.Taint{{Key: "gpu", Value: "true", Effect: corev1.TaintEffectNoSchedule}}, k.Taints)
		assert.Equal(t, kubelet.KubeadmOwnedFiles(), k.OwnedFiles)
		assert.Equal(t, []string{kubelet.UnitName}, k.StartedByKubeadm)
		var patch map[string]any
		require.NoError(t, yaml.Unmarshal(k.KubeletPatch, &patch))
		assert.Equal(t, false, patch["failSwapOn"], "the node's own setting reaches kubeadm: %s", k.KubeletPatch)
		assert.NotContains(t, patch, "containerRuntimeEndpoint", "criSocket carries it")
		assert.NotContains(t, patch, "registerWithTaints", "taints carry them")
	}
}

// A Kubernetes release before 1.27 reads the runtime endpoint from its
// flag: criSocket is still the runtime's socket, and the flag is
// kubeadm's.
func TestKubeadmBefore127(t *testing.T) {
	n := &kubenode.Node{Kubernetes: "1.26", RuntimeVersion: "1.7"}
	k, err := n.Kubeadm()
	require.NoError(t, err)
	assert.Equal(t, runtime.ContainerdEndpoint, k.CRISocket)
	for _, a := range k.KubeletExtraArgs {
		assert.NotEqual(t, "container-runtime-endpoint", a.Name)
	}
}

func TestKubeadmOfAnInvalidNode(t *testing.T) {
	n := &kubenode.Node{Runtime: "rkt"}
	_, err := n.Kubeadm()
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "runtime")
}

// The node's Cluster API template leaves out the files kubeadm writes and
// the start of the kubelet, which kubeadm starts once it wrote them.
func TestKubeadmTemplateOfANode(t *testing.T) {
	n := &kubenode.Node{NodeIPs: []string{"10.0.0.5"}}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	k, err := n.Kubeadm()
	require.NoError(t, err)
	kp, err := render.KubeadmPlan(plan, render.WithKubeadm(k))
	require.NoError(t, err)
	assert.Nil(t, kp.File(kubelet.DefaultConfigPath))
	assert.Nil(t, kp.File(kubelet.KubeadmFlagsEnvPath))
	assert.NotNil(t, kp.File(render.DefaultJoinConfigPath))
	assert.Contains(t, kp.Units, runtime.UnitAction{Unit: kubelet.UnitName, Action: runtime.ActionEnable})
	assert.NotContains(t, kp.Units, runtime.UnitAction{Unit: kubelet.UnitName, Action: runtime.ActionStart})
}

// A worker `kubeadm join` sets up: the JoinConfiguration carries what the
// plan would have written into the kubelet's files (render.FormatCAPI
// renders the same for Cluster API, render.KubeadmPlan the node's files).
func ExampleNode_Kubeadm() {
	node := &kubenode.Node{Kubernetes: "1.37", NodeIPs: []string{"10.0.0.7"}, Taints: []string{"gpu=true:NoSchedule"}}
	plan, err := node.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	k, err := node.Kubeadm()
	if err != nil {
		fmt.Println(err)
		return
	}
	join, err := render.Render(plan, render.FormatKubeadm, render.WithKubeadm(k))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(join))
	// Output:
	// apiVersion: kubeadm.k8s.io/v1beta4
	// discovery:
	//   file:
	//     kubeConfigPath: /etc/kubernetes/discovery.conf
	// kind: JoinConfiguration
	// nodeRegistration:
	//   criSocket: unix:///run/containerd/containerd.sock
	//   kubeletExtraArgs:
	//   - name: node-ip
	//     value: 10.0.0.7
	//   taints:
	//   - effect: NoSchedule
	//     key: gpu
	//     value: "true"
}
