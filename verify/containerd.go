package verify

import (
	"cmp"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// The CRI plugin tables of containerd's config versions: one for 2, the
// runtime and images split for 3 and 4.
const (
	pluginCRIv2      = "io.containerd.grpc.v1.cri"
	pluginCRIRuntime = "io.containerd.cri.v1.runtime"
	pluginCRIImages  = "io.containerd.cri.v1.images"
)

// containerdPaths are the keys of the planned config's layout Node
// compares with containerd's answers.
type containerdPaths struct {
	runtimeTable, imagesTable string
}

func pathsFor(configVersion int) containerdPaths {
	if configVersion == 2 {
		return containerdPaths{pluginCRIv2, pluginCRIv2}
	}
	return containerdPaths{pluginCRIRuntime, pluginCRIImages}
}

// runtimeKey is containerd.runtimes.<name>.more... of the runtime table.
func (p containerdPaths) runtimeKey(name string, more ...string) *field.Path {
	return field.NewTOMLPath("plugins", append([]string{p.runtimeTable, "containerd", "runtimes", name}, more...)...)
}

func (p containerdPaths) defaultRuntimeName() *field.Path {
	return field.NewTOMLPath("plugins", p.runtimeTable, "containerd", "default_runtime_name")
}

func (p containerdPaths) configPath() *field.Path {
	return field.NewTOMLPath("plugins", p.imagesTable, "registry", "config_path")
}

// containerdPublished reads containerd's verbose info: its CRI config,
// with the runtimes (their SystemdCgroup), the default runtime and, from
// 1.6 and 1.7 only, the sandbox image and registry.config_path. Where
// RuntimeConfig is not implemented (before 2.0), the default runtime's
// SystemdCgroup is the cgroup driver, as containerd tells the kubelet.
func (v *verifier) containerdPublished(rt *Runtime) published {
	var e published
	c := parseInfoConfig(rt.Info)
	e.sandboxImage = c.SandboxImage
	loaded := v.plan.containerd
	if c.Containerd == nil || loaded == nil || loaded.Config == nil {
		return e
	}
	cfg := loaded.Config
	paths := pathsFor(cfg.Version)
	at := func(p *field.Path, value string) inspect.Located {
		return inspect.Located{Value: value, File: loaded.FileOf(p), Path: p}
	}
	e.handlers = sortedKeys(c.Containerd.Runtimes)

	wantDefault := cmp.Or(cfg.Runtime.DefaultRuntimeName, containerd.DefaultRuntimeName)
	gotDefault := cmp.Or(c.Containerd.DefaultRuntimeName, containerd.DefaultRuntimeName)
	if wantDefault != gotDefault {
		e.located = append(e.located, runningValue{want: at(paths.defaultRuntimeName(), wantDefault), running: gotDefault,
			detail: "pods without a RuntimeClass run with another runtime than planned"})
	}
	if r, ok := c.Containerd.Runtimes[gotDefault]; ok && rt.CgroupDriver == "" {
		e.cgroupDriver = driverOf(r.systemdCgroup())
	}
	// Every other runc runtime of the plan: its SystemdCgroup as the
	// runtime runs it. The default one's is the cgroup driver, checked as
	// such.
	for _, name := range sortedKeys(cfg.Runtime.Runtimes) {
		planned := cfg.Runtime.Runtimes[name]
		running, ok := c.Containerd.Runtimes[name]
		if name == wantDefault || !ok || !(planned.Type == "" || containerd.IsRunc(planned.Type)) {
			continue // a missing handler is reported as such
		}
		want, got := planned.Options.SystemdCgroup, running.systemdCgroup()
		if want != got {
			e.located = append(e.located, runningValue{want: at(paths.runtimeKey(name, "options", "SystemdCgroup"), boolString(want)),
				running: boolString(got), detail: "the runtime " + name + " runs its containers with another cgroup driver than planned"})
		}
	}
	if c.Registry != nil && c.Registry.ConfigPath != nil && *c.Registry.ConfigPath != cfg.Images.ConfigPath {
		e.located = append(e.located, runningValue{want: at(paths.configPath(), cfg.Images.ConfigPath), running: *c.Registry.ConfigPath,
			detail: "the runtime reads its registry hosts (mirrors, CAs, credentials) from elsewhere than planned"})
	}
	return e
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// driverOf is the cgroup driver a runc runtime's SystemdCgroup means.
func driverOf(systemdCgroup bool) string {
	if systemdCgroup {
		return string(runtime.CgroupSystemd)
	}
	return string(runtime.CgroupCgroupfs)
}
