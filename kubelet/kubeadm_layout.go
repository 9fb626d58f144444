package kubelet

import "strings"

// kubeadm's layout divides the kubelet's flags in three: the kubeconfig
// flags (KUBELET_KUBECONFIG_ARGS of the drop-in), the config flags
// (KUBELET_CONFIG_ARGS), and the rest (KUBELET_KUBEADM_ARGS of
// kubeadm-flags.env), each in the order Args renders them.

// kubeconfigFlag, configFlag and kubeadmArgsFlag tell the three apart by
// flag name, up to a first "=" (as they are told apart in the rendered
// argument).
func kubeconfigFlag(name string) bool {
	return flagNamed(name, "bootstrap-kubeconfig") || flagNamed(name, "kubeconfig")
}

func configFlag(name string) bool {
	return flagNamed(name, "config") || flagNamed(name, "config-dir")
}

// flagNamed reports whether name, a flag's name or its name=value, names
// the flag want.
func flagNamed(name, want string) bool {
	return strings.HasPrefix(name, want) && (len(name) == len(want) || name[len(want)] == '=')
}

func kubeadmArgsFlag(name string) bool { return !kubeconfigFlag(name) && !configFlag(name) }

// dropInArgs are the values of the drop-in's KUBELET_KUBECONFIG_ARGS and
// KUBELET_CONFIG_ARGS: their flags, a space between two ("" for none).
type dropInArgs struct {
	kubeconfig, config string
}

// kubeadmDropInArgs renders the drop-in's two variables from f; both are
// cut from one string.
func kubeadmDropInArgs(f *Flags) dropInArgs {
	var buf [256]byte
	var endBuf [8]int
	b, ends := f.appendArgs(buf[:0], endBuf[:0], kubeconfigFlag)
	n := len(b)
	b, _ = f.appendArgs(b, ends[:0], configFlag)
	s := string(b)
	return dropInArgs{kubeconfig: s[:n], config: s[n:]}
}
