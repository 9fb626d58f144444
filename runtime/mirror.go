package runtime

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// DefaultRegistry is the catch-all registry name: a mirror for it applies to
// every registry that has none of its own (containerd's certs.d/_default).
const DefaultRegistry = "_default"

// validRegistryHost reports whether s is a registry host with an optional
// port, as image references spell it (docker.io, registry.k8s.io,
// localhost:5000): lowercase DNS labels joined by dots, then perhaps ":"
// and one to five digits. It is the expression
// ^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$
// written out, which every mirror of every plan went through.
func validRegistryHost(s string) bool {
	host, port, hasPort := strings.Cut(s, ":")
	if hasPort && (port == "" || len(port) > 5 || strings.TrimLeft(port, "0123456789") != "") {
		return false
	}
	return dnsLabels(host)
}

// Mirror is one pull-through mirror of one registry, the vocabulary every
// runtime's mirror configuration is rendered from (containerd's hosts.toml,
// Docker's registry-mirrors, containers' registries.conf). Mirrors of one
// registry are tried in the order given.
type Mirror struct {
	// Registry is the host the images are named by: docker.io,
	// registry.k8s.io, or "_default" for every registry.
	Registry string
	// URL is the mirror's base URL: https://mirror.example or
	// http://10.0.0.1:5000 for a plain-HTTP registry.
	URL string
}

// ParseMirror reads REGISTRY=URL, the form the examples' -mirror flag takes.
func ParseMirror(s string) (Mirror, error) {
	reg, u, ok := strings.Cut(s, "=")
	if !ok {
		return Mirror{}, fmt.Errorf("mirror %q: want REGISTRY=URL", s)
	}
	m := Mirror{Registry: reg, URL: u}
	if err := m.Validate(field.NewPath("mirror")).Err(); err != nil {
		return Mirror{}, err
	}
	return m, nil
}

// Validate checks the registry name (a host, at most 255 bytes: it names a
// directory) and the URL: http or https, a host, no query, fragment or
// credentials.
func (m Mirror) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case len(m.Registry) > MaxPathElement:
		// containerd reads a registry's hosts.toml from a directory named
		// after it (certs.d/<registry>), which no file system takes.
		errs = append(errs, field.TooLong(p.Child("registry"), m.Registry, MaxPathElement))
	case m.Registry != DefaultRegistry && !validRegistryHost(m.Registry):
		errs = append(errs, field.Invalid(p.Child("registry"), m.Registry, `must be a registry host such as docker.io or localhost:5000, or "_default"`))
	}
	if len(ValidateMirrorURL(nil, m.URL)) > 0 { // the path only for a problem
		errs = append(errs, ValidateMirrorURL(p.Child("url"), m.URL)...)
	}
	return errs
}

// ValidateMirrorURL checks a registry mirror URL: http or https, a host, and
// nothing that a runtime would misread (credentials, query, fragment,
// whitespace).
func ValidateMirrorURL(p *field.Path, v string) field.ErrorList {
	if plainMirrorURL(v) {
		// What url.Parse and the checks below would pass, without the
		// URL url.Parse allocates: a plan checks each mirror more than
		// once.
		return nil
	}
	return validateMirrorURLParsed(p, v)
}

// validateMirrorURLParsed is ValidateMirrorURL without its fast path:
// url.Parse on every value.
func validateMirrorURLParsed(p *field.Path, v string) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(p, "a mirror URL is required")}
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return field.ErrorList{field.Invalid(p, v, err.Error())}
	case u.Scheme != "https" && u.Scheme != "http":
		return field.ErrorList{field.Invalid(p, v, "must be an http:// or https:// URL")}
	case u.Host == "":
		return field.ErrorList{field.Invalid(p, v, "must name a host")}
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(v, " \t\r\n\"'\\"):
		return field.ErrorList{field.Invalid(p, v, "must hold no credentials, query, fragment, quote or whitespace")}
	}
	return nil
}

// plainMirrorURL reports whether v is http:// or https://, a host of
// lowercase letters, digits, dots and dashes with an optional :PORT, and
// an optional path of letters, digits and "/._~-": a URL url.Parse reads
// as it is written, which ValidateMirrorURL passes. It is a subset of what
// ValidateMirrorURL passes, never more: anything else goes to url.Parse.
func plainMirrorURL(v string) bool {
	rest, ok := strings.CutPrefix(v, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(v, "http://"); !ok {
			return false
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	host, port, hasPort := strings.Cut(host, ":")
	if host == "" || hasPort && (port == "" || strings.TrimLeft(port, "0123456789") != "") {
		return false
	}
	for i := range len(host) {
		if c := host[i]; !lowerAlnum(c) && c != '.' && c != '-' {
			return false
		}
	}
	return plainURLPath(path)
}

// plainURLPath reports whether s holds only letters, digits and "/._~-",
// which url.Parse keeps as they are in a path.
func plainURLPath(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !lowerAlnum(c) && !('A' <= c && c <= 'Z') && strings.IndexByte("/._~-", c) < 0 {
			return false
		}
	}
	return true
}

// Host returns the mirror's host[:port], as registries.conf and
// insecure-registries name a registry.
func (m Mirror) Host() string {
	u, err := url.Parse(m.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

// Insecure reports whether the mirror is plain HTTP.
func (m Mirror) Insecure() bool { return strings.HasPrefix(m.URL, "http://") }

// ValidateMirrors checks each mirror and refuses one listed twice.
func ValidateMirrors(p *field.Path, mirrors []Mirror) field.ErrorList {
	var errs field.ErrorList
	// A node's few mirrors are compared with each other; a long list is
	// hashed.
	var seen map[Mirror]bool
	if len(mirrors) > 16 {
		seen = make(map[Mirror]bool, len(mirrors))
	}
	for i, m := range mirrors {
		if len(m.Validate(nil)) > 0 { // the path only for a problem
			errs = append(errs, m.Validate(p.Index(i))...)
		}
		var dup bool
		if seen != nil {
			dup, seen[m] = seen[m], true
		} else {
			dup = slices.Contains(mirrors[:i], m)
		}
		if dup {
			errs = append(errs, field.Duplicate(p.Index(i), m.Registry+"="+m.URL))
		}
	}
	return errs
}

// MirrorsByRegistry groups mirrors by registry, keeping the order of first
// appearance for registries and the given order within each.
func MirrorsByRegistry(mirrors []Mirror) (registries []string, byRegistry map[string][]string) {
	byRegistry = map[string][]string{}
	for _, m := range mirrors {
		if _, ok := byRegistry[m.Registry]; !ok {
			registries = append(registries, m.Registry)
		}
		byRegistry[m.Registry] = append(byRegistry[m.Registry], m.URL)
	}
	return registries, byRegistry
}
