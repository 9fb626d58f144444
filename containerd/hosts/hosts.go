package hosts

import (
	"path"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// FileName is the name of a registry's file under registry.config_path.
const FileName = "hosts.toml"

// DockerHubServer is the server containerd pulls docker.io images from.
const DockerHubServer = "https://registry-1.docker.io"

// Capability is what containerd may do with a registry host.
type Capability string

// Capabilities of a host; a mirror gets pull and resolve.
const (
	CapabilityPull    Capability = "pull"
	CapabilityResolve Capability = "resolve"
	CapabilityPush    Capability = "push"
)

// Capabilities are the values containerd 1.6 and later all read.
var Capabilities = []Capability{CapabilityPull, CapabilityResolve, CapabilityPush}

// File is one registry's hosts.toml, at
// <registry.config_path>/<Registry>/hosts.toml: where containerd pulls that
// registry's images from. containerd tries the Hosts in order, then Server.
type File struct {
	// Registry is the registry the file is for, such as "docker.io" or
	// "registry.k8s.io:443", or "_default" for every registry that has no
	// file of its own. It names the directory; it is no key of the file.
	Registry string
	// Server is `server`: the registry itself. Empty means the registry
	// named by the directory (and, for _default, the one an image names).
	Server string
	// Hosts are the `[host."<url>"]` tables, in the order containerd tries
	// them.
	Hosts []Host
	// Extra holds the file's top-level keys that File does not model
	// (settings of Server itself, such as `ca`), as go-toml decodes them.
	Extra map[string]any
}

// Host is one `[host."<URL>"]` table of a hosts.toml.
type Host struct {
	// URL is the table's name: the host's scheme, host and optional path,
	// such as "https://mirror.example:5000".
	URL string
	// Capabilities is `capabilities`. Empty means every capability; a
	// mirror should have pull and resolve only.
	Capabilities []Capability
	// SkipVerify is `skip_verify`: do not verify the host's TLS certificate.
	SkipVerify *bool
	// CA is `ca`: CA certificate files, absolute or relative to the file's
	// directory.
	CA []string
	// Client is `client`: client certificate and key file pairs; an empty
	// key means the certificate file holds the key too.
	Client [][2]string
	// Header is `header`: HTTP headers sent with every request to the host.
	Header map[string][]string
	// OverridePath is `override_path`: URL's path is the API root, so
	// containerd does not append /v2.
	OverridePath bool
	// Extra holds the table's keys that Host does not model, such as
	// `dial_timeout`.
	Extra map[string]any
}

// FromMirrors turns the node's mirror list into one File per
// registry, in the order the registries first appear, each mirror a host
// with pull and resolve capabilities, tried in the order given.
func FromMirrors(mirrors []runtime.Mirror) ([]*File, error) {
	if err := runtime.ValidateMirrors(mirrorsPath, mirrors).Err(); err != nil {
		return nil, err
	}
	return fromMirrors(mirrors)
}

// mirrorsPath is where FromMirrors reports a mirror it refuses.
var mirrorsPath = field.NewPath("mirrors")

// fromMirrors is FromMirrors for mirrors ValidateMirrors has
// accepted; it validates each File it builds.
func fromMirrors(mirrors []runtime.Mirror) ([]*File, error) {
	registries, byRegistry := runtime.MirrorsByRegistry(mirrors)
	out := make([]*File, 0, len(registries))
	// Every host's capabilities in one array, each host's cut to its own
	// two so that an append to one cannot reach the next.
	caps := make([]Capability, 0, 2*len(mirrors))
	for _, reg := range registries {
		urls := byRegistry[reg]
		h := &File{Registry: reg, Server: ServerFor(reg), Hosts: make([]Host, 0, len(urls))}
		for _, u := range urls {
			caps = append(caps, CapabilityPull, CapabilityResolve)
			h.Hosts = append(h.Hosts, Host{URL: u, Capabilities: caps[len(caps)-2 : len(caps) : len(caps)]})
		}
		if err := h.Validate(); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// ServerFor returns the server of a registry as containerd resolves it:
// registry-1.docker.io for docker.io, https://<registry> for any other,
// and "" for _default.
func ServerFor(registry string) string {
	switch registry {
	case runtime.DefaultRegistry:
		return ""
	case "docker.io":
		return DockerHubServer
	}
	return "https://" + registry
}

// Path returns the node path of the file under configPath.
func (h *File) Path(configPath string) string {
	return path.Join(configPath, h.Registry, FileName)
}
