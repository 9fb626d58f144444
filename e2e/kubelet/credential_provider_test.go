package kubelet_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	credentialproviderv1 "k8s.io/kubelet/config/v1"

	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/kubelet"
)

// pluginDir is the plugins' directory the rendered flags name.
const pluginDir = "/usr/libexec/kubernetes/kubelet-plugins/credential-provider/exec"

// credentialProviders is a config valid for every target: one provider
// per exec plugin API that 1.24 already speaks, with args, env and a zero
// cache duration.
func credentialProviders() *credentialproviderv1.CredentialProviderConfig {
	return &credentialproviderv1.CredentialProviderConfig{Providers: []credentialproviderv1.CredentialProvider{
		{
			Name:                 "ecr-credential-provider",
			MatchImages:          []string{"*.dkr.ecr.*.amazonaws.com", "registry.corp.example:5000/team"},
			DefaultCacheDuration: &metav1.Duration{Duration: 12 * time.Hour},
			APIVersion:           "credentialprovider.kubelet.k8s.io/v1beta1",
			Args:                 []string{"get-credentials"},
			Env:                  []credentialproviderv1.ExecEnvVar{{Name: "AWS_PROFILE", Value: "nodes"}},
		},
		{
			Name:                 "corp-registry",
			MatchImages:          []string{"*.corp.example"},
			DefaultCacheDuration: &metav1.Duration{},
			APIVersion:           "credentialprovider.kubelet.k8s.io/v1alpha1",
		},
	}}
}

// withTokenProvider adds a provider that takes a service account token
// (1.34 and later) and one on the v1 plugin API.
func withTokenProvider(c *credentialproviderv1.CredentialProviderConfig) *credentialproviderv1.CredentialProviderConfig {
	c.Providers = append(c.Providers, credentialproviderv1.CredentialProvider{
		Name:                 "workload-identity",
		MatchImages:          []string{"*-docker.pkg.dev"},
		DefaultCacheDuration: &metav1.Duration{Duration: time.Minute},
		APIVersion:           "credentialprovider.kubelet.k8s.io/v1",
		TokenAttributes: &credentialproviderv1.ServiceAccountTokenAttributes{
			ServiceAccountTokenAudience:          "registry.example",
			CacheType:                            credentialproviderv1.TokenServiceAccountTokenCacheType,
			RequireServiceAccount:                ptr(true),
			RequiredServiceAccountAnnotationKeys: []string{"registry.example/identity"},
		},
	})
	return c
}

// registerCredentialProviders writes config and a plugins' directory with
// an executable named as each of names (never run), then runs the
// kubelet's registration of them.
func registerCredentialProviders(t *testing.T, config []byte, names ...string) realcheck.CheckerResult {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "credential-provider.yaml")
	require.NoError(t, os.WriteFile(file, config, 0o600))
	bin := filepath.Join(dir, "bin")
	require.NoError(t, os.Mkdir(bin, 0o755))
	for _, n := range names {
		require.NoError(t, os.WriteFile(filepath.Join(bin, n), []byte("#!/bin/sh\nexit 1\n"), 0o755))
	}
	return realcheck.RunKubeletChecker(t, "credential-provider", file, bin)
}

func providerNames(c *credentialproviderv1.CredentialProviderConfig) []string {
	var names []string
	for _, p := range c.Providers {
		names = append(names, p.Name)
	}
	return names
}

// TestCredentialProviderConfigRegistersInTheKubelet gives the kubelet's
// own registration the file the Installer writes for each target: the
// v1beta1 file of 1.24 and 1.25, the v1 file from 1.26, with service
// account token attributes from 1.34. The checker's kubelet reads every
// one strictly and accepts it.
func TestCredentialProviderConfigRegistersInTheKubelet(t *testing.T) {
	for _, tt := range []struct {
		version, apiVersion string
		config              *credentialproviderv1.CredentialProviderConfig
	}{
		{"1.24", kubelet.CredentialProviderAPIVersionBeta, credentialProviders()},
		{"1.25", kubelet.CredentialProviderAPIVersionBeta, credentialProviders()},
		{"1.26", kubelet.CredentialProviderAPIVersion, credentialProviders()},
		{"1.37", kubelet.CredentialProviderAPIVersion, withTokenProvider(credentialProviders())},
	} {
		t.Run(tt.version, func(t *testing.T) {
			in, err := kubelet.NewInstaller(kubelet.WithVersion(tt.version), kubelet.WithCredentialProvider(tt.config, pluginDir))
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			data := plan.File(kubelet.CredentialProviderConfigPath).Content
			assert.Contains(t, string(data), "apiVersion: "+tt.apiVersion+"\n")
			res := registerCredentialProviders(t, data, providerNames(tt.config)...)
			require.Equal(t, 0, res.Code, "the kubelet refused:\n%s\n--- file:\n%s", res.Stderr, data)
		})
	}
}

// TestKubeletStopsWithoutItsPlugins pins what WithCredentialProvider's doc
// says: the Installer ships no plugin, and the kubelet stops at start when
// a provider's executable is missing.
func TestKubeletStopsWithoutItsPlugins(t *testing.T) {
	in, err := kubelet.NewInstaller(kubelet.WithCredentialProvider(credentialProviders(), pluginDir))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	res := registerCredentialProviders(t, plan.File(kubelet.CredentialProviderConfigPath).Content, "ecr-credential-provider")
	assert.NotEqual(t, 0, res.Code)
	// The 1.37.2 kubelet names no file here: it prints the path LookPath
	// returned, empty on failure.
	assert.Contains(t, res.Stderr, "plugin binary executable")
}

// asFile is the config as a file with the v1 TypeMeta, written by
// encoding/json (JSON is YAML to the kubelet's decoder), so a value
// kubenode refuses can still reach the kubelet.
func asFile(t *testing.T, c *credentialproviderv1.CredentialProviderConfig) []byte {
	t.Helper()
	c.APIVersion, c.Kind = kubelet.CredentialProviderAPIVersion, kubelet.CredentialProviderKind
	data, err := json.Marshal(c)
	require.NoError(t, err)
	return data
}

// credentialProviderChange names changes that each break one thing of
// credentialProviders.
type credentialProviderChange map[string]func(*credentialproviderv1.CredentialProviderConfig)

// TestKubenodeAndTheKubeletRefuseTheSameCredentialProviders feeds configs
// kubenode refuses to the kubelet's registration: it refuses them too.
func TestKubenodeAndTheKubeletRefuseTheSameCredentialProviders(t *testing.T) {
	for name, change := range (credentialProviderChange{
		"no provider":       func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers = nil },
		"name with a slash": func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].Name = "bin/corp" },
		"name with a space": func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].Name = "corp registry" },
		"name twice":        func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].Name = c.Providers[0].Name },
		"no pattern":        func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].MatchImages = nil },
		"unparsable pattern": func(c *credentialproviderv1.CredentialProviderConfig) {
			c.Providers[1].MatchImages = []string{"bad host"}
		},
		"no cache duration": func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].DefaultCacheDuration = nil },
		"negative duration": func(c *credentialproviderv1.CredentialProviderConfig) {
			c.Providers[1].DefaultCacheDuration.Duration = -time.Second
		},
		"no plugin apiVersion": func(c *credentialproviderv1.CredentialProviderConfig) { c.Providers[1].APIVersion = "" },
		"unknown plugin apiVersion": func(c *credentialproviderv1.CredentialProviderConfig) {
			c.Providers[1].APIVersion = "credentialprovider.kubelet.k8s.io/v2"
		},
		"token without cacheType": func(c *credentialproviderv1.CredentialProviderConfig) {
			withTokenProvider(c).Providers[2].TokenAttributes.CacheType = ""
		},
		"token on the v1beta1 plugin API": func(c *credentialproviderv1.CredentialProviderConfig) {
			withTokenProvider(c).Providers[2].APIVersion = "credentialprovider.kubelet.k8s.io/v1beta1"
		},
	}) {
		t.Run(name, func(t *testing.T) {
			c := credentialProviders()
			change(c)
			_, err := kubelet.NewInstaller(kubelet.WithVersion(CheckerVersion), kubelet.WithCredentialProvider(c, pluginDir))
			assert.Error(t, err, "kubenode accepts it")
			res := registerCredentialProviders(t, asFile(t, c), "ecr-credential-provider", "corp-registry", "workload-identity", "bin")
			assert.NotEqual(t, 0, res.Code, "the kubelet accepts it:\n%s", res.Stdout)
			// Its reading or validation, not a missing plugin, refuses it.
			assert.NotContains(t, res.Stderr, "plugin binary")
		})
	}
}

// TestKubenodeRefusesPatternsTheKubeletNeverMatches pins patterns the
// kubelet's validation lets through although no image can match them:
// kubenode refuses them when it writes the file.
func TestKubenodeRefusesPatternsTheKubeletNeverMatches(t *testing.T) {
	for name, pattern := range map[string]string{
		"scheme":       "https://registry.corp.example",
		"glob in path": "registry.corp.example/team/*",
		"empty":        "",
	} {
		t.Run(name, func(t *testing.T) {
			c := credentialProviders()
			c.Providers[1].MatchImages = []string{pattern}
			_, err := kubelet.NewInstaller(kubelet.WithVersion(CheckerVersion), kubelet.WithCredentialProvider(c, pluginDir))
			assert.Error(t, err)
			res := registerCredentialProviders(t, asFile(t, c), providerNames(c)...)
			assert.Equal(t, 0, res.Code, res.Stderr)
		})
	}
}

// TestUnknownCredentialProviderFieldStopsTheKubelet: the kubelet decodes
// the file strictly, so a misspelt key is fatal; kubenode writes the file
// from the upstream type and cannot misspell one.
func TestUnknownCredentialProviderFieldStopsTheKubelet(t *testing.T) {
	data := []byte("apiVersion: kubelet.config.k8s.io/v1\nkind: CredentialProviderConfig\nproviders:\n" +
		"- name: corp-registry\n  matchImage:\n  - '*.corp.example'\n  defaultCacheDuration: 0s\n  apiVersion: credentialprovider.kubelet.k8s.io/v1\n")
	res := registerCredentialProviders(t, data, "corp-registry")
	assert.NotEqual(t, 0, res.Code)
	assert.Contains(t, res.Stderr, "matchImage")
}
