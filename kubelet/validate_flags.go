package kubelet

import (
	"net/netip"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

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
	errs := ValidateVersion(field.NewPath("kubernetes"), target)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	typedErrs := f.validateTyped(target)
	reported := map[string]bool{}
	for _, e := range typedErrs {
		reported[e.Path.Root()+" "+flagOf(e.Path)] = true
	}
	seen := map[string]bool{}
	for _, t := range typedFlags {
		v, ok := t.get(f)
		if !ok {
			continue
		}
		seen[t.name] = true
		w, e := checkFlagName(t.name, v, target)
		warnings, errs = append(warnings, w...), append(errs, e...)
		// A value validateTyped already refused is not reported twice.
		if !reported["kubelet --"+t.name] {
			errs = append(errs, checkWord(flagPath(t.name), v)...)
		}
	}
	errs = append(errs, typedErrs...)
	if f.ConfigDir != "" && (target.MinorOf() == v1(28) || target.MinorOf() == v1(29)) {
		// cmd/kubelet/app/server.go of 1.28.15 and 1.29.6 refuses to start
		// without this variable; the unit may set it, Flags cannot tell.
		warnings = append(warnings, field.Forbidden(flagPath("config-dir"), f.ConfigDir,
			"the "+target.MinorOf().String()+" kubelet starts with --config-dir only when KUBELET_CONFIG_DROPIN_DIR_ALPHA is set in its environment"))
	}
	for i, x := range f.Extra {
		p := field.NewFlagPath("kubelet").Child("--" + x.Name)
		switch {
		case x.Name == "" || x.Name != normalizeFlagName(strings.TrimLeft(x.Name, "-")) || strings.ContainsAny(x.Name, "= "+unsafeChars):
			errs = append(errs, field.Invalid(field.NewPath("extra").Index(i).Child("name"), x.Name,
				"a flag name without dashes, with '-' between words"))
			continue
		case isTyped(x.Name):
			errs = append(errs, field.Conflict(p, x.Value, "set the typed field of Flags, not Extra"))
			continue
		case seen[x.Name]:
			errs = append(errs, field.Duplicate(p, x.Value))
			continue
		}
		seen[x.Name] = true
		w, e := checkFlagName(x.Name, x.Value, target)
		warnings, errs = append(warnings, w...), append(errs, e...)
		errs = append(errs, checkWord(p, x.Value)...)
	}
	return warnings, errs.Err()
}

// flagOf returns the flag a path of validateTyped names ("--node-ip" for
// "kubelet --node-ip[0]").
func flagOf(p *field.Path) string {
	s := strings.TrimPrefix(p.String(), p.Root()+" ")
	if i := strings.IndexAny(s, "[ "); i >= 0 {
		s = s[:i]
	}
	return s
}

// checkFlagName judges a flag's presence in the target kubelet.
func checkFlagName(name, value string, target runtime.Version) (warnings, errs field.ErrorList) {
	p := flagPath(name)
	spec, known := lookupFlag(name)
	t := target.MinorOf()
	switch {
	case !known:
		return nil, field.ErrorList{field.Unknown(p, "the kubelet has no such flag; it stops at an unknown flag")}
	case spec.RemovedIn(t):
		return nil, field.ErrorList{field.Removed(p, value,
			"removed in Kubernetes "+spec.Removed.String()+" (the "+t.String()+" kubelet stops at it); use "+spec.instead)}
	case spec.AddedAfter(t):
		return nil, field.ErrorList{{Type: field.ErrNotSupported, Path: p, BadValue: value,
			Detail: "added in Kubernetes " + spec.Since.String() + "; the " + t.String() + " kubelet stops at it"}}
	case spec.DeprecatedIn(t):
		instead := spec.instead
		if spec.configKey != "" {
			instead = spec.configKey + " in the config file"
		}
		return field.ErrorList{field.Deprecated(p, value, "deprecated in the "+t.String()+" kubelet; use "+instead)}, nil
	}
	return nil, nil
}

// validateTyped checks the values of the typed fields.
func (f *Flags) validateTyped(target runtime.Version) field.ErrorList {
	var errs field.ErrorList
	t := target.MinorOf()
	for _, pf := range []struct {
		name, v string
	}{
		{"bootstrap-kubeconfig", f.BootstrapKubeconfig}, {"kubeconfig", f.Kubeconfig}, {"config", f.Config},
		{"config-dir", f.ConfigDir}, {"cert-dir", f.CertDir}, {"root-dir", f.RootDir},
	} {
		if pf.v != "" {
			errs = append(errs, runtime.ValidateNodePath(flagPath(pf.name), pf.v)...)
		}
	}
	if f.ContainerRuntime != "" && f.ContainerRuntime != "remote" && t.Before(v1(27)) {
		errs = append(errs, field.NotSupported(flagPath("container-runtime"), f.ContainerRuntime, []string{"remote"}))
	}
	errs = append(errs, runtime.ValidateCRIEndpoint(flagPath("container-runtime-endpoint"), f.ContainerRuntimeEndpoint, false)...)
	if f.PodInfraContainerImage != "" {
		errs = append(errs, runtime.ValidateImage(flagPath("pod-infra-container-image"), f.PodInfraContainerImage)...)
	}
	errs = append(errs, ValidateNodeIPs(flagPath("node-ip"), f.NodeIPs, f.CloudProvider, target)...)
	errs = append(errs, ValidateNodeLabels(flagPath("node-labels"), f.NodeLabels)...)
	errs = append(errs, ValidateTaints(flagPath("register-with-taints"), f.RegisterWithTaints)...)
	if f.HostnameOverride != "" {
		for _, msg := range validation.IsDNS1123Subdomain(f.HostnameOverride) {
			errs = append(errs, field.Invalid(flagPath("hostname-override"), f.HostnameOverride, "a node name must be a lowercase DNS subdomain: "+msg))
		}
	}
	switch f.CloudProvider {
	case "", "external":
	default:
		if !t.Before(v1(31)) {
			errs = append(errs, field.NotSupported(flagPath("cloud-provider"), f.CloudProvider, []string{"", "external"}))
		}
	}
	if f.Verbosity != nil && *f.Verbosity < 0 {
		errs = append(errs, field.Invalid(flagPath("v"), *f.Verbosity, "must not be negative"))
	}
	return errs
}

// ValidateNodeIPs checks --node-ip as the target kubelet parses it
// (k8s.io/component-helpers node/util ParseNodeIPArgument): one IP, or an
// IPv4 and an IPv6 address for dual-stack. Dual-stack needs no cloud
// provider, or "external" from 1.29 (CloudDualStackNodeIPs, alpha in 1.27,
// beta and on in 1.29), and neither address may be unspecified.
func ValidateNodeIPs(p *field.Path, ips []string, cloudProvider string, target runtime.Version) field.ErrorList {
	var errs field.ErrorList
	var parsed []netip.Addr
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
// twice is refused too.
func ValidateNodeLabels(p *field.Path, labels []Label) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, l := range labels {
		lp := p.Index(i)
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
