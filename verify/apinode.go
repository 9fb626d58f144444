package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The paths of a Node object's status Node reads.
var (
	nodeReadyPath          = field.NewPath("status", "conditions").Key(string(corev1.NodeReady))
	nodeRuntimeVersionPath = field.NewPath("status", "nodeInfo", "containerRuntimeVersion")
	nodeKubeletVersionPath = field.NewPath("status", "nodeInfo", "kubeletVersion")
)

// nodeObject reads the Node object from the API server WithKubeconfig
// names, and reports on "nodes/NAME": not registered, not Ready, or a
// runtime or kubelet other than planned.
func (v *verifier) nodeObject(ctx context.Context) {
	name := v.nodeName
	if name == "" {
		name = v.plan.nodeName
	}
	if name == "" {
		// The kubelet registers the host's name, lower-cased.
		h, err := os.Hostname()
		if err != nil {
			v.add(v.kubeconfig, field.Required(nil, "no node name: WithNodeName is needed ("+err.Error()+")"))
			return
		}
		name = strings.ToLower(h)
	}
	file := "nodes/" + name
	raw, err := clientcmd.LoadFromFile(v.kubeconfig)
	if err != nil {
		v.add(v.kubeconfig, field.Invalid(nil, nil, "cannot read the kubeconfig: "+err.Error()))
		return
	}
	v.rebaseKubeconfigFiles(raw)
	cfg, err := clientcmd.NewDefaultClientConfig(*raw, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		v.add(v.kubeconfig, field.Invalid(nil, nil, "cannot use the kubeconfig: "+err.Error()))
		return
	}
	cfg.Dial = v.dialTCP
	cfg.Timeout = v.timeout
	cfg.Proxy = nil
	client, err := corev1client.NewForConfig(cfg)
	if err != nil {
		v.add(v.kubeconfig, field.Invalid(nil, nil, "cannot use the kubeconfig: "+err.Error()))
		return
	}
	node, err := client.Nodes().Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		v.add(file, &field.Error{Type: ErrMissing, BadValue: name, Detail: "the API server at " + cfg.Host + " has no such Node: the kubelet has not registered"})
		return
	case err != nil:
		v.add(file, &field.Error{Type: ErrUnreachable, BadValue: cfg.Host, Detail: "cannot read the Node object: " + err.Error()})
		return
	}
	st := &NodeStatus{Name: node.Name, ContainerRuntimeVersion: node.Status.NodeInfo.ContainerRuntimeVersion, KubeletVersion: node.Status.NodeInfo.KubeletVersion}
	v.report.Node = st
	var ready *corev1.NodeCondition
	for i, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady {
			ready = &node.Status.Conditions[i]
			st.Ready = string(c.Status)
		}
	}
	switch {
	case ready == nil:
		v.add(file, &field.Error{Type: ErrNotReady, Path: nodeReadyPath, Detail: "the Node has no Ready condition yet"})
	case ready.Status != corev1.ConditionTrue:
		v.add(file, &field.Error{Type: ErrNotReady, Path: nodeReadyPath, BadValue: ready.Reason, Detail: ready.Message})
	}
	v.checkNodeRuntime(file, st.ContainerRuntimeVersion)
	v.checkNodeKubelet(file, st.KubeletVersion)
}

// rebaseKubeconfigFiles reads the files a kubeconfig inside the node's
// root names (CAs, client certificates and keys, token files) under the
// root too: such a kubeconfig is the node's own,
// /etc/kubernetes/kubelet.conf, and names them by their node paths.
func (v *verifier) rebaseKubeconfigFiles(cfg *clientcmdapi.Config) {
	if v.root == "/" || !within(v.kubeconfig, v.root) {
		return
	}
	rebase := func(f *string) {
		if filepath.IsAbs(*f) && !within(*f, v.root) {
			*f = v.underRoot(*f)
		}
	}
	for _, c := range cfg.Clusters {
		rebase(&c.CertificateAuthority)
	}
	for _, a := range cfg.AuthInfos {
		rebase(&a.ClientCertificate)
		rebase(&a.ClientKey)
		rebase(&a.TokenFile)
	}
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// checkNodeRuntime compares "containerd://2.2.9" with the planned runtime.
func (v *verifier) checkNodeRuntime(file, got string) {
	want := runtimeNames[v.plan.kind] + "://" + v.plan.version.String()
	scheme, version, ok := strings.Cut(got, "://")
	if ok && strings.EqualFold(scheme, runtimeNames[v.plan.kind]) && v.sameRelease(version, v.plan.version) {
		return
	}
	v.add(file, &field.Error{Type: ErrDrift, Path: nodeRuntimeVersionPath, BadValue: Drift{Planned: want, Running: got},
		Detail: "the kubelet reports another runtime than planned"})
}

// checkNodeKubelet compares "v1.37.2" with the planned Kubernetes release.
func (v *verifier) checkNodeKubelet(file, got string) {
	if v.sameRelease(got, v.plan.kubernetes) {
		return
	}
	v.add(file, &field.Error{Type: ErrDrift, Path: nodeKubeletVersionPath, BadValue: Drift{Planned: "v" + v.plan.kubernetes.String(), Running: got},
		Detail: "the node runs another kubelet than planned"})
}

// sameRelease reports whether a release a program printed is the planned
// one: every patch of a release planned as major.minor.
func (v *verifier) sameRelease(got string, want runtime.Version) bool {
	g, err := runtime.ParseVersion(got)
	if err != nil {
		return false
	}
	if !want.HasPatch {
		g = g.MinorOf()
	}
	return g.Compare(want) == 0
}
