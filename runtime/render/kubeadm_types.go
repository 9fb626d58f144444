package render

import corev1 "k8s.io/api/core/v1"

// KubeadmAPIVersion is the kubeadm configuration API the JoinConfiguration
// is written in (kubeadm 1.31 and later read it).
const KubeadmAPIVersion = "kubeadm.k8s.io/v1beta4"

// The types below mirror the fields of kubeadm's v1beta4 API
// (k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/v1beta4) that kubenode
// writes, with the same JSON keys. The e2e module decodes every rendering
// strictly with kubeadm's own scheme and validates it.

// kubeadmJoin is JoinConfiguration.
type kubeadmJoin struct {
	APIVersion       string                  `json:"apiVersion"`
	Kind             string                  `json:"kind"`
	NodeRegistration kubeadmNodeRegistration `json:"nodeRegistration"`
	Discovery        kubeadmDiscovery        `json:"discovery"`
	Patches          *kubeadmPatches         `json:"patches,omitempty"`
}

// kubeadmNodeRegistration is NodeRegistrationOptions.
type kubeadmNodeRegistration struct {
	Name      string `json:"name,omitempty"`
	CRISocket string `json:"criSocket,omitempty"`
	// Taints is taints, always written: an empty list registers a worker
	// with none, where null would leave it to kubeadm's default.
	Taints           []corev1.Taint `json:"taints"`
	KubeletExtraArgs []kubeadmArg   `json:"kubeletExtraArgs,omitempty"`
}

// kubeadmArg is Arg.
type kubeadmArg struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// kubeadmDiscovery is Discovery, with file discovery only: a bootstrap
// token is a secret and stays out of the configuration.
type kubeadmDiscovery struct {
	File kubeadmFileDiscovery `json:"file"`
}

// kubeadmFileDiscovery is FileDiscovery.
type kubeadmFileDiscovery struct {
	KubeConfigPath string `json:"kubeConfigPath"`
}

// kubeadmPatches is Patches.
type kubeadmPatches struct {
	Directory string `json:"directory,omitempty"`
}
