package kubelet

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/systemd"
)

// Inspect lints the kubelet on a node for the target Kubernetes release
// (DefaultVersion, assumed and said so, when t gives none): kubelet.service
// as systemd runs it, its flags, its --config file and --config-dir
// drop-ins (see "# Inspect" in the package doc). The report's Client is the
// kubelet as a CRI client. A node without kubelet.service, or whose unit
// has no command line, gives a report without a Client.
func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report {
	r := &inspect.Report{Version: t.Version}
	u := node.Unit(UnitName)
	if u != nil {
		u.Validate(r, nil)
	}
	svc := u.Service()
	if svc == nil {
		return r
	}
	if t.Version.IsZero() {
		r.Assume(u.File, nil, "Kubernetes", DefaultVersion, "the newest kubenode supports")
	}
	if len(svc.ExecStart) == 0 {
		return r // systemd's own check reports it
	}
	if svc.Restart == "" || svc.Restart == systemd.RestartNo {
		file, p := u.KeyAt("Service", "Restart")
		r.Add(inspect.SeverityWarning, file, field.Required(p,
			"the kubelet exits when it cannot start (its runtime not up yet, a bad flag) and systemd leaves it down; the packaged unit has Restart=always and RestartSec=10"))
	}
	k := &inspection{node: node, r: r, target: r.Version, unit: u, flagFile: map[string]string{}}
	var args []string // the command line after the program
	if words := node.CommandLine(u); len(words) > 1 {
		for _, w := range words[1:] {
			args = append(args, w.Text)
			if name, ok := flagName(w.Text); ok {
				k.flagFile[name] = w.File
			}
		}
	}
	flags, err := ParseFlags(args)
	if err != nil {
		r.AddErr(u.ExecFile(), err)
		return r
	}
	flags.validate(k.target, func(flag string, warning bool, list field.ErrorList) {
		sev := inspect.SeverityError
		if warning {
			sev = inspect.SeverityWarning
		}
		for _, e := range list {
			r.Add(sev, k.fileOf(flag), e)
		}
	})
	r.Client = k.client(flags)
	return r
}

// inspection is what Inspect has read of the kubelet so far.
type inspection struct {
	node   *inspect.Node
	r      *inspect.Report
	target runtime.Version
	unit   *inspect.Unit
	// flagFile is, by flag name, the file the flag's last occurrence was
	// written in: the unit, a drop-in or an environment file.
	flagFile map[string]string
}

// fileOf returns the file a flag was written in ("" for the command line
// as a whole: the file of its ExecStart=).
func (k *inspection) fileOf(flag string) string {
	if f, ok := k.flagFile[flag]; ok {
		return f
	}
	return k.unit.ExecFile()
}

// located is a flag's value and where it is written.
func (k *inspection) located(flag, value string) inspect.Located {
	return inspect.Located{Value: value, File: k.fileOf(flag), Path: flagPath(flag)}
}

// client reads the config file and its drop-ins and returns the kubelet as
// a CRI client. Flags override the files, and a later file an earlier one,
// as in the kubelet; what nothing sets is the kubelet's default.
func (k *inspection) client(flags *Flags) *inspect.Client {
	c := &inspect.Client{Name: "kubelet", File: k.unit.ExecFile(),
		Endpoints:    []inspect.Located{{Value: runtime.ContainerdEndpoint}},
		CgroupDriver: inspect.Located{Value: string(runtime.CgroupCgroupfs)}}
	if flags.Config != "" {
		data, err := k.node.Read(flags.Config)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.ConfigUnknown = true
			k.r.Add(inspect.SeverityError, k.fileOf("config"), field.Invalid(flagPath("config"), flags.Config, "no such file: the kubelet exits at start"))
		case err != nil:
			c.ConfigUnknown = true
			k.r.AddReadErr(flags.Config, err)
		default:
			c.File = flags.Config
			k.apply(c, flags.Config, data)
		}
	}
	if flags.ConfigDir != "" {
		for _, f := range k.node.List(flags.ConfigDir, "*.conf") {
			if data, err := k.node.Read(f); err == nil {
				k.apply(c, f, data)
			}
		}
	}
	if flags.ContainerRuntimeEndpoint != "" {
		c.Endpoints[0] = k.located("container-runtime-endpoint", flags.ContainerRuntimeEndpoint)
	}
	for _, x := range flags.Extra {
		switch x.Name {
		case "cgroup-driver":
			c.CgroupDriver = k.located(x.Name, x.Value)
		case "fail-swap-on":
			v := x.Value
			if v == "" {
				v = "true" // a boolean flag given alone
			}
			c.FailSwapOn = k.located(x.Name, v)
		}
	}
	if flags.PodInfraContainerImage != "" {
		c.PauseImage = k.located("pod-infra-container-image", flags.PodInfraContainerImage)
	}
	return c
}

// apply judges one config file and takes the values it sets.
func (k *inspection) apply(c *inspect.Client, file string, data []byte) {
	cfg := k.parse(file, data)
	if cfg == nil {
		c.ConfigUnknown = true
		return
	}
	if cfg.CgroupDriver != "" {
		c.CgroupDriver = inspect.Located{Value: cfg.CgroupDriver, File: file, Path: cgroupDriverPath}
	}
	if cfg.ContainerRuntimeEndpoint != "" {
		c.Endpoints[0] = inspect.Located{Value: cfg.ContainerRuntimeEndpoint, File: file, Path: runtimeEndpointPath}
	}
	if cfg.FailSwapOn != nil {
		c.FailSwapOn = inspect.Located{Value: strconv.FormatBool(*cfg.FailSwapOn), File: file, Path: field.NewPath("failSwapOn")}
	}
	if cfg.FailCgroupV1 != nil {
		c.FailCgroupV1 = inspect.Located{Value: strconv.FormatBool(*cfg.FailCgroupV1), File: file, Path: field.NewPath("failCgroupV1")}
	}
}

// parse reads and validates a config file as the kubelet does: strictly,
// and when that fails on unknown keys only, leniently, each unknown key a
// warning. It returns nil for a file the kubelet cannot read at all.
func (k *inspection) parse(file string, data []byte) *Config {
	c, err := Parse(data)
	if list := field.AsList(err); err != nil {
		if len(list) == 0 || len(list.Filter(field.ErrUnknown)) != len(list) {
			k.r.AddErr(file, err)
			return nil
		}
		k.r.AddList(file, list, nil)
		c = &Config{}
		if err := yaml.Unmarshal(data, &c.KubeletConfiguration); err != nil {
			k.r.AddErr(file, err)
			return nil
		}
	}
	k.r.AddErr(file, c.Validate(k.target))
	return c
}

// flagName is the normalized name of a command-line word that is a flag.
func flagName(word string) (string, bool) {
	if !strings.HasPrefix(word, "-") {
		return "", false
	}
	name, _, _, ok := splitFlag(word)
	return name, ok
}
