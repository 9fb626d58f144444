package kubelet

import (
	"maps"
	"net/netip"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// configFieldSince holds the KubeletConfiguration keys added after 1.24, by
// the release that added them. Confirmed by comparing the JSON tags of
// KubeletConfiguration in k8s.io/kubelet/config/v1beta1 v0.24.17, v0.25.16,
// ..., v0.36.3 and v0.37.2 (no key was removed in that span). An older
// kubelet's strict decoder refuses the key and its lenient one ignores it,
// so the setting would silently not apply.
var configFieldSince = map[string]runtime.Version{
	"localStorageCapacityIsolation":          v1(25),
	"tracing":                                v1(25),
	"topologyManagerPolicyOptions":           v1(26),
	"containerRuntimeEndpoint":               v1(27),
	"enableSystemLogQuery":                   v1(27),
	"imageServiceEndpoint":                   v1(27),
	"maxParallelImagePulls":                  v1(27),
	"imageMaximumGCAge":                      v1(29),
	"containerLogMaxWorkers":                 v1(30),
	"containerLogMonitorInterval":            v1(30),
	"podLogsDir":                             v1(30),
	"failCgroupV1":                           v1(31),
	"crashLoopBackOff":                       v1(32),
	"singleProcessOOMKill":                   v1(32),
	"imagePullCredentialsVerificationPolicy": v1(33),
	"mergeDefaultEvictionSettings":           v1(33),
	"preloadedImagesVerificationAllowlist":   v1(33),
	"userNamespaces":                         v1(33),
	"memoryReservationPolicy":                v1(36),
	"tlsCurvePreferences":                    v1(36),
	"defaultPodSysctls":                      v1(37),
}

// Validate checks the config for the kubelet of a target Kubernetes version
// (1.24 to 1.37): every value Validate knows (see validateValues; the
// eviction thresholds and reservations as the kubelet parses them), and no
// key the target's KubeletConfiguration lacks (ErrNotSupported; for
// containerRuntimeEndpoint before 1.27, use the flag). It collects every
// problem and never mutates c.
func (c *Config) Validate(target runtime.Version) error {
	_, err := c.validated(target)
	return err
}

// validated is Validate returning, when c is valid, the pruned document
// Render encodes, so a caller that validates and renders builds it once.
func (c *Config) validated(target runtime.Version) (yamlenc.Document, error) {
	errs := targetRelease.Check(target)
	known := target // judges the eviction signals only when supported
	if len(errs) > 0 {
		known = runtime.Version{}
	}
	errs = append(errs, c.validateValues()...)
	errs = append(errs, c.evictionOf().validate(known, func(key, name string) *field.Path { return field.NewPath(key).Key(name) })...)
	if len(errs) > 0 {
		return yamlenc.Document{}, errs.Err()
	}
	doc, err := c.object()
	if err != nil {
		return yamlenc.Document{}, err
	}
	for _, ks := range configFieldsSince {
		k, since := ks.key, ks.since
		if !target.MinorOf().Before(since) || !doc.Has(k) {
			continue
		}
		detail := "added in Kubernetes " + since.String() + "; the " + target.MinorOf().String() + " kubelet ignores it"
		if flag := endpointFlags[k]; flag != "" {
			detail += "; use the --" + flag + " flag"
		}
		errs = append(errs, &field.Error{Type: field.ErrNotSupported, Path: field.NewPath(k), BadValue: k, Detail: detail})
	}
	if len(errs) > 0 {
		return yamlenc.Document{}, errs.Err()
	}
	return doc, nil
}

// configFieldsSince is configFieldSince in key order: validated looks up
// in the document each key the target lacks, in the order problems are
// reported, with its version at hand rather than looked up again.
var configFieldsSince = func() []keySince {
	out := make([]keySince, 0, len(configFieldSince))
	for _, k := range slices.Sorted(maps.Keys(configFieldSince)) {
		out = append(out, keySince{k, configFieldSince[k]})
	}
	return out
}()

// keySince is a key of configFieldSince and its version.
type keySince struct {
	key   string
	since runtime.Version
}

// badFeatureGate reports whether k cannot be a feature gate's name.
func badFeatureGate(k string) bool { return k == "" || strings.ContainsAny(k, " \t\n\r=,") }

// endpointFlags are the flags that held the endpoint keys before 1.27.
var endpointFlags = map[string]string{
	"containerRuntimeEndpoint": "container-runtime-endpoint",
	"imageServiceEndpoint":     "image-service-endpoint",
}

// Paths of the keys validateValues checks, built once: a Path never
// changes, so one serves every problem at its key and a valid config
// builds none.
var (
	cgroupDriverPath         = field.NewPath("cgroupDriver")
	runtimeEndpointPath      = field.NewPath("containerRuntimeEndpoint")
	imageServiceEndpointPath = field.NewPath("imageServiceEndpoint")
	filePaths                = []*field.Path{field.NewPath("staticPodPath"), field.NewPath("authentication", "x509", "clientCAFile"),
		field.NewPath("tlsCertFile"), field.NewPath("tlsPrivateKeyFile"), field.NewPath("volumePluginDir"), field.NewPath("podLogsDir")}
)

// validateValues checks the values a node installer sets, whatever the
// target: what the kubelet's own validation refuses and what would make the
// node fail later (a relative path, a bad IP, an endpoint that is not a
// unix socket).
func (c *Config) validateValues() field.ErrorList {
	var errs field.ErrorList
	kc := &c.KubeletConfiguration
	if kc.APIVersion != "" && kc.APIVersion != ConfigAPIVersion {
		errs = append(errs, field.NotSupported(field.NewPath("apiVersion"), kc.APIVersion, []string{ConfigAPIVersion}))
	}
	if kc.Kind != "" && kc.Kind != ConfigKind {
		errs = append(errs, field.NotSupported(field.NewPath("kind"), kc.Kind, []string{ConfigKind}))
	}
	if kc.CgroupDriver != "" {
		errs = append(errs, runtime.CgroupDriver(kc.CgroupDriver).Validate(cgroupDriverPath)...)
	}
	errs = append(errs, runtime.ValidateCRIEndpoint(runtimeEndpointPath, kc.ContainerRuntimeEndpoint, false)...)
	errs = append(errs, runtime.ValidateCRIEndpoint(imageServiceEndpointPath, kc.ImageServiceEndpoint, false)...)
	seen := map[netip.Addr]bool{}
	for i, s := range kc.ClusterDNS {
		a, err := netip.ParseAddr(s)
		switch {
		case err != nil || a.Zone() != "":
			errs = append(errs, field.Invalid(field.NewPath("clusterDNS").Index(i), s, "not an IP address"))
		case seen[a]:
			errs = append(errs, field.Duplicate(field.NewPath("clusterDNS").Index(i), s))
		}
		seen[a] = true
	}
	if kc.ClusterDomain != "" && !runtime.IsDNSSubdomain(kc.ClusterDomain) {
		for _, msg := range validation.IsDNS1123Subdomain(kc.ClusterDomain) {
			errs = append(errs, field.Invalid(field.NewPath("clusterDomain"), kc.ClusterDomain, msg))
		}
	}
	for i, v := range []string{kc.StaticPodPath, kc.Authentication.X509.ClientCAFile, kc.TLSCertFile, kc.TLSPrivateKeyFile, kc.VolumePluginDir, kc.PodLogsDir} {
		if v != "" {
			errs = append(errs, runtime.ValidateNodePath(filePaths[i], v)...)
		}
	}
	if kc.ResolverConfig != nil && *kc.ResolverConfig != "" {
		errs = append(errs, runtime.ValidateNodePath(field.NewPath("resolvConf"), *kc.ResolverConfig)...)
	}
	if (kc.TLSCertFile == "") != (kc.TLSPrivateKeyFile == "") {
		errs = append(errs, field.Required(field.NewPath("tlsPrivateKeyFile"), "tlsCertFile and tlsPrivateKeyFile go together"))
	}
	for _, a := range []struct {
		key, v string
	}{{"address", kc.Address}, {"healthzBindAddress", kc.HealthzBindAddress}} {
		if a.v == "" {
			continue // unset; a parse of "" would fail, building an error for nothing
		}
		if _, err := netip.ParseAddr(a.v); err != nil {
			errs = append(errs, field.Invalid(field.NewPath(a.key), a.v, "not an IP address"))
		}
	}
	for _, port := range []struct {
		key string
		v   *int32
	}{{"port", &kc.Port}, {"readOnlyPort", &kc.ReadOnlyPort}, {"healthzPort", kc.HealthzPort}} {
		if port.v != nil && (*port.v < 0 || *port.v > 65535) {
			errs = append(errs, field.Invalid(field.NewPath(port.key), *port.v, "a port from 0 to 65535"))
		}
	}
	if kc.PodCIDR != "" {
		if _, err := netip.ParsePrefix(kc.PodCIDR); err != nil {
			errs = append(errs, field.Invalid(field.NewPath("podCIDR"), kc.PodCIDR, "not a CIDR"))
		}
	}
	if kc.MaxPods < 0 {
		errs = append(errs, field.Invalid(field.NewPath("maxPods"), kc.MaxPods, "must not be negative"))
	}
	if m := string(kc.Authorization.Mode); m != "" && m != "AlwaysAllow" && m != "Webhook" {
		errs = append(errs, field.NotSupported(field.NewPath("authorization", "mode"), m, []string{"AlwaysAllow", "Webhook"}))
	}
	if b := kc.MemorySwap.SwapBehavior; b != "" && b != "NoSwap" && b != "LimitedSwap" {
		errs = append(errs, field.NotSupported(field.NewPath("memorySwap", "swapBehavior"), b, []string{"NoSwap", "LimitedSwap"}))
	}
	for k := range kc.FeatureGates {
		if badFeatureGate(k) {
			// Sorted only when there is a problem, so they come in order.
			for _, k := range slices.Sorted(maps.Keys(kc.FeatureGates)) {
				if badFeatureGate(k) {
					errs = append(errs, field.Invalid(field.NewPath("featureGates").Key(k), k, "not a feature gate name"))
				}
			}
			break
		}
	}
	if kc.RunOnce {
		errs = append(errs, field.Forbidden(field.NewPath("runOnce"), true, "the kubelet's validation refuses runOnce (deprecated run-once mode)"))
	}
	if len(kc.RegisterWithTaints) > 0 {
		errs = append(errs, ValidateTaints(field.NewPath("registerWithTaints"), kc.RegisterWithTaints)...)
	}
	return errs
}
