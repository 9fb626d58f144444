package runtime

import (
	"crypto/tls"
	"crypto/x509"
	"slices"
	"strconv"

	"github.com/kubenode/kubenode/runtime/field"
)

// Registry is how a node reaches one registry host: its mirrors, the TLS
// material to trust it and to present to it, and the credentials to pull
// with. Each runtime renders it its own way (containerd's hosts.toml,
// Docker's certs.d and insecure-registries, containers' registries.conf,
// certs.d and auth file); what a runtime cannot do is an error of that
// runtime, never a silent drop.
type Registry struct {
	// Host is the registry as image names spell it: docker.io,
	// registry.example.com:5000.
	Host string
	// Mirrors are tried in order before Host.
	Mirrors []RegistryMirror
	// CA is a PEM bundle of the certificate authorities that sign the
	// registry's (and its mirrors') certificates, beside the system's.
	CA []byte
	// ClientCert and ClientKey are a PEM client certificate and its key,
	// presented to the registry. The key is a secret: written mode 0600.
	ClientCert []byte
	ClientKey  Secret
	// SkipVerify trusts any certificate the registry presents.
	SkipVerify bool
	// PlainHTTP talks to the registry over http:// (Docker's and
	// containers' "insecure" registry).
	PlainHTTP bool
	// Auth are the credentials to pull with from Host; nil pulls
	// anonymously. They are not sent to the mirrors (containerd looks
	// credentials up by the host it talks to): a mirror that needs its own
	// is a Registry entry of its own.
	Auth *RegistryAuth
}

// RegistryMirror is one mirror of a Registry.
type RegistryMirror struct {
	// URL is the mirror's base URL, https:// or http://.
	URL string
	// Capabilities are what the mirror is used for: pull and resolve
	// (tags to digests). Empty means both.
	Capabilities []Capability
}

// Capability is what a mirror may be used for (containerd's
// capabilities).
type Capability string

// The capabilities of a mirror.
const (
	CapabilityPull    Capability = "pull"
	CapabilityResolve Capability = "resolve"
)

// RegistryAuth are the credentials of a registry: a username and password,
// or an identity token (an OAuth2 refresh token).
type RegistryAuth struct {
	Username      string
	Password      Secret
	IdentityToken Secret
}

// Validate checks the host, every mirror, that the TLS material parses as
// PEM (the CA a certificate bundle, the client pair a matching
// certificate and key), that PlainHTTP and TLS settings do not contradict
// each other, and that credentials are complete. No problem ever holds a
// secret's value.
func (r *Registry) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch hp := p.Child("host"); {
	case r.Host == "":
		errs = append(errs, field.Required(hp, "a registry host such as docker.io or registry.example.com:5000"))
	case len(r.Host) > MaxPathElement:
		errs = append(errs, field.TooLong(hp, r.Host, MaxPathElement))
	case !validRegistryHost(r.Host):
		errs = append(errs, field.Invalid(hp, r.Host, "must be a registry host such as docker.io or localhost:5000"))
	}
	for i, m := range r.Mirrors {
		mp := p.Child("mirrors").Index(i)
		errs = append(errs, ValidateMirrorURL(mp.Child("url"), m.URL)...)
		for j, c := range m.Capabilities {
			if c != CapabilityPull && c != CapabilityResolve {
				errs = append(errs, field.NotSupported(mp.Child("capabilities").Index(j), string(c), []Capability{CapabilityPull, CapabilityResolve}))
			} else if slices.Index(m.Capabilities, c) != j {
				errs = append(errs, field.Duplicate(mp.Child("capabilities").Index(j), string(c)))
			}
		}
	}
	if len(r.CA) > 0 {
		if pool := x509.NewCertPool(); !pool.AppendCertsFromPEM(r.CA) {
			errs = append(errs, field.Invalid(p.Child("ca"), lengthOf(r.CA), "not a PEM bundle of certificates"))
		}
	}
	switch {
	case len(r.ClientCert) > 0 && r.ClientKey == "":
		errs = append(errs, field.Required(p.Child("clientKey"), "a client certificate needs its key"))
	case len(r.ClientCert) == 0 && r.ClientKey != "":
		errs = append(errs, field.Required(p.Child("clientCert"), "a client key needs its certificate"))
	case len(r.ClientCert) > 0:
		if _, err := tls.X509KeyPair(r.ClientCert, []byte(r.ClientKey.Reveal())); err != nil {
			// The error of X509KeyPair names no key material.
			errs = append(errs, field.Invalid(p.Child("clientCert"), lengthOf(r.ClientCert), "with clientKey, not a PEM certificate and its key: "+err.Error()))
		}
	}
	if r.PlainHTTP && (len(r.CA) > 0 || len(r.ClientCert) > 0 || r.SkipVerify) {
		errs = append(errs, field.Forbidden(p.Child("plainHTTP"), true, "a plain-HTTP registry uses no TLS: drop ca, clientCert and skipVerify"))
	}
	if a := r.Auth; a != nil {
		ap := p.Child("auth")
		switch {
		case a.IdentityToken != "" && (a.Username != "" || a.Password != ""):
			errs = append(errs, field.Forbidden(ap.Child("identityToken"), a.IdentityToken.String(), "give an identity token or a username and password, not both"))
		case a.IdentityToken == "" && (a.Username == "" || a.Password == ""):
			errs = append(errs, field.Required(ap, "a username and a password, or an identity token"))
		}
		if containsControl(a.Username) {
			errs = append(errs, field.Invalid(ap.Child("username"), a.Username, "holds a control character"))
		}
	}
	return errs
}

// lengthOf describes PEM content in a problem without repeating it.
func lengthOf(b []byte) string {
	return "(" + strconv.Itoa(len(b)) + " bytes of PEM)"
}

func containsControl(s string) bool {
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}
