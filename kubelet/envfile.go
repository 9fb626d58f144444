package kubelet

import (
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// KubeadmFlagsEnv renders kubeadm-flags.env: one line setting
// KUBELET_KUBEADM_ARGS to every flag of f except the kubeconfig and config
// flags (the drop-in carries those), in double quotes as kubeadm writes it:
//
//	KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=10.0.0.5"
//
// systemd reads the value verbatim and ExecStart= splits $KUBELET_KUBEADM_ARGS
// at whitespace, so each flag must be one word free of quotes, backslashes
// and control characters; KubeadmFlagsEnv refuses any other (Validate
// reports them with their flag's path).
func KubeadmFlagsEnv(f *Flags) ([]byte, error) {
	return kubeadmFlagsEnv(f)
}

// kubeadmFlagsEnv is KubeadmFlagsEnv: the file is written straight from
// the flags, each checked where it lies in the line.
func kubeadmFlagsEnv(f *Flags) ([]byte, error) {
	var buf [256]byte
	var endBuf [32]int
	args, ends := f.appendArgs(buf[:0], endBuf[:0], kubeadmArgsFlag)
	var errs field.ErrorList
	start := 0
	for i, end := range ends {
		if arg := args[start:end]; !safeWord(arg) { // the path and the string only for a problem
			errs = append(errs, checkWord(kubeadmArgsPath.Index(i), string(arg))...)
		}
		start = end + 1 // past the space
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// Each word is free of quotes, backslashes and whitespace (checked
	// above), so the one pair of double quotes around them is the whole
	// of the env file's quoting.
	const prefix, suffix = EnvKubeadmArgs + `="`, "\"\n"
	out := make([]byte, 0, len(prefix)+len(args)+len(suffix))
	out = append(append(append(out, prefix...), args...), suffix...)
	return out, nil
}

// kubeadmArgsPath is where KubeadmFlagsEnv reports a flag it refuses.
var kubeadmArgsPath = field.NewPath(EnvKubeadmArgs)

// ParseKubeadmFlagsEnv reads the flags of a kubeadm-flags.env (or of any
// env file that sets KUBELET_KUBEADM_ARGS; systemd.ParseEnvironmentFile
// reads the file), split at whitespace as ExecStart= splits
// $KUBELET_KUBEADM_ARGS.
func ParseKubeadmFlagsEnv(data []byte) (*Flags, error) {
	vars, err := systemd.ParseEnvironmentFile(data)
	if err != nil {
		return nil, err
	}
	return ParseFlags(strings.Fields(vars[EnvKubeadmArgs]))
}
