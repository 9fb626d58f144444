package render

import (
	"fmt"
	"path"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Where a kubeadm node's own files go, by default.
const (
	// DefaultPatchesDir is the kubeadm patches directory
	// (patches.directory) the kubelet's configuration patch goes into.
	DefaultPatchesDir = "/etc/kubernetes/patches"
	// KubeletPatchName is the patch file's name: kubeadm's
	// kubeletconfiguration target as a JSON merge patch (RFC 7386). A
	// merge patch, not a strategic one: kubeadm applies strategic patches
	// to this target with its internal KubeletConfiguration type, which
	// has no JSON keys to look a map or list up by.
	KubeletPatchName = "kubeletconfiguration+merge.yaml"
	// DefaultDiscoveryFile is discovery.file.kubeConfigPath of the plain
	// kubeadm JoinConfiguration: the kubeconfig (with its bootstrap token)
	// the node gets from whoever admits it.
	DefaultDiscoveryFile = "/etc/kubernetes/discovery.conf"
	// DefaultJoinConfigPath is where [KubeadmPlan] writes the
	// JoinConfiguration, for `kubeadm join --config`.
	DefaultJoinConfigPath = "/etc/kubernetes/kubeadm-join.yaml"
	// PrepareScriptPath is where the Cluster API renderings put the script
	// their first preKubeadmCommands entry runs (see [CAPI]).
	PrepareScriptPath = "/var/lib/kubenode/prepare-node.sh"
	// DefaultCAPIName names the objects of a Cluster API rendering when
	// [Kubeadm] names none.
	DefaultCAPIName = "kubenode"
)

// Kubeadm is what a node joined by kubeadm needs beside its plan: what
// goes into kubeadm's nodeRegistration and patches instead of the files
// kubeadm owns. The root package's Node.Kubeadm computes it from a Node
// (the kubelet's flags and configuration are its knowledge, not the
// renderer's); [WithKubeadm] passes it to the kubeadm and Cluster API
// renderings. Its zero value says nothing about the kubelet: the plan
// ships as it is.
type Kubeadm struct {
	// Name names the Cluster API objects (a DNS-1123 subdomain, default
	// DefaultCAPIName); their Secret is Name-files.
	Name string
	// Namespace is their namespace; empty leaves it to kubectl.
	Namespace string
	// CAPIVersion is the version of Cluster API's API the objects are
	// written in: CAPIv1beta2 (the default) or CAPIv1beta1, deprecated
	// but still served by Cluster API 1.14, whose kubeletExtraArgs is a
	// map (their order is lost).
	CAPIVersion string
	// NodeName is nodeRegistration.name (the kubelet's
	// --hostname-override); empty leaves the host name.
	NodeName string
	// CRISocket is nodeRegistration.criSocket, the runtime's CRI socket as
	// a unix:// URL.
	CRISocket string
	// KubeletExtraArgs are nodeRegistration.kubeletExtraArgs in order: the
	// kubelet flags kubeadm does not write itself.
	KubeletExtraArgs []KubeadmArg
	// Taints are nodeRegistration.taints.
	Taints []corev1.Taint
	// KubeletPatch is the KubeletConfiguration JSON merge patch (YAML)
	// kubeadm applies over the cluster's kubelet configuration, written
	// to PatchesDir/KubeletPatchName; empty for none.
	KubeletPatch []byte
	// PatchesDir is patches.directory (default DefaultPatchesDir).
	PatchesDir string
	// OwnedFiles are plan files kubeadm writes itself
	// (/var/lib/kubelet/config.yaml, kubeadm-flags.env): left out.
	OwnedFiles []string
	// StartedByKubeadm are units kubeadm starts itself (kubelet.service,
	// which cannot run before `kubeadm join` writes its configuration):
	// the plan's start and restart of them are left out, its enable kept.
	StartedByKubeadm []string
	// DiscoveryFile is discovery.file.kubeConfigPath of the plain kubeadm
	// JoinConfiguration (default DefaultDiscoveryFile); Cluster API fills
	// discovery itself.
	DiscoveryFile string
	// JoinConfigPath is where KubeadmPlan writes the JoinConfiguration
	// (default DefaultJoinConfigPath).
	JoinConfigPath string
}

// KubeadmArg is one kubelet flag kubeadm passes: name without dashes,
// value.
type KubeadmArg struct {
	Name  string
	Value string
}

// WithKubeadm gives the kubeadm and Cluster API renderings what kubeadm
// takes from the node (see [Kubeadm]); the other renderers ignore it.
func WithKubeadm(k Kubeadm) Option {
	return func(s *settings) { s.kubeadm = k }
}

// withDefaults fills the empty fields that have a default.
func (k Kubeadm) withDefaults() Kubeadm {
	if k.Name == "" {
		k.Name = DefaultCAPIName
	}
	if k.CAPIVersion == "" {
		k.CAPIVersion = CAPIv1beta2
	}
	if k.PatchesDir == "" {
		k.PatchesDir = DefaultPatchesDir
	}
	if k.DiscoveryFile == "" {
		k.DiscoveryFile = DefaultDiscoveryFile
	}
	if k.JoinConfigPath == "" {
		k.JoinConfigPath = DefaultJoinConfigPath
	}
	return k
}

// secretName is the name of the Secret the Cluster API renderings write.
func (k Kubeadm) secretName() string { return k.Name + "-files" }

// patchPath is the node path of the kubelet's patch file.
func (k Kubeadm) patchPath() string { return path.Join(k.PatchesDir, KubeletPatchName) }

// validate checks a defaulted Kubeadm, at kubeadm.<field>.
func (k Kubeadm) validate() field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("kubeadm")
	for _, msg := range validation.IsDNS1123Subdomain(k.secretName()) {
		errs = append(errs, field.Invalid(p.Child("name"), k.Name, "names the objects and, with -files, their Secret: "+msg))
	}
	if k.CAPIVersion != CAPIv1beta2 && k.CAPIVersion != CAPIv1beta1 {
		errs = append(errs, field.NotSupported(p.Child("capiVersion"), k.CAPIVersion, []string{CAPIv1beta2, CAPIv1beta1}))
	}
	if k.Namespace != "" {
		for _, msg := range validation.IsDNS1123Label(k.Namespace) {
			errs = append(errs, field.Invalid(p.Child("namespace"), k.Namespace, msg))
		}
	}
	if k.NodeName != "" {
		for _, msg := range validation.IsDNS1123Subdomain(k.NodeName) {
			errs = append(errs, field.Invalid(p.Child("nodeName"), k.NodeName, msg))
		}
	}
	for _, np := range []struct{ name, path string }{{"patchesDir", k.PatchesDir}, {"discoveryFile", k.DiscoveryFile}, {"joinConfigPath", k.JoinConfigPath}} {
		if !path.IsAbs(np.path) || path.Clean(np.path) != np.path {
			errs = append(errs, field.Invalid(p.Child(np.name), np.path, "want an absolute, clean node path"))
		}
	}
	if len(k.KubeletExtraArgs) > capiMaxArgs {
		errs = append(errs, field.TooLong(p.Child("kubeletExtraArgs"), len(k.KubeletExtraArgs), capiMaxArgs))
	}
	seen := map[string]bool{}
	for i, a := range k.KubeletExtraArgs {
		ap := p.Child("kubeletExtraArgs").Index(i)
		switch {
		case a.Name == "":
			errs = append(errs, field.Required(ap.Child("name"), "a kubelet flag name"))
		case seen[a.Name]:
			errs = append(errs, field.Duplicate(ap.Child("name"), a.Name))
		}
		seen[a.Name] = true
		if len(a.Value) > capiMaxArgValue {
			errs = append(errs, field.TooLong(ap.Child("value"), a.Value, capiMaxArgValue))
		}
	}
	return errs
}

// kubeadmSettings validates the plan and the Kubeadm of opts and returns
// the defaulted settings.
func kubeadmSettings(p *runtime.Plan, opts []Option) (settings, error) {
	if err := p.Validate(); err != nil {
		return settings{}, err
	}
	s := settingsOf(opts)
	s.kubeadm = s.kubeadm.withDefaults()
	if err := s.kubeadm.validate().Err(); err != nil {
		return settings{}, err
	}
	return s, nil
}

// kubeadmNode is the plan a kubeadm node gets from the node's plan: the
// files kubeadm owns left out, the kubelet's patch file added, and the
// starts and restarts of the units kubeadm starts left out. A plan file
// at the patch file's path is a conflict.
func kubeadmNode(p *runtime.Plan, k Kubeadm) (*runtime.Plan, error) {
	out := &runtime.Plan{Artifacts: p.Artifacts, Groups: p.Groups}
	for i, f := range p.Files {
		if len(k.KubeletPatch) > 0 && f.Path == k.patchPath() {
			return nil, field.Conflict(field.NewPath("files").Index(i).Child("path"), f.Path, "the kubelet's kubeadm patch goes there")
		}
		if !slices.Contains(k.OwnedFiles, f.Path) {
			out.Files = append(out.Files, f)
		}
	}
	if len(k.KubeletPatch) > 0 {
		out.Files = append(out.Files, runtime.File{Path: k.patchPath(), Mode: 0o644, Content: k.KubeletPatch})
	}
	for _, a := range p.Units {
		if a.Action != runtime.ActionEnable && slices.Contains(k.StartedByKubeadm, a.Unit) {
			continue
		}
		out.Units = append(out.Units, a)
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("kubeadm: %w", err)
	}
	return out, nil
}
