package kubenode

import (
	"errors"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/render"
)

// Kubeadm returns what kubeadm takes from the node when `kubeadm join`
// (directly, or through Cluster API) sets up its kubelet, for the kubeadm
// and Cluster API renderings (render.WithKubeadm): kubeadm rewrites
// /var/lib/kubelet/config.yaml and kubeadm-flags.env as it joins, so the
// kubelet settings the plan writes there must reach it another way.
//
//   - CRISocket is the runtime's CRI socket.
//   - KubeletExtraArgs are the kubelet flags kubeadm does not set itself
//     (node IPs, labels, cloud provider, image credential provider, root
//     dir, extra flags), in the order the plan renders them.
//   - Taints are the node's taints, and NodeName its hostname override.
//   - KubeletPatch is the node's KubeletConfiguration as a merge patch
//     over the one kubeadm starts from for the node's Kubernetes release
//     (kubelet.KubeadmPatch).
//   - OwnedFiles are the files kubeadm writes (kubelet.KubeadmOwnedFiles)
//     and StartedByKubeadm kubelet.service, which kubeadm starts once its
//     configuration is written.
//
// Name, Namespace, CAPIVersion, PatchesDir, DiscoveryFile and
// JoinConfigPath are left for the caller to set. It fails with every
// problem Validate finds. With the node's plan:
//
//	plan, err := node.Plan(ctx)
//	k, err := node.Kubeadm()
//	k.Name = "workers"
//	template, err := render.Render(plan, render.FormatCAPI, render.WithKubeadm(k))
func (n *Node) Kubeadm() (render.Kubeadm, error) {
	d := n.withDefaults()
	installers, _, err := d.build(nil)
	if err != nil {
		return render.Kubeadm{}, err
	}
	var kl *kubelet.Installer
	for _, in := range installers {
		if k, ok := in.(*kubelet.Installer); ok {
			kl = k
		}
	}
	if kl == nil {
		return render.Kubeadm{}, errors.New("kubeadm: the node has no kubelet installer")
	}
	cfg, err := kl.ConfigFor()
	if err != nil {
		return render.Kubeadm{}, err
	}
	flags := kl.Flags()
	patch, err := kubelet.KubeadmPatch(cfg, kl.Version())
	if err != nil {
		return render.Kubeadm{}, err
	}
	socket := cfg.ContainerRuntimeEndpoint
	if socket == "" {
		// A target before 1.27 reads the endpoint from its flag.
		socket = flags.ContainerRuntimeEndpoint
	}
	k := render.Kubeadm{
		NodeName:         d.Kubelet.HostnameOverride,
		CRISocket:        socket,
		Taints:           cfg.RegisterWithTaints,
		KubeletPatch:     patch,
		OwnedFiles:       kubelet.KubeadmOwnedFiles(),
		StartedByKubeadm: []string{kubelet.UnitName},
	}
	for _, f := range kubelet.KubeadmExtraArgs(flags) {
		k.KubeletExtraArgs = append(k.KubeletExtraArgs, render.KubeadmArg{Name: f.Name, Value: f.Value})
	}
	return k, nil
}
