package kubelet

import (
	"net/url"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	credentialproviderv1 "k8s.io/kubelet/config/v1"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The exec plugin API versions (credentialprovider.kubelet.k8s.io) a
// provider's apiVersion names: v1alpha1 and v1beta1 in every kubelet from
// 1.24 to 1.37, v1 from 1.26 (the apiVersions of
// pkg/credentialprovider/plugin in k8s.io/kubernetes v1.24.17 and v1.37.2;
// k8s.io/kubelet's pkg/apis/credentialprovider gains v1 in v0.26.15).
const (
	execPluginV1Alpha1 = "credentialprovider.kubelet.k8s.io/v1alpha1"
	execPluginV1Beta1  = "credentialprovider.kubelet.k8s.io/v1beta1"
	execPluginV1       = "credentialprovider.kubelet.k8s.io/v1"
)

// execPluginAPIVersions returns the exec plugin API versions the target
// kubelet speaks.
func execPluginAPIVersions(target runtime.Version) []string {
	if target.MinorOf().Before(credentialProviderGA) {
		return []string{execPluginV1Alpha1, execPluginV1Beta1}
	}
	return []string{execPluginV1Alpha1, execPluginV1Beta1, execPluginV1}
}

// Feature gates the credential provider depends on.
const (
	// gateCredentialProviders is beta and on in 1.24 and 1.25, GA from
	// 1.26; with it off, a 1.24 or 1.25 kubelet only logs that it ignores
	// the two flags (kuberuntime_manager.go of v1.24.17).
	gateCredentialProviders = "KubeletCredentialProviders"
	// gateTokenForProviders lets a provider take a service account token
	// (tokenAttributes): alpha and off in 1.33, beta and on from 1.34
	// (pkg/features of v1.37.2).
	gateTokenForProviders = "KubeletServiceAccountTokenForCredentialProviders"
)

// Releases of the service account token attributes: the field, and
// cacheType within it (k8s.io/kubelet config/v1 of v0.33.0 has
// tokenAttributes without cacheType, v0.34.0 has both).
var (
	tokenAttributesSince = v1(33)
	tokenCacheTypeSince  = v1(34)
)

// tokenCacheTypes are the cacheType values the kubelet takes.
var tokenCacheTypes = []credentialproviderv1.ServiceAccountTokenCacheType{
	credentialproviderv1.ServiceAccountServiceAccountTokenCacheType, credentialproviderv1.TokenServiceAccountTokenCacheType,
}

// validateCredentialProviderConfig checks a CredentialProviderConfig as
// the target kubelet's validateCredentialProviderConfig does, with the
// feature gates of its config; problems are at paths in the file
// (providers[0].name). It never reports an env value, which may be a
// credential.
func validateCredentialProviderConfig(cfg *credentialproviderv1.CredentialProviderConfig, target runtime.Version, gates map[string]bool) field.ErrorList {
	var errs field.ErrorList
	if cfg.APIVersion != "" && cfg.APIVersion != CredentialProviderAPIVersion {
		errs = append(errs, field.NotSupported(field.NewPath("apiVersion"), cfg.APIVersion, []string{"", CredentialProviderAPIVersion}))
	}
	if cfg.Kind != "" && cfg.Kind != CredentialProviderKind {
		errs = append(errs, field.NotSupported(field.NewPath("kind"), cfg.Kind, []string{"", CredentialProviderKind}))
	}
	if on, set := gates[gateCredentialProviders]; set && !on && target.MinorOf().Before(credentialProviderGA) {
		errs = append(errs, field.Conflict(field.NewPath("featureGates").Key(gateCredentialProviders), false,
			"the "+target.MinorOf().String()+" kubelet ignores the image credential provider with this gate off"))
	}
	providers := field.NewPath("providers")
	if len(cfg.Providers) == 0 {
		errs = append(errs, field.Required(providers, "at least one provider"))
	}
	seen := map[string]bool{}
	for i := range cfg.Providers {
		pr := &cfg.Providers[i]
		p := providers.Index(i)
		errs = append(errs, validateProviderName(p.Child("name"), pr.Name)...)
		if seen[pr.Name] {
			errs = append(errs, field.Duplicate(p.Child("name"), pr.Name))
		}
		seen[pr.Name] = true
		errs = append(errs, validateMatchImages(p.Child("matchImages"), pr.MatchImages)...)
		switch {
		case pr.DefaultCacheDuration == nil:
			errs = append(errs, field.Required(p.Child("defaultCacheDuration"), "how long the kubelet caches a credential the plugin gives without a duration (0s: not at all)"))
		case pr.DefaultCacheDuration.Duration < 0:
			errs = append(errs, field.Invalid(p.Child("defaultCacheDuration"), pr.DefaultCacheDuration.Duration.String(), "must not be negative"))
		}
		switch versions := execPluginAPIVersions(target); {
		case pr.APIVersion == "":
			errs = append(errs, field.Required(p.Child("apiVersion"), "the exec plugin API version, such as "+execPluginV1))
		case !slices.Contains(versions, pr.APIVersion):
			errs = append(errs, field.NotSupported(p.Child("apiVersion"), pr.APIVersion, versions))
		}
		for j, a := range pr.Args {
			if strings.ContainsRune(a, 0) {
				errs = append(errs, field.Invalid(p.Child("args").Index(j), a, "must not contain NUL: no program can take it"))
			}
		}
		errs = append(errs, validateProviderEnv(p.Child("env"), pr.Env)...)
		if pr.TokenAttributes != nil {
			errs = append(errs, validateTokenAttributes(p.Child("tokenAttributes"), pr, target, gates)...)
		}
	}
	return errs
}

// validateProviderName checks a provider's name, which is also the file
// name of its plugin in the plugins' directory.
func validateProviderName(p *field.Path, name string) field.ErrorList {
	switch {
	case name == "":
		return field.ErrorList{field.Required(p, "the name of the plugin's executable in the plugins' directory")}
	case name == "." || name == "..":
		return field.ErrorList{field.Invalid(p, name, "must name a file in the plugins' directory")}
	case strings.ContainsAny(name, "/ "):
		return field.ErrorList{field.Invalid(p, name, "must not contain '/' or a space (the kubelet refuses it)")}
	case strings.IndexFunc(name, isControl) >= 0:
		return field.ErrorList{field.Invalid(p, name, "must not contain a control character")}
	}
	return nil
}

// isControl reports whether r is an ASCII control character.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// validateMatchImages checks the patterns as the kubelet parses them
// (ParseSchemelessURL: "https://" + pattern must parse), and refuses
// what parses but can never match an image: an empty pattern, one with a
// scheme, and a glob outside the host, since only domain parts are
// globbed.
func validateMatchImages(p *field.Path, patterns []string) field.ErrorList {
	if len(patterns) == 0 {
		return field.ErrorList{field.Required(p, "at least one image pattern, such as *.dkr.ecr.*.amazonaws.com")}
	}
	var errs field.ErrorList
	for i, m := range patterns {
		u, err := url.Parse("https://" + m)
		switch {
		case err != nil:
			errs = append(errs, field.Invalid(p.Index(i), m, "the kubelet cannot parse it: "+err.Error()))
		case m == "" || u.Host == "":
			errs = append(errs, field.Invalid(p.Index(i), m, "names no registry host, so it matches no image"))
		case strings.Contains(m, "://"):
			errs = append(errs, field.Invalid(p.Index(i), m, "a pattern has no scheme: an image name has none, so it matches no image"))
		case strings.Contains(u.Port(), "*") || strings.Contains(u.EscapedPath(), "*") || u.RawQuery != "" || u.Fragment != "":
			errs = append(errs, field.Invalid(p.Index(i), m, "globs match parts of the host only, and a pattern has no query or fragment: this one matches no image"))
		}
	}
	return errs
}

// validateProviderEnv checks the variables the kubelet adds to a plugin's
// environment. A value is never reported: it may be a credential.
func validateProviderEnv(p *field.Path, env []credentialproviderv1.ExecEnvVar) field.ErrorList {
	var errs field.ErrorList
	for i, e := range env {
		switch {
		case e.Name == "":
			errs = append(errs, field.Required(p.Index(i).Child("name"), "an environment variable's name"))
		case strings.ContainsAny(e.Name, "=\x00"):
			errs = append(errs, field.Invalid(p.Index(i).Child("name"), e.Name, "must not contain '=' or NUL"))
		}
		if strings.ContainsRune(e.Value, 0) {
			errs = append(errs, field.Invalid(p.Index(i).Child("value"), nil, "must not contain NUL (value not shown)"))
		}
	}
	return errs
}

// validateTokenAttributes checks a provider's tokenAttributes as the
// kubelet does: known to the target (1.33; cacheType 1.34), allowed by
// its feature gate (default off in 1.33, on from 1.34), only with the v1
// exec plugin API, an audience, requireServiceAccount set (and true when
// annotation keys are required), annotation keys that are qualified names
// given once and not both required and optional, and a known cacheType
// (required from 1.34).
func validateTokenAttributes(p *field.Path, pr *credentialproviderv1.CredentialProvider, target runtime.Version, gates map[string]bool) field.ErrorList {
	t := target.MinorOf()
	if t.Before(tokenAttributesSince) {
		return field.ErrorList{{Type: field.ErrNotSupported, Path: p,
			Detail: "added in Kubernetes " + tokenAttributesSince.String() + "; the " + t.String() + " kubelet does not know it"}}
	}
	var errs field.ErrorList
	ta := pr.TokenAttributes
	enabled, set := gates[gateTokenForProviders]
	if !set {
		enabled = !t.Before(tokenCacheTypeSince) // beta and on from 1.34
	}
	if !enabled {
		errs = append(errs, field.Forbidden(p, nil, "needs the feature gate "+gateTokenForProviders+" (featureGates in the kubelet's config), off by default in "+t.String()))
	}
	if ta.ServiceAccountTokenAudience == "" {
		errs = append(errs, field.Required(p.Child("serviceAccountTokenAudience"), "the audience of the service account token the plugin gets"))
	}
	if ta.RequireServiceAccount == nil {
		errs = append(errs, field.Required(p.Child("requireServiceAccount"), "whether the plugin runs only for pods with a service account"))
	}
	if pr.APIVersion != execPluginV1 {
		errs = append(errs, field.Forbidden(p, nil, "tokenAttributes needs apiVersion "+execPluginV1))
	}
	if ta.RequireServiceAccount != nil && !*ta.RequireServiceAccount && len(ta.RequiredServiceAccountAnnotationKeys) > 0 {
		errs = append(errs, field.Forbidden(p.Child("requiredServiceAccountAnnotationKeys"), nil, "needs requireServiceAccount: true"))
	}
	errs = append(errs, validateAnnotationKeys(p.Child("requiredServiceAccountAnnotationKeys"), ta.RequiredServiceAccountAnnotationKeys)...)
	errs = append(errs, validateAnnotationKeys(p.Child("optionalServiceAccountAnnotationKeys"), ta.OptionalServiceAccountAnnotationKeys)...)
	for i, k := range ta.OptionalServiceAccountAnnotationKeys {
		if slices.Contains(ta.RequiredServiceAccountAnnotationKeys, k) {
			errs = append(errs, field.Invalid(p.Child("optionalServiceAccountAnnotationKeys").Index(i), k, "a key cannot be both required and optional"))
		}
	}
	cacheType := p.Child("cacheType")
	switch {
	case t.Before(tokenCacheTypeSince) && ta.CacheType != "":
		errs = append(errs, &field.Error{Type: field.ErrNotSupported, Path: cacheType, BadValue: string(ta.CacheType),
			Detail: "added in Kubernetes " + tokenCacheTypeSince.String() + "; the " + t.String() + " kubelet stops at a field it does not know"})
	case t.Before(tokenCacheTypeSince):
	case ta.CacheType == "":
		errs = append(errs, field.Required(cacheType, "Token or ServiceAccount: what the kubelet keys the credentials it caches by"))
	case !slices.Contains(tokenCacheTypes, ta.CacheType):
		errs = append(errs, field.NotSupported(cacheType, string(ta.CacheType), tokenCacheTypes))
	}
	return errs
}

// validateAnnotationKeys checks service account annotation keys as the
// kubelet does: qualified names (case does not matter), none twice.
func validateAnnotationKeys(p *field.Path, keys []string) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, k := range keys {
		for _, msg := range validation.IsQualifiedName(strings.ToLower(k)) {
			errs = append(errs, field.Invalid(p.Index(i), k, msg))
		}
		if seen[k] {
			errs = append(errs, field.Duplicate(p.Index(i), k))
		}
		seen[k] = true
	}
	return errs
}
