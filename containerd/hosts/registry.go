package hosts

import (
	"bytes"
	"net/url"
	"path"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The TLS files of a registry, beside its hosts.toml in
// <config_path>/<host>/: containerd reads them on every pull, as it reads
// hosts.toml, so a changed file needs no restart.
const (
	CAFile         = "ca.crt"
	ClientCertFile = "client.cert"
	ClientKeyFile  = "client.key"
)

// FromRegistry is the hosts.toml of a registry under configPath with the
// files it names: its server (http:// for a plain-HTTP registry), its
// mirrors in order with their capabilities, and the registry's TLS
// settings (ca, client, skip_verify) for the server and every mirror. The
// CA and client certificate are files of mode 0644 and the client key
// one of 0600, in the registry's directory. Credentials are not
// hosts.toml's: containerd reads them from the CRI plugin's
// registry.configs (see containerd.WithRegistryAuth).
func FromRegistry(configPath string, r runtime.Registry) (*File, []runtime.File, error) {
	if err := r.Validate(field.NewPath("registry")).Err(); err != nil {
		return nil, nil, err
	}
	dir := path.Join(configPath, r.Host)
	server := ServerFor(r.Host)
	if r.PlainHTTP {
		u, _ := url.Parse(server)
		u.Scheme = "http"
		server = u.String()
	}
	h := &File{Registry: r.Host, Server: server}
	tls := tomltree.Tree{}
	var files []runtime.File
	var ca []string
	var client [][2]string
	if len(r.CA) > 0 {
		p := path.Join(dir, CAFile)
		ca = []string{p}
		tls["ca"] = []any{p}
		// The plan's files own their bytes: a plan composed without a copy
		// (runtime.ComposeOwned) must not share them with the caller's
		// Registry.
		files = append(files, runtime.File{Path: p, Mode: 0o644, Content: bytes.Clone(r.CA)})
	}
	if len(r.ClientCert) > 0 {
		cert, key := path.Join(dir, ClientCertFile), path.Join(dir, ClientKeyFile)
		client = [][2]string{{cert, key}}
		tls["client"] = []any{[]any{cert, key}}
		files = append(files,
			runtime.File{Path: cert, Mode: 0o644, Content: bytes.Clone(r.ClientCert)},
			runtime.File{Path: key, Mode: 0o600, Content: []byte(r.ClientKey.Reveal())})
	}
	var skip *bool
	if r.SkipVerify {
		skip = new(true)
		tls["skip_verify"] = true
	}
	if len(tls) > 0 {
		h.Extra = tls // the server's own settings are top-level keys
	}
	for _, m := range r.Mirrors {
		caps := []Capability{CapabilityPull, CapabilityResolve}
		if len(m.Capabilities) > 0 {
			caps = caps[:0]
			for _, c := range m.Capabilities {
				caps = append(caps, Capability(c))
			}
		}
		h.Hosts = append(h.Hosts, Host{URL: m.URL, Capabilities: caps, CA: ca, Client: client, SkipVerify: skip})
	}
	if err := h.Validate(); err != nil {
		return nil, nil, err
	}
	return h, files, nil
}
