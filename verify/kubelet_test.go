package verify_test

import (
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// healthz serves a kubelet's /healthz answering code and body.
func healthz(t *testing.T, code int, body string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

// TestKubeletHealthz asks the kubelet's healthz at the address the
// planned KubeletConfiguration names, or WithKubeletHealthz's.
func TestKubeletHealthz(t *testing.T) {
	sock := serve(t, replay(t, "containerd-2.2.9"))
	ask := func(t *testing.T, kubeletOpt func(*v1beta1.KubeletConfiguration), opts ...verify.Option) *verify.Report {
		n := containerdNode("", "2.2.9")
		n.KubeletConfig = kubeletOpt
		rep, err := verify.Node(t.Context(), n, append([]verify.Option{verify.WithEndpoint(sock)}, opts...)...)
		require.NoError(t, err)
		return rep
	}
	atPort := func(url string) func(*v1beta1.KubeletConfiguration) {
		_, port, err := net.SplitHostPort(url[len("http://"):])
		require.NoError(t, err)
		p, err := strconv.Atoi(port)
		require.NoError(t, err)
		return func(c *v1beta1.KubeletConfiguration) {
			c.HealthzBindAddress = "127.0.0.1"
			c.HealthzPort = new(int32(p))
		}
	}

	ok := healthz(t, http.StatusOK, "ok")
	rep := ask(t, atPort(ok.URL))
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	assert.Equal(t, "ok", rep.KubeletHealthz, "the planned healthzPort was asked")

	sick := healthz(t, http.StatusInternalServerError, "[-]syncloop failed")
	rep = ask(t, nil, verify.WithKubeletHealthz(sick.URL+"/healthz"))
	inspecttest.RequireFindings(t, rep.Findings, noCNI,
		inspecttest.Error(sick.URL+"/healthz", verify.ErrNotReady, "").Value("[-]syncloop failed"))

	gone := healthz(t, http.StatusOK, "ok")
	gone.Close()
	rep = ask(t, atPort(gone.URL))
	inspecttest.RequireFindings(t, rep.Findings, noCNI,
		inspecttest.Error(gone.URL+"/healthz", verify.ErrUnreachable, "").Value(gone.URL+"/healthz"))

	rep = ask(t, func(c *v1beta1.KubeletConfiguration) { c.HealthzPort = new(int32(0)) })
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	assert.Empty(t, rep.KubeletHealthz, "healthzPort 0: the kubelet serves none, and none is asked")
}

// apiServer serves GET /api/v1/nodes/NAME with node (404 when nil) and
// returns a kubeconfig for it.
func apiServer(t *testing.T, node *corev1.Node) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if node == nil || r.URL.Path != "/api/v1/nodes/"+node.Name {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
				Status: metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(node)
	}))
	t.Cleanup(s.Close)
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c"] = &clientcmdapi.Cluster{Server: s.URL}
	cfg.AuthInfos["u"] = &clientcmdapi.AuthInfo{Token: "not-a-secret"}
	cfg.Contexts["x"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "u"}
	cfg.CurrentContext = "x"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, clientcmd.WriteToFile(*cfg, path))
	return path
}

// readyNode is a Node object as a kubelet of the plan reports itself.
func readyNode(name string) *corev1.Node {
	return &corev1.Node{
		TypeMeta:   metav1.TypeMeta{Kind: "Node", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{
			Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady"}},
			NodeInfo:   corev1.NodeSystemInfo{ContainerRuntimeVersion: "containerd://2.2.9", KubeletVersion: "v1.37.2"},
		},
	}
}

// TestNodeObject reads the Node object through a kubeconfig.
func TestNodeObject(t *testing.T) {
	sock := serve(t, replay(t, "containerd-2.2.9"))
	const name = "node-1"
	file := "nodes/" + name
	tests := []struct {
		name   string
		change func(n *corev1.Node) *corev1.Node
		want   []inspecttest.Want
	}{
		{name: "ready, as planned", change: func(n *corev1.Node) *corev1.Node { return n }},
		{name: "not registered", change: func(*corev1.Node) *corev1.Node { return nil },
			want: []inspecttest.Want{inspecttest.Error(file, verify.ErrMissing, "").Value(name)}},
		{name: "not ready", change: func(n *corev1.Node) *corev1.Node {
			n.Status.Conditions[0].Status, n.Status.Conditions[0].Reason = corev1.ConditionFalse, "KubeletNotReady"
			return n
		}, want: []inspecttest.Want{inspecttest.Error(file, verify.ErrNotReady, "status.conditions.Ready").Value("KubeletNotReady")}},
		{name: "no Ready condition yet", change: func(n *corev1.Node) *corev1.Node {
			n.Status.Conditions = nil
			return n
		}, want: []inspecttest.Want{inspecttest.Error(file, verify.ErrNotReady, "status.conditions.Ready")}},
		{name: "another runtime and kubelet", change: func(n *corev1.Node) *corev1.Node {
			n.Status.NodeInfo = corev1.NodeSystemInfo{ContainerRuntimeVersion: "containerd://1.6.20", KubeletVersion: "v1.36.1"}
			return n
		}, want: []inspecttest.Want{
			inspecttest.Error(file, verify.ErrDrift, "status.nodeInfo.containerRuntimeVersion").
				Value(verify.Drift{Planned: "containerd://2.2.9", Running: "containerd://1.6.20"}),
			inspecttest.Error(file, verify.ErrDrift, "status.nodeInfo.kubeletVersion").
				Value(verify.Drift{Planned: "v1.37", Running: "v1.36.1"}),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			node := tt.change(readyNode(name))
			rep, err := verify.Node(t.Context(), containerdNode("", "2.2.9"), verify.WithEndpoint(sock), verify.WithoutKubelet(),
				verify.WithKubeconfig(apiServer(t, node)), verify.WithNodeName(name))
			require.NoError(t, err)
			inspecttest.RequireFindings(t, rep.Findings, append([]inspecttest.Want{noCNI}, tt.want...)...)
			for _, f := range rep.Findings {
				assert.NotContains(t, f.Message, "not-a-secret", "no credential in a finding")
			}
			if node != nil {
				require.NotNil(t, rep.Node)
				assert.Equal(t, node.Status.NodeInfo.KubeletVersion, rep.Node.KubeletVersion)
			}
		})
	}

	// A kubeconfig that is not there, and an API server that is gone.
	none := filepath.Join(t.TempDir(), "none")
	rep, err := verify.Node(t.Context(), containerdNode("", "2.2.9"), verify.WithEndpoint(sock), verify.WithoutKubelet(),
		verify.WithKubeconfig(none), verify.WithNodeName(name))
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, noCNI, inspecttest.Error(none, field.ErrInvalid, ""))

	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c"] = &clientcmdapi.Cluster{Server: gone.URL}
	cfg.Contexts["x"] = &clientcmdapi.Context{Cluster: "c"}
	cfg.CurrentContext = "x"
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, clientcmd.WriteToFile(*cfg, kubeconfig))
	rep, err = verify.Node(t.Context(), containerdNode("", "2.2.9"), verify.WithEndpoint(sock), verify.WithoutKubelet(),
		verify.WithKubeconfig(kubeconfig), verify.WithNodeName(name), verify.WithTimeout(2*time.Second))
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, noCNI, inspecttest.Error(file, verify.ErrUnreachable, "").Value(gone.URL))
}

// TestNodeKubeconfigUnderRoot: the node's own kubeconfig, read from
// outside through WithRoot, names its CA by its node path, found under the
// root.
func TestNodeKubeconfigUnderRoot(t *testing.T) {
	sock := serve(t, replay(t, "containerd-2.2.9"))
	node := readyNode("node-1")
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(node)
	}))
	t.Cleanup(s.Close)
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc", "kubernetes", "pki"), 0o755))
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc", "kubernetes", "pki", "ca.crt"), ca, 0o644))
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c"] = &clientcmdapi.Cluster{Server: s.URL, CertificateAuthority: "/etc/kubernetes/pki/ca.crt"}
	cfg.Contexts["x"] = &clientcmdapi.Context{Cluster: "c"}
	cfg.CurrentContext = "x"
	kubeconfig := filepath.Join(root, "etc", "kubernetes", "kubelet.conf")
	require.NoError(t, clientcmd.WriteToFile(*cfg, kubeconfig))

	rep, err := verify.Node(t.Context(), containerdNode("", "2.2.9"), verify.WithEndpoint(sock), verify.WithoutKubelet(),
		verify.WithRoot(root), verify.WithKubeconfig(kubeconfig), verify.WithNodeName("node-1"))
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	require.NotNil(t, rep.Node)
	assert.Equal(t, "True", rep.Node.Ready)
}
