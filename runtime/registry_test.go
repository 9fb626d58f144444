package runtime_test

import (
	"strings"
	"testing"

	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestRegistryValidate(t *testing.T) {
	cert, key := testpki.Pair(t, "registry.example.com")
	_, otherKey := testpki.Pair(t, "other.example.com")
	valid := func() runtime.Registry {
		return runtime.Registry{
			Host:       "registry.example.com:5000",
			Mirrors:    []runtime.RegistryMirror{{URL: "https://mirror.example.com", Capabilities: []runtime.Capability{runtime.CapabilityPull}}},
			CA:         cert,
			ClientCert: cert,
			ClientKey:  key,
			Auth:       &runtime.RegistryAuth{Username: "puller", Password: "s3cret-password"},
		}
	}
	cases := []struct {
		name string
		edit func(*runtime.Registry)
		want []fieldtest.Matcher
	}{
		{"no host", func(r *runtime.Registry) { r.Host = "" }, []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "r.host")}},
		{"bad host", func(r *runtime.Registry) { r.Host = "Registry/x" }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "r.host")}},
		{"bad mirror", func(r *runtime.Registry) { r.Mirrors[0].URL = "ftp://x" }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "r.mirrors[0].url")}},
		{"bad capability", func(r *runtime.Registry) { r.Mirrors[0].Capabilities = []runtime.Capability{"push"} }, []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "r.mirrors[0].capabilities[0]")}},
		{"ca not PEM", func(r *runtime.Registry) { r.CA = []byte("nope") }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "r.ca")}},
		{"key without cert", func(r *runtime.Registry) { r.ClientCert = nil }, []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "r.clientCert")}},
		{"key of another cert", func(r *runtime.Registry) { r.ClientKey = otherKey }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "r.clientCert")}},
		{"plain HTTP with TLS", func(r *runtime.Registry) { r.PlainHTTP = true }, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "r.plainHTTP")}},
		{"password without user", func(r *runtime.Registry) { r.Auth.Username = "" }, []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "r.auth")}},
		{"token and password", func(r *runtime.Registry) { r.Auth.IdentityToken = "tok-secret" }, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "r.auth.identityToken")}},
	}
	r := valid()
	fieldtest.Require(t, r.Validate(field.NewPath("r")).Err())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := valid()
			tc.edit(&r)
			err := r.Validate(field.NewPath("r")).Err()
			fieldtest.Require(t, err, tc.want...)
			fieldtest.RequireNoSecret(t, err, "s3cret-password", "tok-secret", key.Reveal(), otherKey.Reveal())
		})
	}
}

func TestRuntimeHandlersValidate(t *testing.T) {
	valid := func() []runtime.RuntimeHandler {
		return []runtime.RuntimeHandler{
			{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
			{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/opt/kata/share/defaults/kata-containers/configuration.toml",
				PrivilegedWithoutHostDevices: true, PodAnnotations: []string{"io.katacontainers.*"}},
		}
	}
	fieldtest.Require(t, runtime.ValidateRuntimeHandlers(field.NewPath("h"), valid()).Err())
	cases := []struct {
		name string
		edit func([]runtime.RuntimeHandler)
		want []fieldtest.Matcher
	}{
		{"runc", func(h []runtime.RuntimeHandler) { h[0].Name = "runc" }, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "h[0].name")}},
		{"not a label", func(h []runtime.RuntimeHandler) { h[0].Name = "Nvidia_GPU" }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "h[0].name")}},
		{"twice", func(h []runtime.RuntimeHandler) { h[1].Name = "nvidia" }, []fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, "h[1].name")}},
		{"two defaults", func(h []runtime.RuntimeHandler) { h[1].Default = true }, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "h[1].default")}},
		{"binary with %", func(h []runtime.RuntimeHandler) { h[0].Binary = "/usr/bin/crun%h" }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "h[0].binary")}},
		{"bad shim", func(h []runtime.RuntimeHandler) { h[1].Shim = "kata" }, []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "h[1].shim")}},
		{"no kind", func(h []runtime.RuntimeHandler) { h[0].Kind = "" }, []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "h[0].kind")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := valid()
			tc.edit(h)
			fieldtest.Require(t, runtime.ValidateRuntimeHandlers(field.NewPath("h"), h).Err(), tc.want...)
		})
	}
}

func TestProxy(t *testing.T) {
	p := runtime.Proxy{HTTP: "http://proxy.example.com:3128", HTTPS: "http://proxy.example.com:3128", NoProxy: []string{".svc", "10.0.0.0/8"}}
	fieldtest.Require(t, p.Validate(field.NewPath("proxy")).Err())
	env := strings.Join(p.Environment([]string{"10.0.0.7"}), "\n")
	for _, want := range []string{"HTTP_PROXY=http://proxy.example.com:3128", "https_proxy=http://proxy.example.com:3128",
		"NO_PROXY=.svc,10.0.0.0/8,10.0.0.7,127.0.0.1,::1,localhost"} {
		if !strings.Contains(env, want) {
			t.Errorf("environment lacks %s:\n%s", want, env)
		}
	}
	bad := runtime.Proxy{HTTP: "http://user:pw-secret@proxy:3128", NoProxy: []string{"a,b"}}
	err := bad.Validate(field.NewPath("proxy")).Err()
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "proxy.http"), fieldtest.Match(field.ErrInvalid, "proxy.noProxy[0]"))
	fieldtest.RequireNoSecret(t, err, "pw-secret")
	fieldtest.Require(t, (&runtime.Proxy{}).Validate(field.NewPath("proxy")).Err(), fieldtest.Match(field.ErrRequired, "proxy.http"))
}
