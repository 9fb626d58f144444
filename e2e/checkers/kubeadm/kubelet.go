package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
	"k8s.io/kubernetes/cmd/kubeadm/app/componentconfigs"
	configutil "k8s.io/kubernetes/cmd/kubeadm/app/util/config"
	"k8s.io/kubernetes/cmd/kubeadm/app/util/patches"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	"sigs.k8s.io/yaml"
)

// kubeletConfig applies the patches of dir to kubeadm's default kubelet
// configuration; see the command's doc.
func kubeletConfig(dir string) int {
	out, err := patchedKubeletConfig(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Stdout.Write(out)
	fmt.Println()
	return 0
}

func patchedKubeletConfig(dir string) ([]byte, error) {
	initCfg, err := configutil.DefaultedStaticInitConfiguration()
	if err != nil {
		return nil, err
	}
	cc, ok := initCfg.ComponentConfigs[componentconfigs.KubeletGroup]
	if !ok {
		return nil, fmt.Errorf("kubeadm made no kubelet configuration")
	}
	base, err := cc.Marshal()
	if err != nil {
		return nil, err
	}
	var log bytes.Buffer
	pm, err := patches.GetPatchManagerForPath(dir, patches.KnownTargets(), &log)
	if err != nil {
		return nil, err
	}
	// As kubeadm's kubelet phase patches it (applyKubeletConfigPatches).
	target := &patches.PatchTarget{Name: patches.KubeletConfiguration, StrategicMergePatchObject: kubeletconfig.KubeletConfiguration{}, Data: base}
	if err := pm.ApplyPatchesToTarget(target); err != nil {
		return nil, err
	}
	if strings.Contains(log.String(), "Ignoring") || !strings.Contains(log.String(), "Applied patch") {
		return nil, fmt.Errorf("kubeadm's patch loader applied no patch from %s:\n%s", dir, log.String())
	}
	fmt.Fprint(os.Stderr, log.String())
	var kc kubeletv1beta1.KubeletConfiguration
	if err := yaml.UnmarshalStrict(target.Data, &kc); err != nil {
		return nil, fmt.Errorf("the patched configuration: %w", err)
	}
	return json.Marshal(&kc)
}
