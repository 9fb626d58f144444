package kubelet

import (
	"encoding/json"
	"fmt"
	"reflect"

	"k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/kubelet/internal/jsontree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Render validates what does not depend on the target version and encodes
// the file: apiVersion and kind set, the zero values the plain encoder
// would print left out, keys sorted, so the bytes depend on the values
// only. The YAML is what sigs.k8s.io/yaml writes for the pruned object,
// byte for byte (see object).
func (c *Config) Render() ([]byte, error) {
	if err := c.validateValues().Err(); err != nil {
		return nil, err
	}
	doc, err := c.object()
	if err != nil {
		return nil, err
	}
	defer doc.Release()
	return doc.Encode()
}

// typeMeta are the file's apiVersion and kind, written whatever the
// KubeletConfiguration's TypeMeta holds (Validate allows only these or
// nothing).
var typeMeta = []yamlenc.Field{{Name: "apiVersion", Value: ConfigAPIVersion}, {Name: "kind", Value: ConfigKind}}

// object is the file's object, apiVersion and kind included, as
// yamlenc.PrunedDocument builds it: what encoding/json writes for the
// KubeletConfiguration, without what it writes for an empty one (durations
// as "0s", nested structs as objects, containerRuntimeEndpoint as ""),
// except the keys of keepEmpty. A value set through a pointer
// (failSwapOn: false, registryPullQPS: 0) stays. The walk reads the typed
// struct once, without JSON text, straight into the key-ordered items the
// YAML encoder takes.
func (c *Config) object() (yamlenc.Document, error) {
	doc, err := yamlenc.PrunedDocument(&c.KubeletConfiguration, typeMeta, keepEmpty...)
	if err != nil {
		return yamlenc.Document{}, fmt.Errorf("encode KubeletConfiguration: %w", err)
	}
	return doc, nil
}

// PlanFile renders the config as a plan file at path (DefaultConfigPath
// when empty), mode 0644.
func (c *Config) PlanFile(path string) (runtime.File, error) {
	return planConfigFile(path, func() (yamlenc.Document, error) {
		if err := c.validateValues().Err(); err != nil {
			return yamlenc.Document{}, err
		}
		return c.object()
	})
}

// planConfigFile checks the path, then encodes the document that doc
// returns (see object) as the config's plan file.
func planConfigFile(path string, doc func() (yamlenc.Document, error)) (runtime.File, error) {
	if path == "" {
		path = DefaultConfigPath
	}
	if errs := runtime.ValidateNodePath(configFilePath, path); len(errs) > 0 {
		return runtime.File{}, errs.Err()
	}
	d, err := doc()
	if err != nil {
		return runtime.File{}, err
	}
	defer d.Release() // the document is dead once encoded
	data, err := d.Encode()
	if err != nil {
		return runtime.File{}, err
	}
	return runtime.File{Path: path, Mode: 0o644, Content: data}, nil
}

// configFilePath is where planConfigFile reports a bad path.
var configFilePath = field.NewPath("path")

// Parse reads a KubeletConfiguration file strictly, as the kubelet's
// strict decoder does (the kubelet itself then only logs what it found):
// every unknown key is an ErrUnknown with its path (keys are case
// sensitive), a duplicate key or a value of the wrong type is an error, and
// apiVersion and kind must be kubelet.config.k8s.io/v1beta1 and
// KubeletConfiguration. Comments are lost. (ParseFlags reads the kubelet's
// other input, its command line.)
func Parse(data []byte) (*Config, error) {
	jsonData, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, field.ErrorList{field.Invalid(nil, nil, "not a YAML document: "+err.Error())}
	}
	var raw map[string]any
	if err := json.Unmarshal(jsonData, &raw); err != nil || raw == nil {
		return nil, field.ErrorList{field.Invalid(nil, nil, "a KubeletConfiguration must be a YAML mapping")}
	}
	var errs field.ErrorList
	errs = append(errs, jsontree.UnknownKeys(nil, raw, reflect.TypeFor[v1beta1.KubeletConfiguration]())...)
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
