package hosts

import (
	"path"
	"strings"

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

// fromMirrors is FromMirrors for mirrors ValidateMirrors has accepted;
// it checks each File it builds (see checkBuilt).
func fromMirrors(mirrors []runtime.Mirror) ([]*File, error) {
	files := buildFiles(mirrors)
	if err := checkBuilt(files); err != nil {
		return nil, err
	}
	return files, nil
}

// buildFiles groups the mirrors into one File per registry, in the order
// the registries first appear, each mirror a host with pull and resolve
// in the order given. The Files, their hosts and the hosts' capabilities
// are each cut from one array, each slice to its own length so that an
// append to one cannot reach the next: however many files, they cost
// four allocations and their servers' names.
func buildFiles(mirrors []runtime.Mirror) []*File {
	regs := registryIndex{files: make([]File, 0, len(mirrors))}
	// How many hosts each File gets, on the stack for a few registries.
	var countsArray [8]int
	counts := countsArray[:0]
	for _, m := range mirrors {
		if i, ok := regs.find(m.Registry); ok {
			counts[i]++
			continue
		}
		regs.add(File{Registry: m.Registry, Server: ServerFor(m.Registry)})
		counts = append(counts, 1)
	}
	hosts := make([]Host, len(mirrors))
	start := 0
	for i, n := range counts {
		regs.files[i].Hosts = hosts[start : start : start+n]
		start += n
	}
	caps := make([]Capability, 2*len(mirrors))
	for j, m := range mirrors {
		i, _ := regs.find(m.Registry)
		c := caps[2*j : 2*j+2 : 2*j+2]
		c[0], c[1] = CapabilityPull, CapabilityResolve
		regs.files[i].Hosts = append(regs.files[i].Hosts, Host{URL: m.URL, Capabilities: c})
	}
	out := make([]*File, len(regs.files))
	for i := range regs.files {
		out[i] = &regs.files[i]
	}
	return out
}

// registryIndex finds a registry's File among those built so far: a node
// mirrors a registry or a few, which a scan finds without the allocations
// of a map; past maxScanned registries a map takes over, so that a long
// list costs no quadratic time.
type registryIndex struct {
	files  []File
	byName map[string]int
}

const maxScanned = 8

func (x *registryIndex) find(registry string) (int, bool) {
	if x.byName != nil {
		i, ok := x.byName[registry]
		return i, ok
	}
	for i := range x.files {
		if x.files[i].Registry == registry {
			return i, true
		}
	}
	return 0, false
}

func (x *registryIndex) add(f File) {
	x.files = append(x.files, f)
	switch {
	case x.byName != nil:
		x.byName[f.Registry] = len(x.files) - 1
	case len(x.files) > maxScanned:
		x.byName = make(map[string]int, 2*len(x.files))
		for i := range x.files {
			x.byName[x.files[i].Registry] = i
		}
	}
}

// checkBuilt returns the first problem of the Files buildFiles made from
// mirrors ValidateMirrors accepted, as validating each in turn would.
// What Validate checks, such a File holds by construction: its registry
// is a host name or _default as Mirror.Validate requires (so its server
// is a valid URL too), each host URL passed ValidateMirrorURL, no URL is
// there twice (ValidateMirrors refuses a mirror listed twice), and the
// capabilities are pull and resolve. All but a comma in a URL, which
// containerd reads as a list separator and Mirror.Validate lets through:
// a File with one is validated in full. TestBuiltFilesNeedOnlyTheCommaCheck
// and FuzzBuiltFiles hold this against Validate.
func checkBuilt(files []*File) error {
	for _, h := range files {
		for _, host := range h.Hosts {
			if strings.Contains(host.URL, ",") {
				if err := h.Validate(); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
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
