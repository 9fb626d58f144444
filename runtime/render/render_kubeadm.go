package render

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// KubeadmJoin renders a kubeadm JoinConfiguration (kubeadm.k8s.io/v1beta4)
// for a node that runs `kubeadm join --config` itself, without Cluster
// API: the node registration and patches of the [Kubeadm] of
// [WithKubeadm], and file discovery from its DiscoveryFile (a bootstrap
// token is a secret and never goes into the configuration). The node's
// files come from [KubeadmPlan].
func KubeadmJoin(p *runtime.Plan, opts ...Option) ([]byte, error) {
	s, err := kubeadmSettings(p, opts)
	if err != nil {
		return nil, err
	}
	return kubeadmJoinConfig(s.kubeadm)
}

// kubeadmJoinConfig encodes the JoinConfiguration of a validated,
// defaulted Kubeadm.
func kubeadmJoinConfig(k Kubeadm) ([]byte, error) {
	j := kubeadmJoin{
		APIVersion: KubeadmAPIVersion,
		Kind:       "JoinConfiguration",
		NodeRegistration: kubeadmNodeRegistration{
			Name:      k.NodeName,
			CRISocket: k.CRISocket,
			Taints:    slices.Clone(k.Taints),
		},
		Discovery: kubeadmDiscovery{File: kubeadmFileDiscovery{KubeConfigPath: k.DiscoveryFile}},
	}
	if j.NodeRegistration.Taints == nil {
		j.NodeRegistration.Taints = []corev1.Taint{}
	}
	for _, a := range k.KubeletExtraArgs {
		j.NodeRegistration.KubeletExtraArgs = append(j.NodeRegistration.KubeletExtraArgs, kubeadmArg(a))
	}
	if len(k.KubeletPatch) > 0 {
		j.Patches = &kubeadmPatches{Directory: k.PatchesDir}
	}
	b, err := yaml.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("kubeadm: %w", err)
	}
	return b, nil
}

// KubeadmPlan is the plan of a node that runs `kubeadm join --config`
// itself: the plan without the files kubeadm owns and without the starts
// of the units kubeadm starts, with the kubelet's patch file in the
// patches directory and the JoinConfiguration ([KubeadmJoin]) at the
// Kubeadm's JoinConfigPath. Apply it, or render it in any format, then
// run `kubeadm join --config` with that path.
func KubeadmPlan(p *runtime.Plan, opts ...Option) (*runtime.Plan, error) {
	s, err := kubeadmSettings(p, opts)
	if err != nil {
		return nil, err
	}
	k := s.kubeadm
	for i, f := range p.Files {
		if f.Path == k.JoinConfigPath {
			return nil, field.Conflict(field.NewPath("files").Index(i).Child("path"), f.Path, "the kubeadm JoinConfiguration goes there")
		}
	}
	node, err := kubeadmNode(p, k)
	if err != nil {
		return nil, err
	}
	join, err := kubeadmJoinConfig(k)
	if err != nil {
		return nil, err
	}
	out := node.Clone()
	out.Files = append(out.Files, runtime.File{Path: k.JoinConfigPath, Mode: 0o644, Content: join})
	return out, nil
}
