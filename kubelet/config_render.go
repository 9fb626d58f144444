package kubelet

import (
	"encoding/json"
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Render validates what does not depend on the target version and encodes
// the file: apiVersion and kind set, the zero values the plain encoder
// would print left out (see pruneZero), keys sorted, so the bytes depend on
// the values only. The YAML is what sigs.k8s.io/yaml writes for the pruned
// object, byte for byte (see yamlenc.Encode).
func (c *Config) Render() ([]byte, error) {
	if err := c.validateValues().Err(); err != nil {
		return nil, err
	}
	obj, err := c.object()
	if err != nil {
		return nil, err
	}
	return yamlenc.Encode(obj)
}

// object is the pruned JSON object of the file, apiVersion and kind
// included.
func (c *Config) object() (map[string]any, error) {
	kc := c.KubeletConfiguration
	kc.APIVersion, kc.Kind = ConfigAPIVersion, ConfigKind
	data, err := json.Marshal(&kc)
	if err != nil {
		return nil, fmt.Errorf("encode KubeletConfiguration: %w", err)
	}
	obj, err := decodeJSONObject(data)
	if err != nil {
		return nil, err
	}
	obj = pruneZero(obj)
	keepEmpty(obj, &kc)
	return obj, nil
}

// PlanFile renders the config as a plan file at path (DefaultConfigPath
// when empty), mode 0644.
func (c *Config) PlanFile(path string) (runtime.File, error) {
	return planConfigFile(path, func() (map[string]any, error) {
		if err := c.validateValues().Err(); err != nil {
			return nil, err
		}
		return c.object()
	})
}

// planConfigFile checks the path, then encodes the pruned object that obj
// returns as the config's plan file.
func planConfigFile(path string, obj func() (map[string]any, error)) (runtime.File, error) {
	if path == "" {
		path = DefaultConfigPath
	}
	if errs := runtime.ValidateNodePath(field.NewPath("path"), path); len(errs) > 0 {
		return runtime.File{}, errs.Err()
	}
	o, err := obj()
	if err != nil {
		return runtime.File{}, err
	}
	data, err := yamlenc.Encode(o)
	if err != nil {
		return runtime.File{}, err
	}
	return runtime.File{Path: path, Mode: 0o644, Content: data}, nil
}

// ParseConfig reads a KubeletConfiguration file strictly, as the kubelet's
// strict decoder does (the kubelet itself then only logs what it found):
// every unknown key is an ErrUnknown with its path (keys are case
// sensitive), a duplicate key or a value of the wrong type is an error, and
// apiVersion and kind must be kubelet.config.k8s.io/v1beta1 and
// KubeletConfiguration. Comments are lost.
func ParseConfig(data []byte) (*Config, error) {
	jsonData, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, field.ErrorList{field.Invalid(nil, nil, "not a YAML document: "+err.Error())}
	}
	var raw map[string]any
	if err := json.Unmarshal(jsonData, &raw); err != nil || raw == nil {
		return nil, field.ErrorList{field.Invalid(nil, nil, "a KubeletConfiguration must be a YAML mapping")}
	}
	var errs field.ErrorList
	errs = append(errs, unknownKeys(nil, raw, configType)...)
	if v, _ := raw["apiVersion"].(string); v != ConfigAPIVersion {
		errs = append(errs, field.NotSupported(field.NewPath("apiVersion"), raw["apiVersion"], []string{ConfigAPIVersion}))
	}
	if v, _ := raw["kind"].(string); v != ConfigKind {
		errs = append(errs, field.NotSupported(field.NewPath("kind"), raw["kind"], []string{ConfigKind}))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var c Config
	if err := json.Unmarshal(jsonData, &c.KubeletConfiguration); err != nil {
		return nil, field.ErrorList{field.Invalid(nil, nil, err.Error())}
	}
	return &c, nil
}
