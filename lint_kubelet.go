package kubenode

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// kubeletView is what Lint read of the kubelet: its effective command line
// and config, and the values that must agree with the runtime.
type kubeletView struct {
	unit    *nodeUnit
	version runtime.Version
	flags   *kubelet.Flags
	// flagFile is, by flag name, the file the flag's last occurrence was
	// written in: the unit, a drop-in or an environment file.
	flagFile map[string]string
	// configFile is the --config file, when it was read.
	configFile string
	// configUnknown is set when a config file could not be read or
	// parsed: the kubelet's settings are then unknown (and it does not
	// start), so nothing is compared with them.
	configUnknown bool
	endpoint      located
	driver        located
	pause         located
	// server is the runtime that serves the kubelet's endpoint.
	server *criServer
}

// flagAt returns where a flag of the kubelet's command line is written.
func (k *kubeletView) flagAt(name string) (string, *field.Path) {
	file := k.unit.execFile()
	if f, ok := k.flagFile[name]; ok {
		file = f
	}
	return file, field.NewFlagPath("kubelet").Child("--" + name)
}

// fileOf returns the file a problem of the kubelet's flags is in.
func (k *kubeletView) fileOf(p *field.Path) string {
	s := strings.TrimPrefix(p.String(), "kubelet --")
	if s == p.String() {
		return k.unit.execFile()
	}
	if i := strings.IndexAny(s, "[ "); i >= 0 {
		s = s[:i]
	}
	file, _ := k.flagAt(s)
	return file
}

// lintKubelet reads kubelet.service's effective command line, with its
// environment substituted, checks the flags for the target kubelet, then
// its --config file and --config-dir drop-ins.
func (l *linter) lintKubelet() {
	u := l.units[kubelet.UnitName]
	svc := u.service()
	if svc == nil {
		return
	}
	target := l.kubeTarget(u.file)
	if len(svc.ExecStart) == 0 {
		return // systemd's own check reports it
	}
	if svc.Restart == "" || svc.Restart == systemd.RestartNo {
		file, p := u.keyAt("Service", "Restart")
		l.add(SeverityWarning, file, field.Required(p,
			"the kubelet exits when it cannot start (its runtime not up yet, a bad flag) and systemd leaves it down; the packaged unit has Restart=always and RestartSec=10"))
	}
	words := l.commandLine(u)
	k := &kubeletView{unit: u, version: target, flagFile: map[string]string{}}
	args := make([]string, 0, len(words))
	for i, w := range words {
		if i == 0 {
			continue
		}
		args = append(args, w.text)
		if strings.HasPrefix(w.text, "-") {
			name, _, _ := strings.Cut(strings.TrimLeft(w.text, "-"), "=")
			k.flagFile[strings.ReplaceAll(name, "_", "-")] = w.file
		}
	}
	flags, err := kubelet.ParseFlags(args)
	if err != nil {
		l.addErr(u.execFile(), err)
		return
	}
	k.flags = flags
	l.kubelet = k
	warnings, err := flags.Validate(target)
	for _, w := range warnings {
		l.add(SeverityWarning, k.fileOf(w.Path), w)
	}
	for _, e := range field.AsList(err) {
		l.add(SeverityError, k.fileOf(e.Path), e)
	}

	k.driver = located{value: string(runtime.CgroupCgroupfs)}
	k.endpoint = located{value: runtime.ContainerdEndpoint}
	if flags.Config != "" {
		file, p := k.flagAt("config")
		data, err := l.node.read(flags.Config)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			k.configUnknown = true
			l.add(SeverityError, file, field.Invalid(p, flags.Config, "no such file: the kubelet exits at start"))
		case err != nil:
			k.configUnknown = true
			l.add(SeverityError, flags.Config, field.Invalid(nil, nil, "cannot read: "+err.Error()))
		default:
			k.configFile = flags.Config
			k.applyConfig(flags.Config, l.kubeletConfig(flags.Config, data, target))
		}
	}
	if flags.ConfigDir != "" {
		for _, f := range l.node.list(flags.ConfigDir, "*.conf") {
			data, err := l.node.read(f)
			if err != nil {
				continue
			}
			k.applyConfig(f, l.kubeletConfig(f, data, target))
		}
	}
	if flags.ContainerRuntimeEndpoint != "" {
		file, p := k.flagAt("container-runtime-endpoint")
		k.endpoint = located{value: flags.ContainerRuntimeEndpoint, file: file, path: p}
	}
	for _, x := range flags.Extra {
		if x.Name == "cgroup-driver" {
			file, p := k.flagAt(x.Name)
			k.driver = located{value: x.Value, file: file, path: p}
		}
	}
	if flags.PodInfraContainerImage != "" {
		file, p := k.flagAt("pod-infra-container-image")
		k.pause = located{value: flags.PodInfraContainerImage, file: file, path: p}
	}
}

// applyConfig takes the values a config file (or a later drop-in) sets.
func (k *kubeletView) applyConfig(file string, c *kubelet.Config) {
	if c == nil {
		k.configUnknown = true
		return
	}
	if c.CgroupDriver != "" {
		k.driver = located{value: c.CgroupDriver, file: file, path: field.NewPath("cgroupDriver")}
	}
	if c.ContainerRuntimeEndpoint != "" {
		k.endpoint = located{value: c.ContainerRuntimeEndpoint, file: file, path: field.NewPath("containerRuntimeEndpoint")}
	}
}

// kubeletConfig parses and validates a KubeletConfiguration file. The
// kubelet decodes strictly, and when that fails only logs it and decodes
// leniently: a key it does not know is a warning, and the rest is still
// judged.
func (l *linter) kubeletConfig(file string, data []byte, target runtime.Version) *kubelet.Config {
	c, err := kubelet.ParseConfig(data)
	if err != nil {
		list := field.AsList(err)
		if len(list) == 0 || len(list.Filter(field.ErrUnknown)) != len(list) {
			l.addErr(file, err)
			return nil
		}
		for _, e := range list {
			l.add(SeverityWarning, file, e)
		}
		c = &kubelet.Config{}
		if err := yaml.Unmarshal(data, &c.KubeletConfiguration); err != nil {
			l.addErr(file, err)
			return nil
		}
	}
	l.addErr(file, c.Validate(target))
	return c
}

// commandLine returns the words of a service's effective command line (its
// last ExecStart=) with the service's environment substituted, each with
// the file it came from.
func (l *linter) commandLine(u *nodeUnit) []word {
	svc := u.service()
	if svc == nil || len(svc.ExecStart) == 0 {
		return nil
	}
	return expandCommand(svc.ExecStart[len(svc.ExecStart)-1].Argv, l.unitEnv(u), u.execFile())
}

// envVar is one variable of a service's environment and the file that set
// it.
type envVar struct {
	value, file string
}

// unitEnv returns a service's environment as systemd builds it: the
// Environment= assignments, then the EnvironmentFile= files, which
// override them. A missing file that is not optional fails the service.
func (l *linter) unitEnv(u *nodeUnit) map[string]envVar {
	env := map[string]envVar{}
	svc := u.service()
	for i, e := range svc.Environment {
		file, _ := u.at("Service", "Environment", i)
		env[e.Name] = envVar{value: e.Value, file: file}
	}
	for i, ef := range svc.EnvironmentFile {
		matches := l.node.glob(ef.Path)
		if len(matches) == 0 && !ef.Optional {
			file, p := u.at("Service", "EnvironmentFile", i)
			l.add(SeverityError, file, field.Invalid(p, ef.Path, "no such file: systemd refuses to start the service (a \"-\" prefix makes it optional)"))
		}
		for _, m := range matches {
			data, err := l.node.read(m)
			if err != nil {
				l.add(SeverityError, m, field.Invalid(nil, nil, "cannot read: "+err.Error()))
				continue
			}
			vars, err := kubelet.ParseEnvFile(data)
			if err != nil {
				l.addErr(m, err)
				continue
			}
			for name, v := range vars {
				env[name] = envVar{value: v, file: m}
			}
		}
	}
	return env
}

// word is one word of a command line after substitution, and the file it
// came from.
type word struct {
	text, file string
}

var (
	wholeVarRE  = regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*)$`)
	bracedVarRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\$`)
)

// expandCommand substitutes a service's environment in its command line
// as systemd does: a word that is exactly $NAME becomes the variable's
// value split at whitespace (nothing when unset), ${NAME} is replaced
// inside a word, and $$ is a literal $.
func expandCommand(argv []string, env map[string]envVar, file string) []word {
	var out []word
	for _, a := range argv {
		if m := wholeVarRE.FindStringSubmatch(a); m != nil {
			v := env[m[1]]
			for _, f := range strings.Fields(v.value) {
				out = append(out, word{text: f, file: v.file})
			}
			continue
		}
		src := file
		text := bracedVarRE.ReplaceAllStringFunc(a, func(s string) string {
			if s == "$$" {
				return "$"
			}
			v := env[s[2:len(s)-1]]
			if v.file != "" {
				src = v.file
			}
			return v.value
		})
		out = append(out, word{text: text, file: src})
	}
	return out
}
