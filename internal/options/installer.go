package options

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
)

// Install is a component's NewInstaller: Configure in with opts, then
// render its plan once. It returns in, or every problem of the options, or
// render's error.
func Install[C, B, I any](in I, opts []InstallerOption[I], cfg **C, whole string, build func([]Setting[B, I]) (*C, error), render func() error) (I, error) {
	var none I
	if errs := Configure(in, opts, cfg, whole, build); len(errs) > 0 {
		return none, errs.Err()
	}
	if err := render(); err != nil {
		return none, err
	}
	return in, nil
}

// WithConfig is a component's WithConfig: set puts cfg in the installer;
// a nil cfg is refused at ConfigPath, required saying what to give.
func WithConfig[C, I any](cfg *C, required string, set func(I, *C)) InstallerOption[I] {
	return InstallerFunc[I](func(in I) error {
		if cfg == nil {
			return field.Required(ConfigPath, required)
		}
		set(in, cfg)
		return nil
	})
}

// NodePath is an option that sets a node path (a binary, a unit
// directory) after checking it at p.
func NodePath[I any](p *field.Path, path string, set func(I)) InstallerOption[I] {
	return InstallerFunc[I](func(in I) error {
		if errs := runtime.ValidateNodePath(p, path); len(errs) > 0 {
			return errs.Err()
		}
		set(in)
		return nil
	})
}

// CRIPlan is a runtime's plan: p with crictl.yaml for the runtime's CRI
// endpoint added last, validated.
func CRIPlan(p runtime.Plan, endpoint string) (*runtime.Plan, error) {
	cfg, err := crictl.New(endpoint)
	if err != nil {
		return nil, err
	}
	f, err := cfg.PlanFile()
	if err != nil {
		return nil, err
	}
	p.Files = append(p.Files, f)
	return runtime.NewPlan(p)
}
