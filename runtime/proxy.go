package runtime

import (
	"net/url"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// Proxy is the HTTP proxy a node's daemons pull through, as the
// environment of their units (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, which
// containerd, dockerd, CRI-O and the kubelet all read through Go's
// net/http).
type Proxy struct {
	// HTTP and HTTPS are the proxies' URLs for http:// and https://
	// requests; at least one is given.
	HTTP, HTTPS string
	// NoProxy are hosts, domains (.example.com) and CIDRs reached
	// directly. The node's own addresses and localhost are always added.
	NoProxy []string
	// Kubelet gives the kubelet the same environment (for a cloud
	// provider or credential plugin it runs that needs the proxy).
	Kubelet bool
}

// alwaysDirect are reached without the proxy on every node.
var alwaysDirect = []string{"localhost", "127.0.0.1", "::1"}

// Environment is the unit environment of the proxy: each variable in upper
// and lower case (Go reads the upper-case one, curl-based tools the
// lower), NO_PROXY with localhost and nodeIPs added, sorted and once each.
func (p *Proxy) Environment(nodeIPs []string) []string {
	var env []string
	add := func(name, v string) {
		if v != "" {
			env = append(env, name+"="+v, strings.ToLower(name)+"="+v)
		}
	}
	add("HTTP_PROXY", p.HTTP)
	add("HTTPS_PROXY", p.HTTPS)
	no := slices.Concat(p.NoProxy, alwaysDirect, nodeIPs)
	slices.Sort(no)
	add("NO_PROXY", strings.Join(slices.Compact(no), ","))
	return env
}

// Validate checks the proxy URLs (http or https, a host, no spaces) and the
// NO_PROXY entries (no space, comma or control character, which would
// split or end the variable).
func (p *Proxy) Validate(fp *field.Path) field.ErrorList {
	var errs field.ErrorList
	if p.HTTP == "" && p.HTTPS == "" {
		errs = append(errs, field.Required(fp.Child("http"), "an HTTP or HTTPS proxy URL"))
	}
	for _, f := range []struct{ name, v string }{{"http", p.HTTP}, {"https", p.HTTPS}} {
		if f.v == "" {
			continue
		}
		u, err := url.Parse(f.v)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(f.v, " \t\r\n\"'\\"):
			errs = append(errs, field.Invalid(fp.Child(f.name), redactUserinfo(f.v), "a proxy URL such as http://proxy.example.com:3128"))
		case u.User != nil:
			// A unit's environment is world-readable (systemctl show).
			errs = append(errs, field.Forbidden(fp.Child(f.name), redactUserinfo(f.v), "a proxy URL with credentials would be readable by every user of the node"))
		}
	}
	for i, h := range p.NoProxy {
		if h == "" || strings.ContainsAny(h, " ,\"'\\") || containsControl(h) {
			errs = append(errs, field.Invalid(fp.Child("noProxy").Index(i), h, "a host, .domain or CIDR, with no space, comma or quote"))
		}
	}
	return errs
}

// redactUserinfo hides the password of a proxy URL in a problem.
func redactUserinfo(v string) string {
	if u, err := url.Parse(v); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return v
}
