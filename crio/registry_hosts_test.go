package crio_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// The secrets of workerRegistries: each must appear in the auth file or
// the client key only.
const (
	testPassword = "s3cret-Pa55word"
	testToken    = "eyJ0b2tlbi1zZWNyZXQifQ"
)

// workerRegistries are the worker pool: a private registry with
// its own CA, a client certificate and a password, an insecure dev
// registry, Docker Hub through a CA-signed mirror and a digest-only one,
// and quay.io with an identity token.
func workerRegistries(pki testpki.PKI) []runtime.Registry {
	return []runtime.Registry{
		{Host: "registry.corp.example", CA: pki.CA, ClientCert: pki.ClientCert, ClientKey: pki.ClientKey,
			Auth: &runtime.RegistryAuth{Username: "puller", Password: testPassword}},
		{Host: "dev-registry.corp.example:5000", PlainHTTP: true},
		{Host: "docker.io", CA: pki.CA, Mirrors: []runtime.RegistryMirror{
			{URL: "https://mirror.corp.example/dockerhub/"},
			{URL: "http://10.0.0.1:5000", Capabilities: []runtime.Capability{runtime.CapabilityPull}},
		}},
		{Host: "quay.io", Auth: &runtime.RegistryAuth{IdentityToken: testToken}},
	}
}

// workerInstaller plans the worker pool, with the gpu pool's handlers
// and its own data locations.
func workerInstaller(t *testing.T, pki testpki.PKI, more ...crio.InstallerOption) *crio.Installer {
	t.Helper()
	opts := append([]crio.InstallerOption{
		crio.WithVersion("1.34"),
		crio.WithRegistryHosts(workerRegistries(pki)),
		crio.WithRuntimeHandlers(gpuHandlers()),
		crio.WithStorage("/data/containers/storage", "/run/containers/storage"),
	}, more...)
	in, err := crio.NewInstaller(opts...)
	require.NoError(t, err)
	return in
}

func TestInstallerRegistryHostsGolden(t *testing.T) {
	plan, err := workerInstaller(t, testpki.New(t, "registry.corp.example")).Plan(context.Background())
	require.NoError(t, err)
	txt, err := plan.Txtar()
	require.NoError(t, err)
	for _, s := range []string{testPassword, testToken, base64.StdEncoding.EncodeToString([]byte("puller:" + testPassword)), "PRIVATE KEY"} {
		require.NotContains(t, string(txt), s, "a secret in the golden file")
	}
	plantest.Golden(t, "testdata/node-registry-hosts.txtar", plan, *update)
}

func TestInstallerRegistryHostsFiles(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	in := workerInstaller(t, pki)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)

	key := plan.File("/etc/containers/certs.d/registry.corp.example/client.key")
	require.NotNil(t, key)
	assert.Equal(t, 0o600, int(key.Mode))
	assert.Equal(t, pki.ClientKey.Reveal(), string(key.Content))
	assert.Empty(t, key.RestartUnits, "containers/image reads certs.d on each pull")
	for _, p := range []string{
		"/etc/containers/certs.d/registry.corp.example/ca.crt",
		"/etc/containers/certs.d/docker.io/ca.crt",
		"/etc/containers/certs.d/mirror.corp.example/ca.crt",
	} {
		f := plan.File(p)
		require.NotNil(t, f, p)
		assert.Equal(t, string(pki.CA), string(f.Content), p)
		assert.Equal(t, 0o644, int(f.Mode), p)
	}
	assert.Nil(t, plan.File("/etc/containers/certs.d/10.0.0.1:5000/ca.crt"), "a plain-HTTP mirror has no TLS")
	assert.Nil(t, plan.File("/etc/containers/certs.d/docker.io/client.cert"))

	auth := plan.File(crio.AuthFile)
	require.NotNil(t, auth)
	assert.Equal(t, 0o600, int(auth.Mode))
	assert.Empty(t, auth.RestartUnits, "CRI-O reads global_auth_file on each pull")
	var got struct {
		Auths map[string]struct {
			Auth          string `json:"auth"`
			IdentityToken string `json:"identitytoken"`
		} `json:"auths"`
	}
	require.NoError(t, json.Unmarshal(auth.Content, &got))
	require.Len(t, got.Auths, 2)
	userPass, err := base64.StdEncoding.DecodeString(got.Auths["registry.corp.example"].Auth)
	require.NoError(t, err)
	assert.Equal(t, "puller:"+testPassword, string(userPass))
	assert.Equal(t, testToken, got.Auths["quay.io"].IdentityToken)
	tokenUser, err := base64.StdEncoding.DecodeString(got.Auths["quay.io"].Auth)
	require.NoError(t, err)
	assert.Equal(t, "<token>:", string(tokenUser), "containers/image drops an entry whose auth is not user:password")

	dropIn, err := crio.Parse(plan.File(in.DropInPath()).Content)
	require.NoError(t, err)
	assert.Equal(t, crio.AuthFile, dropIn.Image.GlobalAuthFile)
	assert.Equal(t, []string{crio.UnitName}, plan.File(in.DropInPath()).RestartUnits, "naming the auth file is a restart")

	rc, err := crio.ParseRegistries(plan.File(in.RegistriesPath()).Content)
	require.NoError(t, err)
	assert.Equal(t, []crio.Registry{
		{Prefix: "dev-registry.corp.example:5000", Location: "dev-registry.corp.example:5000", Insecure: true},
		{Prefix: "docker.io", Location: "docker.io", Mirrors: []crio.RegistryMirror{
			{Location: "mirror.corp.example/dockerhub"},
			{Location: "10.0.0.1:5000", Insecure: true, Extra: map[string]any{"pull-from-mirror": "digest-only"}},
		}},
	}, rc.Registries, "entries only where registries.conf has something to say")
}

// TestRegistryHostsSecretsStayInTheirFiles: no rendered file but the auth
// file and the client key, no warning and no refusal holds a secret.
func TestRegistryHostsSecretsStayInTheirFiles(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	secrets := []string{testPassword, testToken, pki.ClientKey.Reveal()}
	in := workerInstaller(t, pki)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, f := range plan.Files {
		if f.Path == crio.AuthFile || strings.HasSuffix(f.Path, "/client.key") {
			continue
		}
		for _, s := range secrets {
			assert.NotContains(t, string(f.Content), s, f.Path)
		}
	}
	assert.Empty(t, in.Warnings())

	// Refusals print the entry, never its secrets.
	regs := workerRegistries(pki)
	regs[0].Auth.Username = "a:b"
	regs[0].PlainHTTP = true
	regs[3].Auth.Username = "robot"
	_, err = crio.NewInstaller(crio.WithRegistryHosts(regs))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrForbidden, `registries."registry.corp.example".plainHTTP`),
		fieldtest.Match(field.ErrInvalid, `registries."registry.corp.example".auth.username`).Value("a:b"),
		fieldtest.Match(field.ErrForbidden, `registries."quay.io".auth.identityToken`))
	fieldtest.RequireNoSecret(t, err, append(secrets, base64.StdEncoding.EncodeToString([]byte(testPassword)))...)
}

func TestWithRegistryHostsRefuses(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	other := testpki.New(t, "other.corp.example")
	other.CA = pki.ClientCert // another certificate: a CA bundle of its own
	pull := []runtime.Capability{runtime.CapabilityPull}
	tests := []struct {
		name    string
		target  string
		regs    []runtime.Registry
		install []crio.InstallerOption
		errs    []fieldtest.Matcher
	}{
		{"the registry's own problems, by host", "1.34", []runtime.Registry{
			{Host: "Registry.Example"},
			{Host: "r.example", Auth: &runtime.RegistryAuth{Username: "u"}},
		}, nil, []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, `registries."Registry.Example".host`),
			fieldtest.Match(field.ErrRequired, `registries."r.example".auth`),
		}},
		{"a host twice", "1.34", []runtime.Registry{{Host: "r.example"}, {Host: "r.example", PlainHTTP: true}}, nil,
			[]fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, `registries."r.example".host`)}},
		{"a resolve-only mirror", "1.34", []runtime.Registry{{Host: "docker.io", Mirrors: []runtime.RegistryMirror{
			{URL: "https://m.example", Capabilities: []runtime.Capability{runtime.CapabilityResolve}},
		}}}, nil, []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, `registries."docker.io".mirrors[0].capabilities`)}},
		{"a pull-only mirror before 1.25", "1.24", []runtime.Registry{{Host: "docker.io", Mirrors: []runtime.RegistryMirror{
			{URL: "https://m.example"}, {URL: "https://d.example", Capabilities: pull},
		}}}, nil, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, `registries."docker.io".mirrors[1].capabilities`)}},
		{"two CAs for one mirror", "1.34", []runtime.Registry{
			{Host: "docker.io", CA: pki.CA, Mirrors: []runtime.RegistryMirror{{URL: "https://m.example"}}},
			{Host: "quay.io", CA: other.CA, Mirrors: []runtime.RegistryMirror{{URL: "https://m.example/quay"}}},
		}, nil, []fieldtest.Matcher{
			fieldtest.Match(field.ErrConflict, `registries."quay.io".ca`).Value("/etc/containers/certs.d/m.example/ca.crt"),
		}},
		{"a registry WithMirrors names too", "1.34", []runtime.Registry{{Host: "docker.io", PlainHTTP: true}},
			[]crio.InstallerOption{crio.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://m.example"}})},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, `registries."docker.io"`)}},
		{"another auth file in the Config", "1.34", []runtime.Registry{{Host: "r.example", Auth: &runtime.RegistryAuth{IdentityToken: "t"}}},
			[]crio.InstallerOption{crio.WithEdit(func(c *crio.Config) { c.Image.GlobalAuthFile = "/etc/crio/other.json" })},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "crio.image.global_auth_file").Value("/etc/crio/other.json")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]crio.InstallerOption{crio.WithVersion(tt.target), crio.WithRegistryHosts(tt.regs)}, tt.install...)
			_, err := crio.NewInstaller(opts...)
			fieldtest.RequireExactly(t, err, tt.errs...)
		})
	}
}

// TestWithRegistryHostsAddsToMirrors: the old mirror list and the new
// registries share one registries.conf drop-in, the mirror list first.
func TestWithRegistryHostsAddsToMirrors(t *testing.T) {
	in, err := crio.NewInstaller(
		crio.WithRegistryHosts([]runtime.Registry{{Host: "dev.example:5000", PlainHTTP: true}, {Host: "quiet.example"}}),
		crio.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://m.example"}}),
	)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	rc, err := crio.ParseRegistries(plan.File(in.RegistriesPath()).Content)
	require.NoError(t, err)
	require.Len(t, rc.Registries, 2)
	assert.Equal(t, "docker.io", rc.Registries[0].Prefix)
	assert.Equal(t, crio.Registry{Prefix: "dev.example:5000", Location: "dev.example:5000", Insecure: true}, rc.Registries[1])
	assert.Nil(t, plan.File(crio.AuthFile), "no credentials, no auth file")

	dropIn, err := crio.Parse(plan.File(in.DropInPath()).Content)
	require.NoError(t, err)
	assert.Empty(t, dropIn.Image.GlobalAuthFile)
}

// TestWithRegistryHostsCopies: the Installer keeps its own copy.
func TestWithRegistryHostsCopies(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	regs := workerRegistries(pki)
	opt := crio.WithRegistryHosts(regs)
	regs[0].Auth.Password = "changed"
	regs[2].Mirrors[0].URL = "https://changed.example"
	regs[0].CA[0] = 'X'
	in, err := crio.NewInstaller(opt, crio.WithRuntimeHandlers(gpuHandlers()),
		crio.WithStorage("/data/containers/storage", "/run/containers/storage"))
	require.NoError(t, err)
	want := workerInstaller(t, testpki.New(t, "registry.corp.example"))
	got, err := in.Plan(context.Background())
	require.NoError(t, err)
	wantPlan, err := want.Plan(context.Background())
	require.NoError(t, err)
	for _, p := range []string{crio.AuthFile, "/etc/containers/certs.d/registry.corp.example/ca.crt", want.RegistriesPath()} {
		assert.Equal(t, string(wantPlan.File(p).Content), string(got.File(p).Content), p)
	}
}

// TestRegistryHostsPEMIsReencoded: certs.d files hold the PEM blocks
// only, each file ending in a newline, whatever surrounds them in the
// input.
func TestRegistryHostsPEMIsReencoded(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	ca := append([]byte("# corp CA, issued 2026\n"), strings.TrimSuffix(string(pki.CA), "\n")...)
	in, err := crio.NewInstaller(crio.WithRegistryHosts([]runtime.Registry{{Host: "r.example", CA: ca}}))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Equal(t, string(pki.CA), string(plan.File("/etc/containers/certs.d/r.example/ca.crt").Content))
}
