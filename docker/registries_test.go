package docker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

const (
	privateHost = "registry.corp.example:5000"
	devHost     = "dev-registry.corp.example:5000"
	selfSigned  = "self-signed.example"
	password    = "kubenode-test-password"
)

// testRegistries is a node's valid registry list: a Docker Hub mirror
// behind a private CA, a private registry with a client certificate, a
// plain-HTTP registry and one whose certificate is not verified.
func testRegistries(t testing.TB) []runtime.Registry {
	ca, _ := testpki.Pair(t, "ca.corp.example")
	cert, key := testpki.Pair(t, "node.corp.example")
	return []runtime.Registry{
		{Host: "docker.io", Mirrors: []runtime.RegistryMirror{{URL: "https://hub.mirror.example"}, {URL: "http://10.0.0.9:5000",
			Capabilities: []runtime.Capability{runtime.CapabilityResolve, runtime.CapabilityPull}}}, CA: ca},
		{Host: privateHost, CA: ca, ClientCert: cert, ClientKey: key},
		{Host: devHost, PlainHTTP: true},
		{Host: selfSigned, SkipVerify: true},
	}
}

func daemonJSON(t *testing.T, plan *runtime.Plan) *docker.DaemonConfig {
	t.Helper()
	f := plan.File(docker.DaemonPath)
	require.NotNil(t, f)
	cfg, err := docker.Parse(f.Content)
	require.NoError(t, err)
	return cfg
}

func TestWithRegistryHosts(t *testing.T) {
	regs := testRegistries(t)
	in, err := docker.NewInstaller(docker.WithVersion("28.5"),
		docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://first.mirror.example"}}),
		docker.WithRegistryHosts(regs),
		docker.WithInsecureRegistries("10.1.0.0/16")) // an option after it drops nothing
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)

	cfg := daemonJSON(t, plan)
	assert.Equal(t, []string{"10.1.0.0/16", devHost, selfSigned}, cfg.InsecureRegistries)
	assert.Equal(t, []string{"https://first.mirror.example", "https://hub.mirror.example", "http://10.0.0.9:5000"}, cfg.RegistryMirrors)

	type file struct {
		mode    uint32
		content string
	}
	want := map[string]file{
		// Docker Hub's CA goes to its https:// mirror: dockerd reads no
		// certs.d for Docker Hub itself.
		"/etc/docker/certs.d/hub.mirror.example/ca.crt":       {0o644, string(regs[0].CA)},
		"/etc/docker/certs.d/" + privateHost + "/ca.crt":      {0o644, string(regs[1].CA)},
		"/etc/docker/certs.d/" + privateHost + "/client.cert": {0o644, string(regs[1].ClientCert)},
		"/etc/docker/certs.d/" + privateHost + "/client.key":  {0o600, regs[1].ClientKey.Reveal()},
	}
	got := map[string]file{}
	for _, f := range plan.Files {
		if f.Path == docker.DaemonPath || f.Path == "/etc/systemd/system/docker.service" || f.Path == "/etc/systemd/system/docker.socket" {
			continue
		}
		got[f.Path] = file{uint32(f.Mode.Perm()), string(f.Content)}
		assert.Empty(t, f.RestartUnits, "%s: dockerd reads certs.d on every pull", f.Path)
	}
	assert.Equal(t, want, got)
}

func TestWithRegistryHostsRefuses(t *testing.T) {
	_, otherKey := testpki.Pair(t, "other")
	tests := []struct {
		name string
		edit func(regs []runtime.Registry) []runtime.Registry
		want []fieldtest.Matcher
	}{
		{"mirror of another registry", func(r []runtime.Registry) []runtime.Registry {
			r[1].Mirrors = []runtime.RegistryMirror{{URL: "https://corp.mirror.example"}}
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."registry.corp.example:5000".mirrors`).Value(privateHost)}},
		{"mirror for pull only", func(r []runtime.Registry) []runtime.Registry {
			r[0].Mirrors[0].Capabilities = []runtime.Capability{runtime.CapabilityPull}
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, `registries."docker.io".mirrors[0].capabilities`)}},
		{"credentials", func(r []runtime.Registry) []runtime.Registry {
			r[1].Auth = &runtime.RegistryAuth{Username: "puller", Password: password}
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."registry.corp.example:5000".auth`).Value(privateHost)}},
		{"identity token", func(r []runtime.Registry) []runtime.Registry {
			r[2].Auth = &runtime.RegistryAuth{IdentityToken: password}
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."dev-registry.corp.example:5000".auth`)}},
		{"Docker Hub over plain HTTP", func(r []runtime.Registry) []runtime.Registry {
			r[0].CA, r[0].PlainHTTP = nil, true
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."docker.io".plainHTTP`)}},
		{"Docker Hub unverified", func(r []runtime.Registry) []runtime.Registry {
			r[0].SkipVerify = true
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."docker.io".skipVerify`)}},
		{"Docker Hub's CA without an https mirror", func(r []runtime.Registry) []runtime.Registry {
			r[0].Mirrors = r[0].Mirrors[1:]
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."docker.io".ca`)}},
		{"Docker Hub's client pair without a mirror", func(r []runtime.Registry) []runtime.Registry {
			r[0].Mirrors, r[0].CA, r[0].ClientCert, r[0].ClientKey = nil, nil, r[1].ClientCert, r[1].ClientKey
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."docker.io".clientCert`)}},
		{"client certificate of an unverified registry", func(r []runtime.Registry) []runtime.Registry {
			r[1].SkipVerify = true
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, `registries."registry.corp.example:5000".skipVerify`)}},
		{"a host twice", func(r []runtime.Registry) []runtime.Registry {
			return append(r, runtime.Registry{Host: devHost, PlainHTTP: true})
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, `registries."dev-registry.corp.example:5000".host`)}},
		{"one certs.d directory for two registries", func(r []runtime.Registry) []runtime.Registry {
			r[0].Mirrors[0].URL = "https://" + privateHost
			return r
		}, []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, `registries."registry.corp.example:5000"`).Value(privateHost)}},
		{"the shared checks, at the host", func(r []runtime.Registry) []runtime.Registry {
			r[1].ClientKey = otherKey
			r[2].Host = ""
			return r
		}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, `registries."registry.corp.example:5000".clientCert`),
			fieldtest.Match(field.ErrRequired, `registries[2].host`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			regs := tt.edit(testRegistries(t))
			_, err := docker.NewInstaller(docker.WithRegistryHosts(regs))
			fieldtest.RequireExactly(t, err, tt.want...)
			requireNoSecret(t, err.Error(), regs)
		})
	}
}

// requireNoSecret fails when s shows any secret of regs.
func requireNoSecret(t *testing.T, s string, regs []runtime.Registry) {
	t.Helper()
	secrets := []string{password}
	for _, r := range regs {
		if r.ClientKey != "" {
			secrets = append(secrets, r.ClientKey.Reveal())
		}
	}
	for _, secret := range secrets {
		assert.NotContains(t, s, secret, "a secret is shown")
	}
}

// A daemon.json given whole must list what the registries need itself.
func TestWithRegistryHostsNextToWithConfig(t *testing.T) {
	regs := testRegistries(t)
	cfg, err := docker.New()
	require.NoError(t, err)
	_, err = docker.NewInstaller(docker.WithConfig(cfg), docker.WithRegistryHosts(regs))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrRequired, "insecure-registries"),
		fieldtest.Match(field.ErrRequired, "insecure-registries"),
		fieldtest.Match(field.ErrRequired, "registry-mirrors"),
		fieldtest.Match(field.ErrRequired, "registry-mirrors"),
	)

	cfg.InsecureRegistries = []string{devHost, selfSigned}
	cfg.RegistryMirrors = []string{"https://hub.mirror.example", "http://10.0.0.9:5000"}
	in, err := docker.NewInstaller(docker.WithConfig(cfg), docker.WithRegistryHosts(regs))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.NotNil(t, plan.File("/etc/docker/certs.d/"+privateHost+"/client.key"))
}

// No secret reaches a problem, a printed registry or the plan's txtar
// (which shows a 0600 file's digest); the key is in its 0600 file only.
func TestRegistrySecretsStayInTheirFile(t *testing.T) {
	regs := testRegistries(t)
	key := regs[1].ClientKey
	in, err := docker.NewInstaller(docker.WithRegistryHosts(regs))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, f := range plan.Files {
		if f.Mode.Perm() != 0o600 {
			assert.NotContains(t, string(f.Content), key.Reveal(), f.Path)
		}
	}
	txt, err := plan.Txtar()
	require.NoError(t, err)
	requireNoSecret(t, string(txt), regs)
	requireNoSecret(t, fmt.Sprintf("%v %+v %#v", regs, regs, regs), regs)
	b, err := json.Marshal(regs)
	require.NoError(t, err)
	requireNoSecret(t, string(b), regs)
}
