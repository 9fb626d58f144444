package crictl

import (
	"errors"
	"io/fs"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Inspect lints a node's /etc/crictl.yaml, which has no release to judge
// for (t is ignored). crictl ignores a key it does not know, so such a key
// is a warning, not a file that does not parse. The report's Client holds
// the two endpoints for the checks that span components.
func Inspect(node *inspect.Node, _ inspect.Target) *inspect.Report {
	r := &inspect.Report{}
	data, err := node.Read(Path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			r.AddReadErr(Path, err)
		}
		return r
	}
	cfg, err := Parse(data)
	if err != nil {
		lenient, lerr := parseLenient(data)
		if lerr != nil {
			r.AddErr(Path, err)
			return r
		}
		r.Add(inspect.SeverityWarning, Path, field.Invalid(nil, nil, "crictl ignores what it does not know: "+err.Error()))
		cfg = lenient
	}
	r.AddErr(Path, cfg.Validate())
	r.Client = &inspect.Client{Name: "crictl", File: Path, Endpoints: []inspect.Located{
		{Value: cfg.RuntimeEndpoint, File: Path, Path: field.NewPath("runtime-endpoint")},
		{Value: cfg.ImageEndpoint, File: Path, Path: field.NewPath("image-endpoint")},
	}}
	return r
}

// parseLenient reads crictl.yaml as crictl does, ignoring keys it does not
// know.
func parseLenient(data []byte) (*Config, error) {
	var c Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
