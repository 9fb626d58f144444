package docker

import (
	"bytes"
	"net/url"
	"path"
	"slices"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// CertsDir is where dockerd looks, on every pull, for a registry's TLS
// material: a directory per registry host (with its port) holding CA
// bundles (*.crt) and client pairs (NAME.cert with NAME.key).
const CertsDir = "/etc/docker/certs.d"

// The files WithRegistryHosts writes in a registry's directory under
// CertsDir.
const (
	CAFile         = "ca.crt"
	ClientCertFile = "client.cert"
	ClientKeyFile  = "client.key"
)

// dockerHubNames are the registry names dockerd takes for Docker Hub: it
// reads no certs.d and no insecure-registries entry for them, only
// registry-mirrors.
var dockerHubNames = []string{DockerHub, "index.docker.io"}

// registryHosts is what WithRegistryHosts makes of its registries: the
// daemon.json keys they need and the certs.d files.
type registryHosts struct {
	insecure []string
	mirrors  []string
	files    []runtime.File
}

// WithRegistryHosts renders a node's registries the way Docker can:
//
//   - PlainHTTP and SkipVerify put the host in insecure-registries, which
//     means both to dockerd: it tries HTTPS accepting any certificate, then
//     plain HTTP;
//   - CA, ClientCert and ClientKey become CertsDir/<host>/ca.crt,
//     client.cert and client.key (the key mode 0600), which dockerd reads on
//     every pull, so a change restarts nothing;
//   - mirrors of docker.io become registry-mirrors, after those of
//     WithMirrors, and docker.io's CA and client pair go in the directory of
//     each https:// mirror (dockerd reads none for Docker Hub itself).
//
// It refuses, at registries.<host>, what dockerd cannot do rather than drop
// it: mirrors of any registry but docker.io (Docker mirrors only docker.io),
// a mirror for only pull or only resolve (dockerd uses a mirror for both),
// plain HTTP or skip-verify for Docker Hub, a client certificate with
// skip-verify (dockerd reads no certs.d for an insecure registry), and
// credentials: dockerd has no daemon-level pull credentials; the kubelet
// passes them to cri-dockerd with each pull (an image pull secret or a
// kubelet image credential provider). A later WithRegistryHosts replaces
// an earlier one. Next to WithConfig, that daemon.json must already list
// the insecure registries and mirrors the registries need.
func WithRegistryHosts(regs []runtime.Registry) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		hosts, errs := newRegistryHosts(regs)
		if len(errs) > 0 {
			return errs.Err()
		}
		in.registries = hosts
		return nil
	})
}

// registryPath names registry i in problems by its host, or by its index
// when it has none.
func registryPath(i int, r runtime.Registry) *field.Path {
	if r.Host == "" {
		return field.NewPath("registries").Index(i)
	}
	return field.NewPath("registries").Key(r.Host)
}

// newRegistryHosts validates regs for Docker and renders them.
func newRegistryHosts(regs []runtime.Registry) (*registryHosts, field.ErrorList) {
	var errs field.ErrorList
	h := &registryHosts{}
	seen := map[string]bool{}
	dirs := map[string]string{} // certs.d directory -> the registry that writes it
	for i, r := range regs {
		p := registryPath(i, r)
		if e := r.Validate(p); len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		if seen[r.Host] {
			errs = append(errs, field.Duplicate(p.Child("host"), r.Host))
			continue
		}
		seen[r.Host] = true
		hub := slices.Contains(dockerHubNames, r.Host)
		errs = append(errs, checkRegistry(p, r, hub)...)
		if hub {
			for _, m := range r.Mirrors {
				h.mirrors = append(h.mirrors, m.URL)
			}
		} else if r.PlainHTTP || r.SkipVerify {
			h.insecure = append(h.insecure, r.Host)
		}
		for _, host := range certsHosts(r, hub) {
			if other, ok := dirs[host]; ok {
				errs = append(errs, field.Conflict(p, host, "its TLS material goes to "+path.Join(CertsDir, host)+", which registry "+other+" writes too"))
				continue
			}
			dirs[host] = r.Host
			h.files = append(h.files, certsFiles(host, r)...)
		}
	}
	return h, errs
}

// checkRegistry refuses what dockerd cannot do with a valid registry.
func checkRegistry(p *field.Path, r runtime.Registry, hub bool) field.ErrorList {
	var errs field.ErrorList
	if r.Auth != nil {
		errs = append(errs, field.Forbidden(p.Child("auth"), r.Host,
			"Docker has no daemon-level pull credentials: the kubelet passes them to cri-dockerd with each pull (an image pull secret or a kubelet image credential provider)"))
	}
	switch {
	case !hub && len(r.Mirrors) > 0:
		errs = append(errs, field.Forbidden(p.Child("mirrors"), r.Host, "Docker mirrors only docker.io: dockerd's registry-mirrors serve Docker Hub images alone"))
	case hub:
		for j, m := range r.Mirrors {
			if len(m.Capabilities) > 0 && !(slices.Contains(m.Capabilities, runtime.CapabilityPull) && slices.Contains(m.Capabilities, runtime.CapabilityResolve)) {
				errs = append(errs, field.Invalid(p.Child("mirrors").Index(j).Child("capabilities"), m.Capabilities,
					"dockerd uses a registry mirror both to pull and to resolve: give both capabilities, or none"))
			}
		}
		for _, c := range []struct {
			key string
			on  bool
		}{{"plainHTTP", r.PlainHTTP}, {"skipVerify", r.SkipVerify}} {
			if c.on {
				errs = append(errs, field.Forbidden(p.Child(c.key), true, "dockerd always verifies Docker Hub: docker.io cannot be an insecure registry"))
			}
		}
		if (len(r.CA) > 0 || len(r.ClientCert) > 0) && len(certsHosts(r, hub)) == 0 {
			key := "ca"
			if len(r.CA) == 0 {
				key = "clientCert"
			}
			errs = append(errs, field.Forbidden(p.Child(key), r.Host, "dockerd reads no certs.d for Docker Hub itself, only for its https:// mirrors, and this registry has none"))
		}
	}
	if r.SkipVerify && len(r.ClientCert) > 0 {
		errs = append(errs, field.Forbidden(p.Child("skipVerify"), true,
			"dockerd reads no certs.d for an insecure registry, so the client certificate would not be presented"))
	}
	return errs
}

// certsHosts are the directories under CertsDir that hold r's TLS material:
// its own, or for Docker Hub those of its https:// mirrors.
func certsHosts(r runtime.Registry, hub bool) []string {
	if len(r.CA) == 0 && len(r.ClientCert) == 0 {
		return nil
	}
	if !hub {
		return []string{r.Host}
	}
	var hosts []string
	for _, m := range r.Mirrors {
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "https" && !slices.Contains(hosts, u.Host) {
			hosts = append(hosts, u.Host)
		}
	}
	return hosts
}

// certsFiles are r's files in CertsDir/host. None restarts dockerd: it
// reads the directory on every pull.
func certsFiles(host string, r runtime.Registry) []runtime.File {
	dir := path.Join(CertsDir, host)
	var files []runtime.File
	if len(r.CA) > 0 {
		files = append(files, runtime.File{Path: path.Join(dir, CAFile), Mode: 0o644, Content: pemFile(r.CA)})
	}
	if len(r.ClientCert) > 0 {
		files = append(files,
			runtime.File{Path: path.Join(dir, ClientCertFile), Mode: 0o644, Content: pemFile(r.ClientCert)},
			runtime.File{Path: path.Join(dir, ClientKeyFile), Mode: 0o600, Content: pemFile([]byte(r.ClientKey.Reveal()))})
	}
	return files
}

// pemFile is PEM content as a file: ending in a newline, which PEM readers
// ignore and line-based tools expect.
func pemFile(b []byte) []byte {
	out := bytes.Clone(b)
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out
}

// setting adds the registries' daemon.json keys after what the options set.
func (h *registryHosts) setting() ConfigOption {
	return ConfigOption{Name: "WithRegistryHosts", Set: func(b *builder) error {
		for _, host := range h.insecure {
			if !slices.Contains(b.cfg.InsecureRegistries, host) {
				b.cfg.InsecureRegistries = append(b.cfg.InsecureRegistries, host)
			}
		}
		b.cfg.RegistryMirrors = append(b.cfg.RegistryMirrors, h.mirrors...)
		return nil
	}}
}

// check reports what the registries need that cfg lacks: a daemon.json
// given whole, by WithConfig, must hold them itself.
func (h *registryHosts) check(cfg *DaemonConfig) field.ErrorList {
	var errs field.ErrorList
	for _, host := range h.insecure {
		if !slices.Contains(cfg.InsecureRegistries, host) {
			errs = append(errs, field.Required(field.NewPath("insecure-registries"), "registry "+host+" is plain HTTP or skips verification: list it"))
		}
	}
	for _, m := range h.mirrors {
		if !slices.Contains(cfg.RegistryMirrors, m) {
			errs = append(errs, field.Required(field.NewPath("registry-mirrors"), "docker.io's mirror "+m+" must be listed"))
		}
	}
	return errs
}
