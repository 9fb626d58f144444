package hostprep

import (
	"context"

	"github.com/kubenode/kubenode/runtime"
)

// header opens each file, saying who wrote it: both formats take '#'
// comments.
const header = "# Written by kubenode: what a Kubernetes node needs at boot.\n"

// RenderModules is ModulesFile's content: one module per line.
func (c *Config) RenderModules() []byte {
	return c.appendModules(make([]byte, 0, c.modulesSize()))
}

// RenderSysctls is SysctlFile's content: one "key = value" per line.
func (c *Config) RenderSysctls() []byte {
	return c.appendSysctls(make([]byte, 0, c.sysctlsSize()))
}

func (c *Config) appendModules(b []byte) []byte {
	b = append(b, header...)
	for _, m := range c.Modules {
		b = append(append(b, m...), '\n')
	}
	return b
}

func (c *Config) appendSysctls(b []byte) []byte {
	b = append(b, header...)
	for _, s := range c.Sysctls {
		b = append(append(append(append(b, s.Key...), " = "...), s.Value...), '\n')
	}
	return b
}

// modulesSize and sysctlsSize are the lengths of the rendered files, so
// each is written into a buffer of its final size.
func (c *Config) modulesSize() int {
	n := len(header)
	for _, m := range c.Modules {
		n += len(m) + 1
	}
	return n
}

func (c *Config) sysctlsSize() int {
	n := len(header)
	for _, s := range c.Sysctls {
		n += len(s.Key) + len(" = ") + len(s.Value) + 1
	}
	return n
}

// loaderRestarts are the plan's actions on the units that read the two
// files, a table made once that every plan's actions point into. Nothing
// writes to it: a plan is handed out as a copy (Plan), or read by
// runtime.ComposeInPlace and runtime.ComposeOwned, which copy the actions
// into a plan of their own.
var loaderRestarts = []runtime.UnitAction{
	{Unit: ModulesLoadUnit, Action: runtime.ActionRestart},
	{Unit: SysctlUnit, Action: runtime.ActionRestart},
}

// Installer writes a Config's files.
type Installer struct {
	plan runtime.Plan
	// made says NewInstaller rendered plan: the zero Installer has none.
	made bool
	// loaders are the units that read the two files, each file's restart
	// list: the installer's own, so that a plan composed without a copy
	// (runtime.ComposeOwned) shares them with nothing.
	loaders [2]string
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns the installer of cfg, validated and rendered now.
func NewInstaller(cfg Config) (*Installer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// The files and both their contents are each made once at their final
	// size: a node plans its host every time.
	files := make([]runtime.File, 0, 2+len(cfg.MaskedUnits))
	size := 0
	if len(cfg.Modules) > 0 {
		size += cfg.modulesSize()
	}
	if len(cfg.Sysctls) > 0 {
		size += cfg.sysctlsSize()
	}
	var content []byte
	if size > 0 {
		content = make([]byte, 0, size)
	}
	in := &Installer{made: true, loaders: [2]string{ModulesLoadUnit, SysctlUnit}}
	// Each loader is restarted in plan order, before the runtime starts,
	// and only when its file changed.
	if len(cfg.Modules) > 0 {
		content = cfg.appendModules(content)
		files = append(files, runtime.File{Path: ModulesFile, Mode: 0o644, Content: content[:len(content):len(content)], RestartUnits: in.loaders[0:1:1]})
	}
	if len(cfg.Sysctls) > 0 {
		sysctls := cfg.appendSysctls(content[len(content):])
		files = append(files, runtime.File{Path: SysctlFile, Mode: 0o644, Content: sysctls[:len(sysctls):len(sysctls)], RestartUnits: in.loaders[1:2:2]})
	}
	var units []runtime.UnitAction
	switch {
	case len(cfg.Modules) > 0 && len(cfg.Sysctls) > 0:
		units = loaderRestarts[0:2:2]
	case len(cfg.Modules) > 0:
		units = loaderRestarts[0:1:1]
	case len(cfg.Sysctls) > 0:
		units = loaderRestarts[1:2:2]
	}
	for _, u := range cfg.MaskedUnits {
		// An empty unit file is a masked unit (systemd.unit(5)).
		files = append(files, runtime.File{Path: UnitDir + "/" + u, Mode: 0o644, Content: []byte{}})
	}
	in.plan = runtime.Plan{Files: files, Units: units}
	if err := in.plan.Validate(); err != nil {
		return nil, err
	}
	return in, nil
}

// Name is "host".
func (in *Installer) Name() string { return "host" }

// Plan is the files: a changed modules or sysctl file restarts the service
// that reads it, which applies it now; a masked unit takes effect at the
// next boot.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	var plan *runtime.Plan
	if in.made {
		plan = &in.plan
	}
	return runtime.InstalledPlan(ctx, plan, "host")
}
