// Command kubeadm-checker judges kubenode's kubeadm renderings with
// kubeadm's own code from k8s.io/kubernetes v1.37.2, in process, without
// joining anything.
//
//	kubeadm-checker join FILE
//
// reads FILE as `kubeadm join --config` does, but strictly: every
// document split off, a JoinConfiguration's unknown or duplicate field an
// error (kubeadm itself only warns), decoded with kubeadm's scheme (its
// v1beta4 defaulting), its dynamic defaults set (the node name from the
// host name; no CRI detection) and validated with
// ValidateJoinConfiguration. A discovery.file.kubeConfigPath that does not
// exist here (kubeadm checks it on the node) is replaced by an empty file
// before validation, and a note on stderr says so. It prints the result
// as kubeadm writes it (v1beta4 YAML) and exits 1 on any problem.
//
//	kubeadm-checker kubelet-config DIR
//
// builds the KubeletConfiguration kubeadm puts in a new cluster's
// kubelet-config (its static defaults), applies the patch files of DIR
// with kubeadm's patch loader (util/patches: file names, patch types,
// targets) to the kubeletconfiguration target as `kubeadm join` does,
// fails when the loader ignores a file or a patch does not apply, decodes
// the result strictly as a kubelet.config.k8s.io/v1beta1
// KubeletConfiguration and prints it as JSON.
package main

import (
	"fmt"
	"os"
)

func main() {
	switch {
	case len(os.Args) == 3 && os.Args[1] == "join":
		os.Exit(join(os.Args[2]))
	case len(os.Args) == 3 && os.Args[1] == "kubelet-config":
		os.Exit(kubeletConfig(os.Args[2]))
	default:
		fmt.Fprintln(os.Stderr, "usage: kubeadm-checker join FILE\n       kubeadm-checker kubelet-config DIR")
		os.Exit(2)
	}
}
