package crictl

import (
	"context"

	"github.com/kubenode/kubenode/runtime"
)

// Installer writes crictl.yaml alone, for a node whose runtime installer
// is not kubenode's (the runtime installers write it themselves).
type Installer struct {
	cfg *Config
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an installer of cfg, validated now.
func NewInstaller(cfg *Config) (*Installer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Installer{cfg: cfg}, nil
}

// Name is "crictl".
func (in *Installer) Name() string { return "crictl" }

// Plan is the one file, /etc/crictl.yaml; crictl reads it on every run, so
// no unit restarts.
func (in *Installer) Plan(context.Context) (*runtime.Plan, error) {
	f, err := in.cfg.PlanFile()
	if err != nil {
		return nil, err
	}
	return &runtime.Plan{Files: []runtime.File{f}}, nil
}
