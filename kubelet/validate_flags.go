package kubelet

import (
	"net/netip"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubenode/kubenode/kubelet/internal/flagtable"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Validate checks the flags for the kubelet of a target Kubernetes version
// (1.24 to 1.37). Errors are what that kubelet refuses, or what would break
// the unit or environment file carrying the flags: a flag it does not have
// (removed: ErrRemoved; not yet added: ErrNotSupported; never known:
// ErrUnknown), a malformed value, a value with whitespace, quotes or control
// characters. Warnings are flags the target marks deprecated
// (ErrDeprecated, naming the config key to use instead). Validate never
// mutates f.
func (f *Flags) Validate(target runtime.Version) (warnings field.ErrorList, err error) {
	var errs field.ErrorList
	f.validate(target, func(_ string, warning bool, list field.ErrorList) {
		if warning {
			warnings = append(warnings, list...)
		} else {
			errs = append(errs, list...)
		}
	})
	return warnings, errs.Err()
}

// validate hands add each problem of Validate with the flag it concerns
// ("" for the target), so a caller can tell where that flag was written.
func (f *Flags) validate(target runtime.Version, add func(flag string, warning bool, list field.ErrorList)) {
	if errs := targetRelease.Check(target); len(errs) > 0 {
		add("", false, errs)
		return
	}
	seen := map[string]bool{}
	for _, t := range typedFlags {
		v, ok := t.get(f)
		if !ok {
			continue
		}
		seen[t.name] = true
		w, e := checkFlagName(t.name, v, target)
		add(t.name, true, w)
		add(t.name, false, e)
		var invalid field.ErrorList
		if check := typedChecks[t.name]; check != nil {
			invalid = check(f, target, flagPath(t.name))
		}
		if len(invalid) == 0 { // a value refused already is not refused twice
			invalid = checkWord(flagPath(t.name), v)
		}
		add(t.name, false, invalid)
	}
	if f.ConfigDir != "" && (target.MinorOf() == v1(28) || target.MinorOf() == v1(29)) {
		// cmd/kubelet/app/server.go of 1.28.15 and 1.29.6 refuses to start
		// without this variable; the unit may set it, Flags cannot tell.
		add("config-dir", true, field.ErrorList{field.Forbidden(flagPath("config-dir"), f.ConfigDir,
			"the "+target.MinorOf().String()+" kubelet starts with --config-dir only when KUBELET_CONFIG_DROPIN_DIR_ALPHA is set in its environment")})
	}
	for i, x := range f.Extra {
		p := field.NewFlagPath("kubelet").Child("--" + x.Name)
		switch {
		case x.Name == "" || x.Name != normalizeFlagName(strings.TrimLeft(x.Name, "-")) || strings.ContainsAny(x.Name, "= "+unsafeChars):
			add("", false, field.ErrorList{field.Invalid(field.NewPath("extra").Index(i).Child("name"), x.Name,
				"a flag name without dashes, with '-' between words")})
			continue
		case isTyped(x.Name):
			add(x.Name, false, field.ErrorList{field.Conflict(p, x.Value, "set the typed field of Flags, not Extra")})
			continue
		case seen[x.Name]:
			add(x.Name, false, field.ErrorList{field.Duplicate(p, x.Value)})
			continue
		}
		seen[x.Name] = true
		w, e := checkFlagName(x.Name, x.Value, target)
		add(x.Name, true, w)
		invalid := checkEvictionFlag(x.Name, x.Value, target, p)
		if len(invalid) == 0 { // a value refused already is not refused twice
			invalid = checkWord(p, x.Value)
		}
		add(x.Name, false, append(e, invalid...))
	}
}

// checkFlagName judges a flag's presence in the target kubelet.
func checkFlagName(name, value string, target runtime.Version) (warnings, errs field.ErrorList) {
	p := flagPath(name)
	spec, known := flagtable.Lookup(name)
	t := target.MinorOf()
	switch {
	case !known:
		return nil, field.ErrorList{field.Unknown(p, "the kubelet has no such flag; it stops at an unknown flag")}
	case spec.RemovedIn(t):
		return nil, field.ErrorList{field.Removed(p, value,
			"removed in Kubernetes "+spec.Removed.String()+" (the "+t.String()+" kubelet stops at it); use "+spec.Instead)}
	case spec.AddedAfter(t):
		return nil, field.ErrorList{{Type: field.ErrNotSupported, Path: p, BadValue: value,
			Detail: "added in Kubernetes " + spec.Since.String() + "; the " + t.String() + " kubelet stops at it"}}
	case spec.DeprecatedIn(t):
		instead := spec.Instead
		if spec.ConfigKey != "" {
			instead = spec.ConfigKey + " in the config file"
		}
		return field.ErrorList{field.Deprecated(p, value, "deprecated in the "+t.String()+" kubelet; use "+instead)}, nil
	}
	return nil, nil
}

// KnownFlags returns every flag name kubenode knows that the kubelet of
// target has, sorted, for tests and linters.
func KnownFlags(target runtime.Version) []string {
	return flagsWhere(func(s flagtable.Spec) bool { return s.KnownIn(target.MinorOf()) })
}

// RemovedFlags returns every flag name kubenode knows that the kubelet of
// target lacks although an earlier one had it, sorted.
func RemovedFlags(target runtime.Version) []string {
	return flagsWhere(func(s flagtable.Spec) bool { return s.RemovedIn(target.MinorOf()) })
}

// DeprecatedFlags returns every flag name the kubelet of target has and
// marks deprecated, sorted.
func DeprecatedFlags(target runtime.Version) []string {
	t := target.MinorOf()
	return flagsWhere(func(s flagtable.Spec) bool { return s.KnownIn(t) && s.DeprecatedIn(t) })
}

// flagsWhere returns the names of the flags whose spec satisfies keep,
// sorted.
func flagsWhere(keep func(flagtable.Spec) bool) []string {
	var names []string
	for _, name := range flagtable.Names() {
		if s, _ := flagtable.Lookup(name); keep(s) {
			names = append(names, name)
		}
	}
	return names
}

// normalizeFlagName is the kubelet's own normalization of flag names
// (cliflag.WordSepNormalizeFunc): "_" and "-" are the same separator.
func normalizeFlagName(name string) string {
	return strings.ReplaceAll(name, "_", "-")
}

func v1(minor int) runtime.Version { return runtime.NewVersion(1, minor) }

// typedCheck checks the value of a typed flag, reporting at p.
type typedCheck func(f *Flags, target runtime.Version, p *field.Path) field.ErrorList

// nodePath checks a flag that names a file or directory on the node.
func nodePath(v func(*Flags) string) typedCheck {
	return func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		return runtime.ValidateNodePath(p, v(f))
	}
}

// typedChecks check the values of the typed flags, by flag name; a flag
// without one is checked as a word of the command line only.
var typedChecks = map[string]typedCheck{
	"bootstrap-kubeconfig": nodePath(func(f *Flags) string { return f.BootstrapKubeconfig }),
	"kubeconfig":           nodePath(func(f *Flags) string { return f.Kubeconfig }),
	"config":               nodePath(func(f *Flags) string { return f.Config }),
	"config-dir":           nodePath(func(f *Flags) string { return f.ConfigDir }),
	"cert-dir":             nodePath(func(f *Flags) string { return f.CertDir }),
	"root-dir":             nodePath(func(f *Flags) string { return f.RootDir }),
	"container-runtime": func(f *Flags, t runtime.Version, p *field.Path) field.ErrorList {
		if f.ContainerRuntime != "remote" && t.MinorOf().Before(v1(27)) {
			return field.ErrorList{field.NotSupported(p, f.ContainerRuntime, []string{"remote"})}
		}
		return nil
	},
	"container-runtime-endpoint": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		return runtime.ValidateCRIEndpoint(p, f.ContainerRuntimeEndpoint, false)
	},
	"pod-infra-container-image": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		return runtime.ValidateImage(p, f.PodInfraContainerImage)
	},
	"node-ip": func(f *Flags, t runtime.Version, p *field.Path) field.ErrorList {
		return ValidateNodeIPs(p, f.NodeIPs, f.CloudProvider, t)
	},
	"node-labels": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		return ValidateNodeLabels(p, f.NodeLabels)
	},
	"register-with-taints": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		return ValidateTaints(p, f.RegisterWithTaints)
	},
	"hostname-override": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		if runtime.IsDNSSubdomain(f.HostnameOverride) {
			return nil
		}
		var errs field.ErrorList
		for _, msg := range validation.IsDNS1123Subdomain(f.HostnameOverride) {
			errs = append(errs, field.Invalid(p, f.HostnameOverride, "a node name must be a lowercase DNS subdomain: "+msg))
		}
		return errs
	},
	"cloud-provider": func(f *Flags, t runtime.Version, p *field.Path) field.ErrorList {
		if f.CloudProvider != "external" && !t.MinorOf().Before(v1(31)) {
			return field.ErrorList{field.NotSupported(p, f.CloudProvider, []string{"", "external"})}
		}
		return nil
	},
	"v": func(f *Flags, _ runtime.Version, p *field.Path) field.ErrorList {
		if *f.Verbosity < 0 {
			return field.ErrorList{field.Invalid(p, *f.Verbosity, "must not be negative")}
		}
		return nil
	},
}

// ValidateNodeIPs checks --node-ip as the target kubelet parses it
// (k8s.io/component-helpers node/util ParseNodeIPArgument): one IP, or an
// IPv4 and an IPv6 address for dual-stack. Dual-stack needs no cloud
// provider, or "external" from 1.29 (CloudDualStackNodeIPs, alpha in 1.27,
// beta and on in 1.29), and neither address may be unspecified.
func ValidateNodeIPs(p *field.Path, ips []string, cloudProvider string, target runtime.Version) field.ErrorList {
	var errs field.ErrorList
	var buf [2]netip.Addr // a valid --node-ip has at most two
	parsed := buf[:0]
	for i, s := range ips {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			errs = append(errs, field.Invalid(p.Index(i), s, "not an IP address"))
			continue
		}
		parsed = append(parsed, a)
	}
	if len(errs) > 0 {
		return errs
	}
	switch {
	case len(parsed) > 2:
		errs = append(errs, field.TooLong(p, strings.Join(ips, ","), 2))
	case len(parsed) == 2 && parsed[0].Unmap().Is4() == parsed[1].Unmap().Is4():
		errs = append(errs, field.Invalid(p, strings.Join(ips, ","), "two node IPs must be one IPv4 and one IPv6 address"))
	case len(parsed) == 2 && (parsed[0].IsUnspecified() || parsed[1].IsUnspecified()):
		errs = append(errs, field.Invalid(p, strings.Join(ips, ","), "a dual-stack node IP cannot include 0.0.0.0 or ::"))
	case len(parsed) == 2 && cloudProvider == "external" && target.MinorOf().Before(v1(29)):
		errs = append(errs, field.Conflict(p, strings.Join(ips, ","), "dual-stack --node-ip with --cloud-provider=external needs Kubernetes 1.29"))
	case len(parsed) == 2 && cloudProvider != "" && cloudProvider != "external":
		errs = append(errs, field.Conflict(p, strings.Join(ips, ","), "dual-stack --node-ip needs no cloud provider or an external one"))
	}
	return errs
}

// kubeletLabels are the kubernetes.io labels a kubelet may set on its own
// Node besides those under its two namespaces (k8s.io/kubelet
// pkg/apis/well_known_labels.go, v0.37.2).
var kubeletLabels = map[string]bool{
	"kubernetes.io/hostname":                   true,
	"topology.kubernetes.io/zone":              true,
	"topology.kubernetes.io/region":            true,
	"failure-domain.beta.kubernetes.io/zone":   true,
	"failure-domain.beta.kubernetes.io/region": true,
	"beta.kubernetes.io/instance-type":         true,
	"node.kubernetes.io/instance-type":         true,
	"kubernetes.io/os":                         true,
	"kubernetes.io/arch":                       true,
	"beta.kubernetes.io/os":                    true,
	"beta.kubernetes.io/arch":                  true,
}

// kubeletLabelNamespaces are the namespaces (and their subdomains) under
// which a kubelet may set any label on its own Node.
var kubeletLabelNamespaces = []string{"kubelet.kubernetes.io", "node.kubernetes.io"}

// ValidateNodeLabels checks node labels as the kubelet does at start
// (ValidateKubeletFlags): qualified keys, valid values, and no key under
// kubernetes.io or k8s.io outside what a kubelet may set on its own Node
// (node-role.kubernetes.io/* is refused: an admin sets roles). A key given
// twice is refused too. Each label's problems are at p.Key(its key).
func ValidateNodeLabels(p *field.Path, labels []Label) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for _, l := range labels {
		lp := p.Key(l.Key)
		for _, msg := range validation.IsQualifiedName(l.Key) {
			errs = append(errs, field.Invalid(lp, l.Key, msg))
		}
		for _, msg := range validation.IsValidLabelValue(l.Value) {
			errs = append(errs, field.Invalid(lp, l.Value, msg))
		}
		if isKubernetesLabel(l.Key) && !isKubeletLabel(l.Key) {
			errs = append(errs, field.Forbidden(lp, l.Key,
				"a kubelet may set kubernetes.io and k8s.io labels only under kubelet.kubernetes.io/ or node.kubernetes.io/, or a well-known one such as topology.kubernetes.io/zone"))
		}
		if seen[l.Key] {
			errs = append(errs, field.Duplicate(lp, l.Key))
		}
		seen[l.Key] = true
	}
	return errs
}

func labelNamespace(key string) string {
	ns, _, ok := strings.Cut(key, "/")
	if !ok {
		return ""
	}
	return ns
}

func isKubernetesLabel(key string) bool {
	ns := labelNamespace(key)
	return ns == "kubernetes.io" || strings.HasSuffix(ns, ".kubernetes.io") || ns == "k8s.io" || strings.HasSuffix(ns, ".k8s.io")
}

func isKubeletLabel(key string) bool {
	if kubeletLabels[key] {
		return true
	}
	ns := labelNamespace(key)
	for _, allowed := range kubeletLabelNamespaces {
		if ns == allowed || strings.HasSuffix(ns, "."+allowed) {
			return true
		}
	}
	return false
}

// taintEffects are the effects a kubelet may register a taint with.
var taintEffects = []corev1.TaintEffect{corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute}

// ValidateTaints checks taints the kubelet registers its Node with:
// qualified keys, label-like values, a known effect, no timeAdded (the
// kubelet's validation refuses it) and no key and effect twice.
func ValidateTaints(p *field.Path, taints []corev1.Taint) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, t := range taints {
		tp := p.Index(i)
		for _, msg := range validation.IsQualifiedName(t.Key) {
			errs = append(errs, field.Invalid(tp.Child("key"), t.Key, msg))
		}
		for _, msg := range validation.IsValidLabelValue(t.Value) {
			errs = append(errs, field.Invalid(tp.Child("value"), t.Value, msg))
		}
		known := false
		for _, e := range taintEffects {
			known = known || t.Effect == e
		}
		if !known {
			errs = append(errs, field.NotSupported(tp.Child("effect"), string(t.Effect), taintEffects))
		}
		if t.TimeAdded != nil {
			errs = append(errs, field.Forbidden(tp.Child("timeAdded"), t.TimeAdded.String(), "the kubelet refuses a registration taint with timeAdded"))
		}
		if k := t.Key + ":" + string(t.Effect); seen[k] {
			errs = append(errs, field.Duplicate(tp, k))
		} else {
			seen[k] = true
		}
	}
	return errs
}
