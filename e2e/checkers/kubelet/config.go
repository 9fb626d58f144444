package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	logsapi "k8s.io/component-base/logs/api/v1"
	kubeletconfigv1beta1 "k8s.io/kubelet/config/v1beta1"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	kubeletscheme "k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"
	kubeletconfigconversion "k8s.io/kubernetes/pkg/kubelet/apis/config/v1beta1"
	"k8s.io/kubernetes/pkg/kubelet/apis/config/validation"
	"k8s.io/kubernetes/pkg/kubelet/eviction"
	"k8s.io/kubernetes/pkg/kubelet/kubeletconfig/configfiles"
	utilfs "k8s.io/kubernetes/pkg/util/filesystem"
)

// checkConfig runs the config mode and returns the exit status.
func checkConfig(args []string) int {
	fset := flag.NewFlagSet("config", flag.ContinueOnError)
	dropinDir := fset.String("dropin-dir", "", "merge the *.conf drop-ins of this directory, as --config-dir does")
	// The file comes first on the command line; the flag package stops at it.
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: kubelet-checker config FILE [--dropin-dir DIR]")
		return 2
	}
	file := args[0]
	if err := fset.Parse(args[1:]); err != nil {
		return 2
	}
	out, err := loadAndValidate(context.Background(), file, *dropinDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Stdout.Write(append(out, '\n'))
	return 0
}

// loadAndValidate does what the kubelet does with --config (and
// --config-dir) up to the validation of the result, failing also where the
// kubelet would only log: on a field it does not know.
func loadAndValidate(ctx context.Context, file, dropinDir string) ([]byte, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	if err := strictDecode(data); err != nil {
		return nil, fmt.Errorf("strict decode of %s: %w", file, err)
	}

	loader, err := configfiles.NewFsLoader(&utilfs.DefaultFs{}, abs)
	if err != nil {
		return nil, err
	}
	kc, err := loader.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("the kubelet's loader refused %s: %w", file, err)
	}
	// As cmd/kubelet/app's loadConfigFile: evictionHard has OS-specific
	// defaults that the scheme does not set.
	if kc.EvictionHard == nil {
		kc.EvictionHard = eviction.DefaultEvictionHard
	} else if kc.MergeDefaultEvictionSettings {
		for k, v := range eviction.DefaultEvictionHard {
			if _, ok := kc.EvictionHard[k]; !ok {
				kc.EvictionHard[k] = v
			}
		}
	}
	if dropinDir != "" {
		if err := mergeDropins(kc, dropinDir); err != nil {
			return nil, err
		}
	}

	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(kc.FeatureGates); err != nil {
		return nil, fmt.Errorf("featureGates: %w", err)
	}
	// The test machines run cgroup v1; that says nothing about the file.
	kc.FailCgroupV1 = false
	var errs []error
	if err := validation.ValidateKubeletConfiguration(kc, utilfeature.DefaultFeatureGate); err != nil {
		errs = append(errs, err)
	}
	if list := logsapi.Validate(&kc.Logging, utilfeature.DefaultFeatureGate, field.NewPath("logging")); len(list) > 0 {
		errs = append(errs, list.ToAggregate())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("the kubelet's validation refused %s: %w", file, err)
	}

	var out kubeletconfigv1beta1.KubeletConfiguration
	if err := kubeletconfigconversion.Convert_config_KubeletConfiguration_To_v1beta1_KubeletConfiguration(kc, &out, nil); err != nil {
		return nil, err
	}
	out.APIVersion = kubeletconfigv1beta1.SchemeGroupVersion.String()
	out.Kind = "KubeletConfiguration"
	return json.MarshalIndent(&out, "", "  ")
}

// strictDecode decodes with the kubelet's scheme in strict mode, the first
// of the two decodes the kubelet tries; the kubelet falls back to a lenient
// decode and only logs what the strict one found.
func strictDecode(data []byte) error {
	_, codecs, err := kubeletscheme.NewSchemeAndCodecs(serializer.EnableStrict)
	if err != nil {
		return err
	}
	_, _, err = codecs.UniversalDecoder().Decode(data, nil, nil)
	return err
}

// mergeDropins merges every *.conf under dir into kc in lexical order, as a
// JSON merge patch over the v1beta1 form, then defaults the result: the
// steps of cmd/kubelet/app's mergeKubeletConfigurations. Each drop-in is
// also decoded strictly and must name its apiVersion and kind.
func mergeDropins(kc *kubeletconfig.KubeletConfiguration, dir string) error {
	versioned := &kubeletconfigv1beta1.KubeletConfiguration{}
	if err := kubeletconfigconversion.Convert_config_KubeletConfiguration_To_v1beta1_KubeletConfiguration(kc, versioned, nil); err != nil {
		return err
	}
	base, err := json.Marshal(versioned)
	if err != nil {
		return err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".conf" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := strictDecode(data); err != nil {
			return fmt.Errorf("strict decode of drop-in %s: %w", p, err)
		}
		loader, err := configfiles.NewFsLoader(&utilfs.DefaultFs{}, p)
		if err != nil {
			return err
		}
		patch, gvk, err := loader.LoadIntoJSON()
		if err != nil {
			return fmt.Errorf("drop-in %s: %w", p, err)
		}
		if gvk == nil || *gvk != kubeletconfigv1beta1.SchemeGroupVersion.WithKind("KubeletConfiguration") {
			return fmt.Errorf("drop-in %s: apiVersion/kind must be %s KubeletConfiguration, got %v", p, kubeletconfigv1beta1.SchemeGroupVersion, gvk)
		}
		base, err = jsonpatch.MergePatch(base, patch)
		return err
	})
	if err != nil {
		return fmt.Errorf("drop-in directory %s: %w", dir, err)
	}
	versioned = &kubeletconfigv1beta1.KubeletConfiguration{}
	if err := json.Unmarshal(base, versioned); err != nil {
		return err
	}
	kubeletconfigconversion.SetDefaults_KubeletConfiguration(versioned)
	return kubeletconfigconversion.Convert_v1beta1_KubeletConfiguration_To_config_KubeletConfiguration(versioned, kc, nil)
}
