package runtime

import (
	"net/url"
	"path"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// The CRI endpoints of the three runtimes, as the kubelet and crictl name
// them.
const (
	ContainerdEndpoint = "unix:///run/containerd/containerd.sock"
	CRIDockerdEndpoint = "unix:///run/cri-dockerd.sock"
	CRIOEndpoint       = "unix:///var/run/crio/crio.sock"
)

// ValidateCRIEndpoint checks a CRI endpoint as the kubelet and crictl read
// it on Linux: a unix:// URL with an absolute, clean socket path of at most
// 107 bytes and nothing else (no host, query or fragment). An empty value is an error only when
// required.
func ValidateCRIEndpoint(p *field.Path, v string, required bool) field.ErrorList {
	if v == "" {
		if required {
			return field.ErrorList{field.Required(p, "a unix:// socket URL is required")}
		}
		return nil
	}
	socket, plain := plainUnixSocket(v)
	if !plain {
		var errs field.ErrorList
		if socket, errs = parseCRIEndpoint(p, v); len(errs) > 0 {
			return errs
		}
	}
	return validateSocket(p, v, socket)
}

// parseCRIEndpoint returns the socket path of the non-empty endpoint v
// as url.Parse reads it, or its problem: not a URL, not unix://, or more
// than a path.
func parseCRIEndpoint(p *field.Path, v string) (string, field.ErrorList) {
	u, err := url.Parse(v)
	if err != nil {
		return "", field.ErrorList{field.Invalid(p, v, err.Error())}
	}
	if u.Scheme != "unix" {
		return "", field.ErrorList{field.Invalid(p, v, "must be a unix:// URL, such as "+ContainerdEndpoint)}
	}
	if u.Host != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", field.ErrorList{field.Invalid(p, v, "must be unix:// followed by an absolute socket path and nothing else")}
	}
	return u.Path, nil
}

// validateSocket checks the socket path of the endpoint v: a node path
// that fits in sun_path.
func validateSocket(p *field.Path, v, socket string) field.ErrorList {
	if errs := ValidateNodePath(p, socket); len(errs) > 0 {
		return errs
	}
	if len(socket) > maxSocketPath {
		return field.ErrorList{{Type: field.ErrTooLong, Path: p, BadValue: v,
			Detail: "a unix socket path is at most 107 bytes (sun_path); neither the runtime nor the kubelet could use it"}}
	}
	return nil
}

// maxSocketPath is the longest unix socket path Linux takes: sun_path is
// 108 bytes with the terminating NUL.
const maxSocketPath = 107

// plainUnixSocket returns the path of an endpoint spelled "unix://" and
// an absolute path of letters, digits and "/._-", which url.Parse reads as
// a unix URL with that path and nothing else, and false for any other
// endpoint, which only url.Parse reads: the common endpoint is checked
// without the URL url.Parse allocates.
func plainUnixSocket(v string) (string, bool) {
	path, ok := strings.CutPrefix(v, "unix://")
	if !ok || path == "" || path[0] != '/' {
		return "", false
	}
	for i := range len(path) {
		c := path[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/._-", c) >= 0) {
			return "", false
		}
	}
	return path, true
}

// SocketPath returns the socket path of a unix:// endpoint, with /var/run
// folded into /run (a link to it on every systemd distribution), or "" for
// anything else: two endpoints name one socket when their SocketPaths match.
func SocketPath(endpoint string) string {
	p, plain := plainUnixSocket(endpoint)
	if !plain {
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != "unix" {
			return ""
		}
		p = u.Path
	}
	p = path.Clean(p)
	if p == "/var/run" || strings.HasPrefix(p, "/var/run/") {
		p = strings.TrimPrefix(p, "/var")
	}
	return p
}

// SameSocket reports whether two unix:// endpoints reach the same socket.
func SameSocket(a, b string) bool {
	pa := SocketPath(a)
	return pa != "" && pa == SocketPath(b)
}
