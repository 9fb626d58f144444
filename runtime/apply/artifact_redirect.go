package apply

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrCrossHostRedirect is matched (errors.Is) by the error of a download
// whose server redirected it to another host, or from https to http, when
// [Options].AllowCrossHostRedirects is not set.
var ErrCrossHostRedirect = errors.New("redirect to another host refused")

// maxRedirects is how many redirects a download follows, as Go's default
// client does, when the caller's client has no policy of its own.
const maxRedirects = 10

// confineRedirects returns a copy of c (never changing the caller's
// client) that refuses a redirect leaving the host of the first request,
// unless allowed, then applies c's own redirect policy. The plan names the
// hosts its bytes come from; a mirror that sends the node elsewhere is
// followed only when the caller said so.
func confineRedirects(c *http.Client, allowCrossHost bool) *http.Client {
	cc := *c
	next := c.CheckRedirect
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !allowCrossHost && !sameHost(via[0].URL, req.URL) {
			// Only the target's scheme and host: its path and query may
			// carry a signed token (a CDN's), which no error repeats.
			return fmt.Errorf("%w: redirected to %s://%s; set AllowCrossHostRedirects to follow it",
				ErrCrossHostRedirect, req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	return &cc
}

// sameHost reports whether a redirect from one URL to another stays on the
// same host: the same host name and port, or an upgrade from http to https
// on their default ports. A downgrade from https never does.
func sameHost(from, to *url.URL) bool {
	if !strings.EqualFold(from.Hostname(), to.Hostname()) {
		return false
	}
	switch {
	case from.Scheme == to.Scheme:
		return port(from) == port(to)
	case from.Scheme == "http" && to.Scheme == "https":
		return port(from) == "80" && port(to) == "443"
	}
	return false
}

// port is the URL's port, or its scheme's default.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
