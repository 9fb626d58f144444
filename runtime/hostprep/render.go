package hostprep

import (
	"bytes"
	"context"

	"github.com/kubenode/kubenode/runtime"
)

// header opens each file, saying who wrote it: both formats take '#'
// comments.
const header = "# Written by kubenode: what a Kubernetes node needs at boot.\n"

// RenderModules is ModulesFile's content: one module per line.
func (c *Config) RenderModules() []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, m := range c.Modules {
		b.WriteString(m)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// RenderSysctls is SysctlFile's content: one "key = value" per line.
func (c *Config) RenderSysctls() []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, s := range c.Sysctls {
		b.WriteString(s.Key)
		b.WriteString(" = ")
		b.WriteString(s.Value)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Installer writes a Config's files.
type Installer struct {
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns the installer of cfg, validated and rendered now.
func NewInstaller(cfg Config) (*Installer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var files []runtime.File
	var units []runtime.UnitAction
	// Each loader is restarted in plan order, before the runtime starts,
	// and only when its file changed.
	if len(cfg.Modules) > 0 {
		files = append(files, runtime.File{Path: ModulesFile, Mode: 0o644, Content: cfg.RenderModules(), RestartUnits: []string{ModulesLoadUnit}})
		units = append(units, runtime.UnitAction{Unit: ModulesLoadUnit, Action: runtime.ActionRestart})
	}
	if len(cfg.Sysctls) > 0 {
		files = append(files, runtime.File{Path: SysctlFile, Mode: 0o644, Content: cfg.RenderSysctls(), RestartUnits: []string{SysctlUnit}})
		units = append(units, runtime.UnitAction{Unit: SysctlUnit, Action: runtime.ActionRestart})
	}
	for _, u := range cfg.MaskedUnits {
		// An empty unit file is a masked unit (systemd.unit(5)).
		files = append(files, runtime.File{Path: UnitDir + "/" + u, Mode: 0o644, Content: []byte{}})
	}
	plan, err := runtime.NewPlan(runtime.Plan{Files: files, Units: units})
	if err != nil {
		return nil, err
	}
	return &Installer{plan: plan}, nil
}

// Name is "host".
func (in *Installer) Name() string { return "host" }

// Plan is the files: a changed modules or sysctl file restarts the service
// that reads it, which applies it now; a masked unit takes effect at the
// next boot.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "host")
}
