package main

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/apimachinery/pkg/runtime"
	kubeadmapi "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm"
	kubeadmscheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme"
	kubeadmapiv1 "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/v1beta4"
	"k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/validation"
	"k8s.io/kubernetes/cmd/kubeadm/app/constants"
	kubeadmutil "k8s.io/kubernetes/cmd/kubeadm/app/util"
	configutil "k8s.io/kubernetes/cmd/kubeadm/app/util/config"
	"k8s.io/kubernetes/cmd/kubeadm/app/util/config/strict"
)

// join checks a JoinConfiguration file; see the command's doc.
func join(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cfg, err := loadJoin(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out, err := configutil.MarshalKubeadmConfigObject(cfg, kubeadmapiv1.SchemeGroupVersion)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Stdout.Write(out)
	return 0
}

// loadJoin is kubeadm's documentMapToJoinConfiguration with strict errors
// on, and a discovery file that is not here stood in for.
func loadJoin(data []byte) (*kubeadmapi.JoinConfiguration, error) {
	docs, err := kubeadmutil.SplitConfigDocuments(data)
	if err != nil {
		return nil, err
	}
	var joinBytes []byte
	for gvk, b := range docs {
		if gvk.Kind != constants.JoinConfigurationKind {
			return nil, fmt.Errorf("a %s document, where only a JoinConfiguration belongs", gvk)
		}
		if gvk.GroupVersion() != kubeadmapiv1.SchemeGroupVersion {
			return nil, fmt.Errorf("%s: want %s", gvk, kubeadmapiv1.SchemeGroupVersion)
		}
		if err := strict.VerifyUnmarshalStrict([]*runtime.Scheme{kubeadmscheme.Scheme}, gvk, b); err != nil {
			return nil, err
		}
		joinBytes = b
	}
	if joinBytes == nil {
		return nil, fmt.Errorf("no JoinConfiguration")
	}
	cfg := &kubeadmapi.JoinConfiguration{}
	if err := runtime.DecodeInto(kubeadmscheme.Codecs.UniversalDecoder(), joinBytes, cfg); err != nil {
		return nil, err
	}
	if err := configutil.SetJoinDynamicDefaults(cfg, true); err != nil {
		return nil, err
	}
	checked := cfg.DeepCopy()
	if f := checked.Discovery.File; f != nil {
		if _, err := os.Stat(f.KubeConfigPath); os.IsNotExist(err) && filepath.IsAbs(f.KubeConfigPath) {
			stand, err := os.CreateTemp("", "discovery-*.conf")
			if err != nil {
				return nil, err
			}
			stand.Close()
			defer os.Remove(stand.Name())
			fmt.Fprintf(os.Stderr, "note: discovery.file.kubeConfigPath %s is not on this machine; validated with an empty file in its place\n", f.KubeConfigPath)
			f.KubeConfigPath = stand.Name()
		}
	}
	if err := validation.ValidateJoinConfiguration(checked).ToAggregate(); err != nil {
		return nil, err
	}
	return cfg, nil
}
