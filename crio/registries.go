package crio

import (
	"net/url"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// RegistriesDropInDir is where containers/image (and so CRI-O) reads
// registries.conf drop-ins, after /etc/containers/registries.conf, in
// lexical order.
const RegistriesDropInDir = "/etc/containers/registries.conf.d"

// RegistriesConfig is a containers-registries.conf(5) file in the version 2
// format, as a drop-in in RegistriesDropInDir: how CRI-O (through
// containers/image) resolves short names and where it pulls each registry
// from. In a drop-in, a [[registry]] entry replaces an earlier one with the
// same prefix, and unqualified-search-registries and short-name-mode,
// when set, replace the earlier values.
type RegistriesConfig struct {
	// UnqualifiedSearchRegistries is unqualified-search-registries: the
	// registries a short name ("busybox") is looked up in, in order. nil
	// leaves it to other files; an empty list clears it. The upstream
	// packages set it in registries.conf.d/registries.conf, which is read
	// after any drop-in whose name sorts before it (20-kubenode.conf
	// does), so the Installer warns when it would be overridden.
	UnqualifiedSearchRegistries []string
	// ShortNameMode is short-name-mode: enforcing (containers/image's
	// default), permissive or disabled.
	ShortNameMode ShortNameMode
	// Registries are the [[registry]] entries.
	Registries []Registry
	// Extra holds the other top-level keys and tables (credential-helpers,
	// [aliases], additional-layer-store-auth-helper, ...).
	Extra map[string]any
}

// ShortNameMode is short-name-mode: what a pull of a short name does when
// more than one search registry could serve it.
type ShortNameMode string

// The short-name modes containers/image knows.
const (
	ShortNameEnforcing  ShortNameMode = "enforcing"
	ShortNamePermissive ShortNameMode = "permissive"
	ShortNameDisabled   ShortNameMode = "disabled"
)

// ShortNameModes lists the valid short-name modes.
var ShortNameModes = []ShortNameMode{ShortNameEnforcing, ShortNamePermissive, ShortNameDisabled}

// Registry is one [[registry]] entry.
type Registry struct {
	// Prefix is prefix: the image names the entry applies to, such as
	// docker.io, quay.io/org or *.example.com; the longest match wins.
	// When empty it is Location.
	Prefix string
	// Location is location: where images matching Prefix are pulled from,
	// host[:port][/path] without a scheme. Only a *.domain prefix may go
	// without one.
	Location string
	// Insecure is insecure: plain HTTP and unverified TLS are allowed.
	Insecure bool
	// Blocked is blocked: pulls matching Prefix are refused.
	Blocked bool
	// Mirrors are the [[registry.mirror]] entries, tried in order before
	// Location.
	Mirrors []RegistryMirror
	// Extra holds the entry's other keys (mirror-by-digest-only, ...).
	Extra map[string]any
}

// prefix is the image names the entry applies to: its prefix, or its
// location when it has none.
func (r Registry) prefix() string {
	if r.Prefix == "" {
		return strings.TrimRight(r.Location, "/")
	}
	return strings.TrimRight(r.Prefix, "/")
}

// RegistryMirror is one [[registry.mirror]] entry.
type RegistryMirror struct {
	// Location is location: the mirror, host[:port][/path] without a
	// scheme; an image's path under Prefix is appended to it.
	Location string
	// Insecure is insecure: plain HTTP and unverified TLS are allowed.
	Insecure bool
	// Extra holds the mirror's other keys (pull-from-mirror, ...).
	Extra map[string]any
}

// RegistriesFromMirrors returns the registries.conf drop-in for a list of
// mirrors: one [[registry]] per registry, in order of first appearance,
// with its own location and its mirrors in the given order. A mirror's
// location is its URL's host and path; an http:// mirror is insecure.
// registries.conf has no catch-all, so the "_default" registry is refused.
// No mirrors give an empty RegistriesConfig.
func RegistriesFromMirrors(mirrors []runtime.Mirror) (*RegistriesConfig, error) {
	p := field.NewPath("mirrors")
	errs := runtime.ValidateMirrors(p, mirrors)
	for i, m := range mirrors {
		if m.Registry == runtime.DefaultRegistry {
			errs = append(errs, &field.Error{Type: field.ErrNotSupported, Path: p.Index(i).Child("registry"), BadValue: m.Registry,
				Detail: "containers registries.conf has no catch-all registry: name each registry"})
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	rc := &RegistriesConfig{}
	registries, _ := runtime.MirrorsByRegistry(mirrors)
	for _, reg := range registries {
		r := Registry{Prefix: reg, Location: reg}
		for _, m := range mirrors {
			if m.Registry == reg {
				r.Mirrors = append(r.Mirrors, RegistryMirror{Location: mirrorLocation(m.URL), Insecure: m.Insecure()})
			}
		}
		rc.Registries = append(rc.Registries, r)
	}
	return rc, nil
}

// mirrorLocation is a mirror URL without its scheme and trailing slash.
func mirrorLocation(mirrorURL string) string {
	u, err := url.Parse(mirrorURL)
	if err != nil {
		return ""
	}
	return strings.TrimRight(u.Host+u.Path, "/")
}
