package render

import corev1 "k8s.io/api/core/v1"

// The versions of Cluster API's API the renderings write: v1beta2, which
// Cluster API 1.14 serves and stores, and v1beta1, which it still serves,
// deprecated (Kubeadm.CAPIVersion).
const (
	CAPIv1beta2 = "v1beta2"
	CAPIv1beta1 = "v1beta1"
)

// The groups of the objects the Cluster API renderings write, and their
// group and version by default (v1beta2).
const (
	// CAPIBootstrapGroup is the group of KubeadmConfigTemplate.
	CAPIBootstrapGroup = "bootstrap.cluster.x-k8s.io"
	// CAPIControlPlaneGroup is the group of KubeadmControlPlane.
	CAPIControlPlaneGroup = "controlplane.cluster.x-k8s.io"
	// CAPIBootstrapAPIVersion is KubeadmConfigTemplate's apiVersion.
	CAPIBootstrapAPIVersion = CAPIBootstrapGroup + "/" + CAPIv1beta2
	// CAPIControlPlaneAPIVersion is KubeadmControlPlane's apiVersion.
	CAPIControlPlaneAPIVersion = CAPIControlPlaneGroup + "/" + CAPIv1beta2
)

// Cluster API's bounds on a KubeadmConfigSpec (its CRD's schema), which
// the API server enforces before any webhook runs.
const (
	// capiMaxContent is files[].content's maxLength.
	capiMaxContent = 10240
	// capiMaxFiles is files' maxItems.
	capiMaxFiles = 200
	// capiMaxCommand is a preKubeadmCommands entry's maxLength.
	capiMaxCommand = 10240
	// capiMaxArgs is kubeletExtraArgs' maxItems and capiMaxArgValue an
	// entry's value's maxLength.
	capiMaxArgs     = 100
	capiMaxArgValue = 1024
)

// The types below mirror the fields of sigs.k8s.io/cluster-api/api
// (bootstrap/kubeadm/v1beta2, controlplane/kubeadm/v1beta2) that kubenode
// writes, with the same JSON keys; kubenode does not import that module
// (see the package documentation, "Cluster API and kubeadm"). The e2e
// module decodes every rendering strictly with the real types.

// capiMeta is an object's metadata: name and namespace only.
type capiMeta struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// capiConfigTemplate is a KubeadmConfigTemplate.
type capiConfigTemplate struct {
	APIVersion string                 `json:"apiVersion"`
	Kind       string                 `json:"kind"`
	Metadata   capiMeta               `json:"metadata"`
	Spec       capiConfigTemplateSpec `json:"spec"`
}

// capiConfigTemplateSpec is KubeadmConfigTemplateSpec.
type capiConfigTemplateSpec struct {
	Template capiConfigTemplateResource `json:"template"`
}

// capiConfigTemplateResource is KubeadmConfigTemplateResource.
type capiConfigTemplateResource struct {
	Spec capiConfigSpec `json:"spec"`
}

// capiControlPlane is a KubeadmControlPlane holding only its
// kubeadmConfigSpec: a fragment to merge into the user's own.
type capiControlPlane struct {
	APIVersion string               `json:"apiVersion"`
	Kind       string               `json:"kind"`
	Metadata   capiMeta             `json:"metadata"`
	Spec       capiControlPlaneSpec `json:"spec"`
}

// capiControlPlaneSpec is the kubeadmConfigSpec of KubeadmControlPlaneSpec.
type capiControlPlaneSpec struct {
	KubeadmConfigSpec capiConfigSpec `json:"kubeadmConfigSpec"`
}

// capiConfigSpec is KubeadmConfigSpec.
type capiConfigSpec struct {
	// InitConfiguration is initConfiguration: the first control-plane
	// node's `kubeadm init`.
	InitConfiguration *capiInitConfiguration `json:"initConfiguration,omitempty"`
	// JoinConfiguration is joinConfiguration: `kubeadm join`.
	JoinConfiguration *capiJoinConfiguration `json:"joinConfiguration,omitempty"`
	// Files is files: written by cloud-init's write_files before any
	// command runs.
	Files []capiFile `json:"files,omitempty"`
	// PreKubeadmCommands is preKubeadmCommands: run by cloud-init's runcmd,
	// each through sh, before kubeadm.
	PreKubeadmCommands []string `json:"preKubeadmCommands,omitempty"`
}

// capiInitConfiguration is InitConfiguration.
type capiInitConfiguration struct {
	// NodeRegistration is a capiNodeRegistration (v1beta2) or a
	// capiNodeRegistrationV1beta1.
	NodeRegistration any          `json:"nodeRegistration"`
	Patches          *capiPatches `json:"patches,omitempty"`
}

// capiJoinConfiguration is JoinConfiguration.
type capiJoinConfiguration struct {
	// NodeRegistration is as capiInitConfiguration's.
	NodeRegistration any          `json:"nodeRegistration"`
	Patches          *capiPatches `json:"patches,omitempty"`
}

// capiNodeRegistration is NodeRegistrationOptions.
type capiNodeRegistration struct {
	// Name is name, the Node's name (default: the host name).
	Name string `json:"name,omitempty"`
	// CRISocket is criSocket.
	CRISocket string `json:"criSocket,omitempty"`
	// Taints is taints; nil leaves kubeadm's default (none on a worker,
	// the control-plane taint on a control-plane node).
	Taints *[]corev1.Taint `json:"taints,omitempty"`
	// KubeletExtraArgs is kubeletExtraArgs, a list of name and value in
	// v1beta2 (a map in v1beta1).
	KubeletExtraArgs []capiArg `json:"kubeletExtraArgs,omitempty"`
}

// capiNodeRegistrationV1beta1 is v1beta1's NodeRegistrationOptions:
// kubeletExtraArgs is a map there (so its order is lost, and a flag given
// twice cannot be), and taints cannot say "none" apart from "unset".
type capiNodeRegistrationV1beta1 struct {
	Name             string            `json:"name,omitempty"`
	CRISocket        string            `json:"criSocket,omitempty"`
	Taints           []corev1.Taint    `json:"taints,omitempty"`
	KubeletExtraArgs map[string]string `json:"kubeletExtraArgs,omitempty"`
}

// capiArg is Arg: value is a pointer upstream, so an empty value is
// written as "".
type capiArg struct {
	Name  string  `json:"name,omitempty"`
	Value *string `json:"value,omitempty"`
}

// capiPatches is Patches.
type capiPatches struct {
	Directory string `json:"directory,omitempty"`
}

// capiFile is File.
type capiFile struct {
	Path        string `json:"path,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Permissions string `json:"permissions,omitempty"`
	// Encoding is encoding: "base64" for content YAML would not carry.
	Encoding    string          `json:"encoding,omitempty"`
	Content     string          `json:"content,omitempty"`
	ContentFrom *capiFileSource `json:"contentFrom,omitempty"`
}

// capiFileSource is FileSource.
type capiFileSource struct {
	Secret capiSecretFileSource `json:"secret"`
}

// capiSecretFileSource is SecretFileSource.
type capiSecretFileSource struct {
	Name string `json:"name,omitempty"`
	Key  string `json:"key,omitempty"`
}
