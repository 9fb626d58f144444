package crio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func validRegistries() *crio.RegistriesConfig {
	return &crio.RegistriesConfig{
		UnqualifiedSearchRegistries: []string{"docker.io", "quay.io"},
		ShortNameMode:               crio.ShortNameEnforcing,
		Registries: []crio.Registry{
			{Prefix: "docker.io", Location: "docker.io", Mirrors: []crio.RegistryMirror{
				{Location: "mirror.example/dockerhub"},
				{Location: "10.0.0.1:5000", Insecure: true, Extra: map[string]any{"pull-from-mirror": "digest-only"}},
			}},
			{Prefix: "*.internal.example", Blocked: true},
			{Location: "registry.local:5000", Insecure: true},
		},
		Extra: map[string]any{"credential-helpers": []any{"containers-auth.json"}},
	}
}

func TestRegistriesFromMirrors(t *testing.T) {
	rc, err := crio.RegistriesFromMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example/dockerhub/"},
		{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"},
		{Registry: "docker.io", URL: "http://10.0.0.1:5000"},
	})
	require.NoError(t, err)
	assert.Equal(t, &crio.RegistriesConfig{Registries: []crio.Registry{
		{Prefix: "docker.io", Location: "docker.io", Mirrors: []crio.RegistryMirror{
			{Location: "mirror.example/dockerhub"},
			{Location: "10.0.0.1:5000", Insecure: true},
		}},
		{Prefix: "registry.k8s.io", Location: "registry.k8s.io", Mirrors: []crio.RegistryMirror{{Location: "k8s.mirror.example"}}},
	}}, rc)

	none, err := crio.RegistriesFromMirrors(nil)
	require.NoError(t, err)
	assert.Equal(t, &crio.RegistriesConfig{}, none)
}

func TestRegistriesFromMirrorsRefuses(t *testing.T) {
	_, err := crio.RegistriesFromMirrors([]runtime.Mirror{
		{Registry: runtime.DefaultRegistry, URL: "https://m.example"},
		{Registry: "docker.io", URL: "ftp://m.example"},
	})
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "mirrors[0].registry")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "mirrors[1].url")
}

func TestRegistriesRenderGoldenAndRoundTrip(t *testing.T) {
	data, err := validRegistries().Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/registries.conf", data, *update)
	back, err := crio.ParseRegistries(data)
	require.NoError(t, err)
	assert.Equal(t, validRegistries(), back)
	again, err := back.Render()
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
}

func TestRegistriesValidate(t *testing.T) {
	require.NoError(t, validRegistries().Validate())
	tests := []struct {
		name     string
		mutate   func(*crio.RegistriesConfig)
		sentinel error
		path     string
	}{
		{"search registry with a path", func(rc *crio.RegistriesConfig) { rc.UnqualifiedSearchRegistries[0] = "docker.io/library" },
			field.ErrInvalid, "unqualified-search-registries[0]"},
		{"duplicate search registry", func(rc *crio.RegistriesConfig) { rc.UnqualifiedSearchRegistries[1] = "docker.io" },
			field.ErrDuplicate, "unqualified-search-registries[1]"},
		{"unknown short-name mode", func(rc *crio.RegistriesConfig) { rc.ShortNameMode = "strict" }, field.ErrNotSupported, "short-name-mode"},
		{"scheme in location", func(rc *crio.RegistriesConfig) { rc.Registries[0].Location = "https://docker.io" }, field.ErrInvalid, "registry[0].location"},
		{"scheme in prefix", func(rc *crio.RegistriesConfig) { rc.Registries[0].Prefix = "http://docker.io" }, field.ErrInvalid, "registry[0].prefix"},
		{"neither prefix nor location", func(rc *crio.RegistriesConfig) { rc.Registries[2].Location = "" }, field.ErrRequired, "registry[2].location"},
		{"no location for a plain prefix", func(rc *crio.RegistriesConfig) { rc.Registries[0].Location = "" }, field.ErrRequired, "registry[0].location"},
		{"mirror without location", func(rc *crio.RegistriesConfig) { rc.Registries[0].Mirrors[0].Location = "" },
			field.ErrRequired, "registry[0].mirror[0].location"},
		{"scheme in mirror", func(rc *crio.RegistriesConfig) { rc.Registries[0].Mirrors[1].Location = "http://10.0.0.1:5000" },
			field.ErrInvalid, "registry[0].mirror[1].location"},
		{"same prefix twice", func(rc *crio.RegistriesConfig) {
			rc.Registries[2].Prefix = "docker.io"
			rc.Registries[2].Location = "docker.io"
		},
			field.ErrDuplicate, "registry[2].prefix"},
		{"same location, other insecure", func(rc *crio.RegistriesConfig) {
			rc.Registries = append(rc.Registries, crio.Registry{Prefix: "docker.io/library", Location: "docker.io", Insecure: true})
		}, field.ErrConflict, "registry[3].location"},
		{"typed key in Extra", func(rc *crio.RegistriesConfig) { rc.Registries[0].Extra = map[string]any{"blocked": true} },
			field.ErrConflict, "registry[0].blocked"},
		{"typed top-level key in Extra", func(rc *crio.RegistriesConfig) { rc.Extra["registry"] = []any{} }, field.ErrConflict, "registry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := validRegistries()
			tt.mutate(rc)
			fieldtest.RequireProblem(t, rc.Validate(), tt.sentinel, tt.path)
			_, err := rc.Render()
			fieldtest.RequireProblem(t, err, tt.sentinel, tt.path)
		})
	}
}

func TestRegistriesValidateCollectsEveryProblem(t *testing.T) {
	rc := validRegistries()
	rc.ShortNameMode = "x"
	rc.Registries[0].Location = "https://docker.io"
	rc.Registries[0].Mirrors[0].Location = ""
	fieldtest.RequireExactly(t, rc.Validate(),
		fieldtest.Match(field.ErrNotSupported, "short-name-mode"),
		fieldtest.Match(field.ErrInvalid, "registry[0].location"),
		fieldtest.Match(field.ErrRequired, "registry[0].mirror[0].location"))
}

func TestParseRegistriesRefuses(t *testing.T) {
	tests := []struct {
		name, file string
		sentinel   error
		path       string
	}{
		{"version 1", "[registries.search]\nregistries = ['docker.io']\n", field.ErrInvalid, "registries"},
		{"registry not an array of tables", "registry = 'docker.io'\n", field.ErrInvalid, "registry"},
		{"insecure not a boolean", "[[registry]]\nlocation = 'docker.io'\ninsecure = 'yes'\n", field.ErrInvalid, "registry[0].insecure"},
		{"search not strings", "unqualified-search-registries = [1]\n", field.ErrInvalid, "unqualified-search-registries[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crio.ParseRegistries([]byte(tt.file))
			fieldtest.RequireProblem(t, err, tt.sentinel, tt.path)
		})
	}
}
