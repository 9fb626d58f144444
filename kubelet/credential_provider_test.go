package kubelet_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	credentialproviderv1 "k8s.io/kubelet/config/v1"
	kubeletconfigv1beta1 "k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

const pluginDir = "/usr/libexec/kubernetes/kubelet-plugins/credential-provider/exec"

// validCredentialProvider is an ECR-style provider plus a second one
// using the older exec plugin API, valid for every target.
func validCredentialProvider() *credentialproviderv1.CredentialProviderConfig {
	return &credentialproviderv1.CredentialProviderConfig{Providers: []credentialproviderv1.CredentialProvider{
		{
			Name:                 "ecr-credential-provider",
			MatchImages:          []string{"*.dkr.ecr.*.amazonaws.com", "*.dkr.ecr.*.amazonaws.com.cn"},
			DefaultCacheDuration: &metav1.Duration{Duration: 12 * time.Hour},
			APIVersion:           "credentialprovider.kubelet.k8s.io/v1beta1",
			Args:                 []string{"get-credentials"},
			Env:                  []credentialproviderv1.ExecEnvVar{{Name: "AWS_PROFILE", Value: "nodes"}},
		},
		{
			Name:                 "corp-registry",
			MatchImages:          []string{"registry.corp.example:5000/team"},
			DefaultCacheDuration: &metav1.Duration{},
			APIVersion:           "credentialprovider.kubelet.k8s.io/v1alpha1",
		},
	}}
}

// tokenProvider is a provider that takes a service account token, valid
// from 1.34.
func tokenProvider() credentialproviderv1.CredentialProvider {
	return credentialproviderv1.CredentialProvider{
		Name:                 "workload-identity",
		MatchImages:          []string{"*.pkg.dev"},
		DefaultCacheDuration: &metav1.Duration{Duration: time.Minute},
		APIVersion:           "credentialprovider.kubelet.k8s.io/v1",
		TokenAttributes: &credentialproviderv1.ServiceAccountTokenAttributes{
			ServiceAccountTokenAudience:          "registry.example",
			CacheType:                            credentialproviderv1.ServiceAccountServiceAccountTokenCacheType,
			RequireServiceAccount:                ptr(true),
			RequiredServiceAccountAnnotationKeys: []string{"registry.example/identity"},
		},
	}
}

func credentialProviderPlan(t *testing.T, version string, opts ...kubelet.InstallerOption) *runtime.Plan {
	t.Helper()
	in, err := kubelet.NewInstaller(append([]kubelet.InstallerOption{kubelet.WithVersion(version),
		kubelet.WithCredentialProvider(validCredentialProvider(), pluginDir)}, opts...)...)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	return plan
}

// The plan writes the provider's file beside the kubelet's, restarting
// the kubelet, and both flags; 1.25 gets the v1beta1 file. A file with env
// entries is a secret's (0600, its content redacted in the golden file).
func TestCredentialProviderPlans(t *testing.T) {
	withoutEnv := validCredentialProvider()
	withoutEnv.Providers[0].Env = nil
	plantest.Golden(t, "testdata/credential-provider-1.37.txtar", credentialProviderPlan(t, "1.37",
		kubelet.WithCredentialProvider(withoutEnv, pluginDir),
		kubelet.WithRootDir("/data/kubelet"), kubelet.WithCloudProvider("external"), kubelet.WithHostnameOverride("node-1.corp.example")), *update)
	plantest.Golden(t, "testdata/credential-provider-1.25-single-env.txtar", credentialProviderPlan(t, "1.25",
		kubelet.WithUnitStyle(kubelet.StyleSingle), kubelet.WithCloudProvider("external")), *update)

	for cfg, mode := range map[*credentialproviderv1.CredentialProviderConfig]os.FileMode{withoutEnv: 0o644, validCredentialProvider(): 0o600} {
		f := credentialProviderPlan(t, "1.37", kubelet.WithCredentialProvider(cfg, pluginDir)).File(kubelet.CredentialProviderConfigPath)
		require.NotNil(t, f)
		assert.Equal(t, mode, f.Mode, "an env entry may hold a credential")
		assert.Equal(t, []string{kubelet.UnitName}, f.RestartUnits)
	}
}

// The file decodes strictly into the upstream type of its apiVersion and
// gives back what the caller gave.
func TestCredentialProviderFileDecodesStrictly(t *testing.T) {
	want := validCredentialProvider()

	var got credentialproviderv1.CredentialProviderConfig
	require.NoError(t, yaml.UnmarshalStrict(credentialProviderPlan(t, "1.26").File(kubelet.CredentialProviderConfigPath).Content, &got))
	assert.Equal(t, metav1.TypeMeta{APIVersion: kubelet.CredentialProviderAPIVersion, Kind: kubelet.CredentialProviderKind}, got.TypeMeta)
	got.TypeMeta = metav1.TypeMeta{}
	assert.Equal(t, want, &got)

	var beta kubeletconfigv1beta1.CredentialProviderConfig
	require.NoError(t, yaml.UnmarshalStrict(credentialProviderPlan(t, "1.24").File(kubelet.CredentialProviderConfigPath).Content, &beta))
	assert.Equal(t, metav1.TypeMeta{APIVersion: kubelet.CredentialProviderAPIVersionBeta, Kind: kubelet.CredentialProviderKind}, beta.TypeMeta)
	require.Len(t, beta.Providers, 2)
	assert.Equal(t, want.Providers[0].MatchImages, beta.Providers[0].MatchImages)
	assert.Equal(t, want.Providers[0].Env[0].Value, beta.Providers[0].Env[0].Value)
	assert.Equal(t, "0s", beta.Providers[1].DefaultCacheDuration.Duration.String(), "a zero duration is kept: it is required")

	withToken := validCredentialProvider()
	withToken.Providers = append(withToken.Providers, tokenProvider())
	in, err := kubelet.NewInstaller(kubelet.WithVersion("1.34"), kubelet.WithCredentialProvider(withToken, pluginDir))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	got = credentialproviderv1.CredentialProviderConfig{}
	require.NoError(t, yaml.UnmarshalStrict(plan.File(kubelet.CredentialProviderConfigPath).Content, &got))
	assert.Equal(t, withToken.Providers, got.Providers)
}

func TestCredentialProviderRefusesBadInput(t *testing.T) {
	v := func(minor int) runtime.Version { return runtime.NewVersion(1, minor) }
	type cfg = *credentialproviderv1.CredentialProviderConfig
	tests := []struct {
		name    string
		target  runtime.Version
		change  func(cfg)
		binDir  string
		gates   map[string]bool
		want    error
		path    string
		noValue bool
	}{
		{name: "relative plugin dir", binDir: "plugins", want: field.ErrInvalid, path: "kubelet --image-credential-provider-bin-dir"},
		{name: "no plugin dir", binDir: "-", want: field.ErrRequired, path: "kubelet --image-credential-provider-bin-dir"},
		{name: "plugin dir with a space", binDir: "/opt/my plugins", want: field.ErrInvalid, path: "kubelet --image-credential-provider-bin-dir"},
		{name: "no provider", change: func(c cfg) { c.Providers = nil }, want: field.ErrRequired, path: "providers"},
		{name: "other apiVersion", change: func(c cfg) { c.APIVersion = "kubelet.config.k8s.io/v1beta1" }, want: field.ErrNotSupported, path: "apiVersion"},
		{name: "other kind", change: func(c cfg) { c.Kind = "KubeletConfiguration" }, want: field.ErrNotSupported, path: "kind"},
		{name: "no name", change: func(c cfg) { c.Providers[1].Name = "" }, want: field.ErrRequired, path: "providers[1].name"},
		{name: "name with a slash", change: func(c cfg) { c.Providers[1].Name = "bin/corp" }, want: field.ErrInvalid, path: "providers[1].name"},
		{name: "name with a space", change: func(c cfg) { c.Providers[1].Name = "corp registry" }, want: field.ErrInvalid, path: "providers[1].name"},
		{name: "name ..", change: func(c cfg) { c.Providers[1].Name = ".." }, want: field.ErrInvalid, path: "providers[1].name"},
		{name: "name with a newline", change: func(c cfg) { c.Providers[1].Name = "corp\n" }, want: field.ErrInvalid, path: "providers[1].name"},
		{name: "name twice", change: func(c cfg) { c.Providers[1].Name = c.Providers[0].Name }, want: field.ErrDuplicate, path: "providers[1].name"},
		{name: "no pattern", change: func(c cfg) { c.Providers[0].MatchImages = nil }, want: field.ErrRequired, path: "providers[0].matchImages"},
		{name: "unparsable pattern", change: func(c cfg) { c.Providers[0].MatchImages[1] = "bad host/x" }, want: field.ErrInvalid, path: "providers[0].matchImages[1]"},
		{name: "empty pattern", change: func(c cfg) { c.Providers[0].MatchImages[1] = "" }, want: field.ErrInvalid, path: "providers[0].matchImages[1]"},
		{name: "pattern with a scheme", change: func(c cfg) { c.Providers[0].MatchImages[0] = "https://gcr.io" }, want: field.ErrInvalid, path: "providers[0].matchImages[0]"},
		{name: "glob in the path", change: func(c cfg) { c.Providers[1].MatchImages[0] = "registry.corp.example/*" }, want: field.ErrInvalid, path: "providers[1].matchImages[0]"},
		{name: "glob in the port", change: func(c cfg) { c.Providers[1].MatchImages[0] = "registry.corp.example:*" }, want: field.ErrInvalid, path: "providers[1].matchImages[0]"},
		{name: "no cache duration", change: func(c cfg) { c.Providers[0].DefaultCacheDuration = nil }, want: field.ErrRequired, path: "providers[0].defaultCacheDuration"},
		{name: "negative cache duration", change: func(c cfg) { c.Providers[0].DefaultCacheDuration.Duration = -time.Second }, want: field.ErrInvalid, path: "providers[0].defaultCacheDuration"},
		{name: "no plugin apiVersion", change: func(c cfg) { c.Providers[0].APIVersion = "" }, want: field.ErrRequired, path: "providers[0].apiVersion"},
		{name: "unknown plugin apiVersion", change: func(c cfg) { c.Providers[0].APIVersion = "credentialprovider.kubelet.k8s.io/v2" }, want: field.ErrNotSupported, path: "providers[0].apiVersion"},
		{name: "v1 plugin API in 1.25", target: v(25), change: func(c cfg) { c.Providers[0].APIVersion = "credentialprovider.kubelet.k8s.io/v1" }, want: field.ErrNotSupported, path: "providers[0].apiVersion"},
		{name: "gate off in 1.25", target: v(25), gates: map[string]bool{"KubeletCredentialProviders": false}, want: field.ErrConflict, path: "featureGates.KubeletCredentialProviders"},
		{name: "arg with NUL", change: func(c cfg) { c.Providers[0].Args[0] = "a\x00b" }, want: field.ErrInvalid, path: "providers[0].args[0]"},
		{name: "env without name", change: func(c cfg) { c.Providers[0].Env[0].Name = "" }, want: field.ErrRequired, path: "providers[0].env[0].name"},
		{name: "env name with =", change: func(c cfg) { c.Providers[0].Env[0].Name = "A=B" }, want: field.ErrInvalid, path: "providers[0].env[0].name"},
		{name: "env value with NUL", change: func(c cfg) { c.Providers[0].Env[0].Value = "s3cr\x00t" }, want: field.ErrInvalid, path: "providers[0].env[0].value", noValue: true},
		{name: "token before 1.33", target: v(32), change: addToken(nil), want: field.ErrNotSupported, path: "providers[2].tokenAttributes"},
		{name: "token in 1.33 without its gate", target: v(33), change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.CacheType = "" }),
			want: field.ErrForbidden, path: "providers[2].tokenAttributes"},
		{name: "cacheType in 1.33", target: v(33), gates: map[string]bool{"KubeletServiceAccountTokenForCredentialProviders": true}, change: addToken(nil),
			want: field.ErrNotSupported, path: "providers[2].tokenAttributes.cacheType"},
		{name: "token with its gate off", gates: map[string]bool{"KubeletServiceAccountTokenForCredentialProviders": false}, change: addToken(nil),
			want: field.ErrForbidden, path: "providers[2].tokenAttributes"},
		{name: "token with an old plugin API", change: addToken(func(p *credentialproviderv1.CredentialProvider) {
			p.APIVersion = "credentialprovider.kubelet.k8s.io/v1beta1"
		}),
			want: field.ErrForbidden, path: "providers[2].tokenAttributes"},
		{name: "token without audience", change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.ServiceAccountTokenAudience = "" }),
			want: field.ErrRequired, path: "providers[2].tokenAttributes.serviceAccountTokenAudience"},
		{name: "token without requireServiceAccount", change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.RequireServiceAccount = nil }),
			want: field.ErrRequired, path: "providers[2].tokenAttributes.requireServiceAccount"},
		{name: "required keys without a service account", change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.RequireServiceAccount = ptr(false) }),
			want: field.ErrForbidden, path: "providers[2].tokenAttributes.requiredServiceAccountAnnotationKeys"},
		{name: "bad annotation key", change: addToken(func(p *credentialproviderv1.CredentialProvider) {
			p.TokenAttributes.OptionalServiceAccountAnnotationKeys = []string{"a b"}
		}), want: field.ErrInvalid, path: "providers[2].tokenAttributes.optionalServiceAccountAnnotationKeys[0]"},
		{name: "annotation key twice", change: addToken(func(p *credentialproviderv1.CredentialProvider) {
			p.TokenAttributes.RequiredServiceAccountAnnotationKeys = []string{"a", "a"}
		}), want: field.ErrDuplicate, path: "providers[2].tokenAttributes.requiredServiceAccountAnnotationKeys[1]"},
		{name: "annotation key required and optional", change: addToken(func(p *credentialproviderv1.CredentialProvider) {
			p.TokenAttributes.OptionalServiceAccountAnnotationKeys = []string{"registry.example/identity"}
		}), want: field.ErrInvalid, path: "providers[2].tokenAttributes.optionalServiceAccountAnnotationKeys[0]"},
		{name: "no cacheType", change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.CacheType = "" }),
			want: field.ErrRequired, path: "providers[2].tokenAttributes.cacheType"},
		{name: "unknown cacheType", change: addToken(func(p *credentialproviderv1.CredentialProvider) { p.TokenAttributes.CacheType = "Pod" }),
			want: field.ErrNotSupported, path: "providers[2].tokenAttributes.cacheType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target.IsZero() {
				target = v137
			}
			c := validCredentialProvider()
			if tt.change != nil {
				tt.change(c)
			}
			binDir := pluginDir
			switch tt.binDir {
			case "":
			case "-":
				binDir = ""
			default:
				binDir = tt.binDir
			}
			in, err := kubelet.NewInstaller(kubelet.WithVersion(target.String()), kubelet.WithCredentialProvider(c, binDir),
				kubelet.WithEdit(func(kc *kubelet.Config) { kc.FeatureGates = tt.gates }))
			assert.Nil(t, in)
			fieldtest.RequireExactly(t, err, fieldtest.Match(tt.want, tt.path))
			if tt.noValue {
				fieldtest.RequireNoSecret(t, err, "s3cr") // an env value is never shown
			}
		})
	}
}

// addToken appends tokenProvider, changed by change, as providers[2].
func addToken(change func(*credentialproviderv1.CredentialProvider)) func(*credentialproviderv1.CredentialProviderConfig) {
	return func(c *credentialproviderv1.CredentialProviderConfig) {
		p := tokenProvider()
		if change != nil {
			change(&p)
		}
		c.Providers = append(c.Providers, p)
	}
}

// The token attributes pass where the target has them and their gate is
// on: by default from 1.34, through featureGates in 1.33 (without
// cacheType, a field 1.33 lacks).
func TestCredentialProviderTokenAttributesByTarget(t *testing.T) {
	for _, tt := range []struct {
		version string
		gates   map[string]bool
		noCache bool
	}{
		{"1.34", nil, false},
		{"1.37", map[string]bool{"KubeletServiceAccountTokenForCredentialProviders": true}, false},
		{"1.33", map[string]bool{"KubeletServiceAccountTokenForCredentialProviders": true}, true},
	} {
		c := validCredentialProvider()
		addToken(func(p *credentialproviderv1.CredentialProvider) {
			if tt.noCache {
				p.TokenAttributes.CacheType = ""
			}
		})(c)
		_, err := kubelet.NewInstaller(kubelet.WithVersion(tt.version), kubelet.WithCredentialProvider(c, pluginDir),
			kubelet.WithEdit(func(kc *kubelet.Config) { kc.FeatureGates = tt.gates }))
		assert.NoError(t, err, tt.version)
	}
}

// Every problem is reported at once, the caller's config is copied, and
// a nil config takes the provider away.
func TestCredentialProviderOption(t *testing.T) {
	c := validCredentialProvider()
	c.Providers[0].Name = ""
	c.Providers[1].MatchImages = nil
	_, err := kubelet.NewInstaller(kubelet.WithCredentialProvider(c, "plugins"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "kubelet --image-credential-provider-bin-dir").Value("plugins"),
		fieldtest.Match(field.ErrRequired, "providers[0].name"),
		fieldtest.Match(field.ErrRequired, "providers[1].matchImages"))

	c = validCredentialProvider()
	in, err := kubelet.NewInstaller(kubelet.WithCredentialProvider(c, pluginDir))
	require.NoError(t, err)
	c.Providers[0].Name = "changed"
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(plan.File(kubelet.CredentialProviderConfigPath).Content), "name: ecr-credential-provider")

	in, err = kubelet.NewInstaller(kubelet.WithCredentialProvider(c, pluginDir), kubelet.WithCredentialProvider(nil, ""))
	require.NoError(t, err)
	plan, err = in.Plan(context.Background())
	require.NoError(t, err)
	assert.Nil(t, plan.File(kubelet.CredentialProviderConfigPath))
	assert.NotContains(t, strings.Join(in.Flags().Args(), " "), "credential")
}
