package kubenode

import (
	"errors"
	"io/fs"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
)

// crictlView is what /etc/crictl.yaml says.
type crictlView struct {
	file                      string
	runtimeEndpoint, imageEnd string
}

// lintCrictl checks /etc/crictl.yaml. crictl ignores a key it does not
// know, so such a key is a warning, not a file that does not parse.
func (l *linter) lintCrictl() {
	file := crictl.Path
	data, err := l.node.read(file)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.add(SeverityError, file, field.Invalid(nil, nil, "cannot read: "+err.Error()))
		}
		return
	}
	cfg, err := crictl.Parse(data)
	if err != nil {
		lenient, lerr := parseCrictlLenient(data)
		if lerr != nil {
			l.addErr(file, err)
			return
		}
		l.add(SeverityWarning, file, field.Invalid(nil, nil, "crictl ignores what it does not know: "+err.Error()))
		cfg = lenient
	}
	l.addErr(file, cfg.Validate())
	l.crictl = &crictlView{file: file, runtimeEndpoint: cfg.RuntimeEndpoint, imageEnd: cfg.ImageEndpoint}
}

// parseCrictlLenient reads crictl.yaml as crictl does, ignoring keys it
// does not know.
func parseCrictlLenient(data []byte) (*crictl.Config, error) {
	var c crictl.Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
