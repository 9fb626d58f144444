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
	_, _, rest := splitForKubeadm(f)
	return kubeadmFlagsEnv(rest)
}

// kubeadmFlagsEnv is KubeadmFlagsEnv of the flags splitForKubeadm left for
// KUBELET_KUBEADM_ARGS.
func kubeadmFlagsEnv(rest []string) ([]byte, error) {
	var errs field.ErrorList
	for i, arg := range rest {
		if len(checkWord(nil, arg)) > 0 { // the path only for a problem
			errs = append(errs, checkWord(kubeadmArgsPath.Index(i), arg)...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// Each word is free of quotes, backslashes and whitespace (checked
	// above), so joining them inside one pair of double quotes is the whole
	// of the env file's quoting.
	return []byte(EnvKubeadmArgs + `="` + strings.Join(rest, " ") + "\"\n"), nil
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
