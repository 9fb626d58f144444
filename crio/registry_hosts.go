package crio

import (
	"encoding/pem"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// CertsDir is where containers/image (and so CRI-O) looks for a
// registry's TLS material, in a directory named after the host[:port] it
// connects to: *.crt files are CA certificates trusted beside the
// system's, a NAME.cert with its NAME.key a client certificate. It reads
// the directory on each pull.
const CertsDir = "/etc/containers/certs.d"

// hostsPath names the registries WithRegistryHosts was given, by host, in
// problems.
var hostsPath = field.NewPath("registries")

// pullFromMirrorSince is the first CRI-O release whose containers/image
// (5.22) reads a mirror's pull-from-mirror; 1.24 vendors 5.17, which
// ignores the key.
var pullFromMirrorSince = v1_25

// WithRegistryHosts plans how CRI-O reaches each registry, the way
// containers/image takes it:
//
//   - a [[registry]] entry in the registries.conf drop-in, with prefix and
//     location the Host, insecure = true when PlainHTTP or SkipVerify
//     (containers/image has one "insecure" for both: plain HTTP allowed
//     and TLS not verified), and a [[registry.mirror]] per mirror, in
//     order, its location the URL's host[:port]/path (registries.conf has
//     no scheme, so an http:// mirror is insecure = true). A mirror
//     without the resolve capability gets pull-from-mirror =
//     "digest-only" (CRI-O 1.25 and later): containers/image then uses it
//     for pulls by digest only, and a pull by tag skips it where
//     containerd would fetch the tag's content from it; a mirror without
//     pull is refused. A registry with neither mirrors nor insecure needs
//     no entry and gets none, so a packaged entry of the same prefix
//     stays;
//   - its CA as CertsDir/HOST/ca.crt and CertsDir/MIRROR/ca.crt for each
//     https:// mirror (the CA signs the mirrors' certificates too), and its
//     client certificate and key as CertsDir/HOST/client.cert and
//     client.key (mode 0600), presented to the registry itself;
//   - its credentials in AuthFile (mode 0600, containers-auth.json(5):
//     base64 of "user:password", or an identity token), which the drop-in
//     names as global_auth_file, so CRI-O uses them for every pull of
//     HOST the kubelet sends no credentials for, and for the pause image
//     unless pause_image_auth_file names another file. They go to the
//     registry only, never to its mirrors: a mirror that needs its own is
//     a Registry of its own.
//
// containers/image reads certs.d and the auth file on each pull, so a
// change to them restarts nothing; CRI-O keeps registries.conf from its
// start (it rereads it on SIGHUP, or by itself with
// auto_reload_registries from 1.30, neither of which a plan does), so a
// change to that drop-in restarts crio.service, as does the drop-in that
// names the auth file. The
// entries join those of WithMirrors or WithRegistries; a host both name
// is refused. Problems are at registries."HOST", never with a secret's
// value.
func WithRegistryHosts(regs []runtime.Registry) InstallerOption {
	regs = cloneRegistries(regs)
	return installerOption(func(in *Installer) error {
		var errs field.ErrorList
		seen := map[string]bool{}
		for _, r := range regs {
			p := hostsPath.Key(r.Host)
			errs = append(errs, r.Validate(p)...)
			if seen[r.Host] {
				errs = append(errs, field.Duplicate(p.Child("host"), r.Host))
			}
			seen[r.Host] = true
			if r.Auth != nil && strings.Contains(r.Auth.Username, ":") {
				errs = append(errs, field.Invalid(p.Child("auth", "username"), r.Auth.Username,
					"containers-auth.json keeps user and password as \"user:password\": a user name cannot hold ':'"))
			}
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		in.hosts = regs
		return nil
	})
}

// hostPlan is what the Installer's registries become for its target: the
// registries.conf entries, the certs.d files and the auth file, in the
// order given.
type hostPlan struct {
	entries []Registry
	files   []runtime.File
	auth    bool
}

// planHosts builds the hostPlan of regs for the target, or refuses what
// CRI-O cannot do.
func planHosts(regs []runtime.Registry, target runtime.Version) (*hostPlan, error) {
	hp := &hostPlan{}
	var errs field.ErrorList
	owner := map[string]string{} // certs.d path -> the host whose entry writes it
	addFile := func(p *field.Path, host, node string, pemData []byte, mode fs.FileMode) {
		content := repem(pemData)
		for _, f := range hp.files {
			if f.Path != node {
				continue
			}
			if string(f.Content) != string(content) {
				errs = append(errs, field.Conflict(p, node, fmt.Sprintf("registries.%q writes this file with other content", owner[node])))
			}
			return
		}
		owner[node] = host
		hp.files = append(hp.files, runtime.File{Path: node, Mode: mode, Content: content})
	}
	for _, r := range regs {
		p := hostsPath.Key(r.Host)
		entry := Registry{Prefix: r.Host, Location: r.Host, Insecure: r.PlainHTTP || r.SkipVerify}
		var tlsMirrors []string // host[:port] of each https mirror
		for j, m := range r.Mirrors {
			mp := p.Child("mirrors").Index(j)
			u, _ := url.Parse(m.URL) // Registry.Validate parsed it
			mirror := RegistryMirror{Location: mirrorLocation(m.URL), Insecure: u.Scheme == "http"}
			switch pull, resolve := capable(m, runtime.CapabilityPull), capable(m, runtime.CapabilityResolve); {
			case !pull:
				errs = append(errs, &field.Error{Type: field.ErrNotSupported, Path: mp.Child("capabilities"), BadValue: m.Capabilities,
					Detail: "CRI-O (containers/image) resolves and pulls from one source: a mirror it may not pull from is of no use to it; give pull"})
			case !resolve && target.Before(pullFromMirrorSince):
				errs = append(errs, field.Invalid(mp.Child("capabilities"), "pull only", fmt.Sprintf(
					"CRI-O %s cannot keep a mirror to pulls by digest (pull-from-mirror needs CRI-O %s): give it resolve too, or drop it",
					target.MinorOf(), pullFromMirrorSince)))
			case !resolve:
				mirror.Extra = map[string]any{"pull-from-mirror": "digest-only"}
			}
			entry.Mirrors = append(entry.Mirrors, mirror)
			if u.Scheme == "https" {
				tlsMirrors = append(tlsMirrors, u.Host)
			}
		}
		if entry.Insecure || len(entry.Mirrors) > 0 {
			hp.entries = append(hp.entries, entry)
		}
		if len(r.CA) > 0 {
			for _, host := range append([]string{r.Host}, tlsMirrors...) {
				addFile(p.Child("ca"), r.Host, path.Join(CertsDir, host, "ca.crt"), r.CA, 0o644)
			}
		}
		if len(r.ClientCert) > 0 {
			addFile(p.Child("clientCert"), r.Host, path.Join(CertsDir, r.Host, "client.cert"), r.ClientCert, 0o644)
			addFile(p.Child("clientKey"), r.Host, path.Join(CertsDir, r.Host, "client.key"), []byte(r.ClientKey.Reveal()), 0o600)
		}
		hp.auth = hp.auth || r.Auth != nil
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	if hp.auth {
		data, err := renderAuthFile(regs)
		if err != nil {
			return nil, err
		}
		hp.files = append(hp.files, runtime.File{Path: AuthFile, Mode: 0o600, Content: data})
	}
	return hp, nil
}

// addHosts puts the registries.conf entries of WithRegistryHosts after
// those of WithMirrors or WithRegistries, refusing a host both name, and
// names the auth file in the Installer's copy of the Config, refusing
// another auth file there.
func (in *Installer) addHosts(h *hostPlan) error {
	var errs field.ErrorList
	if len(h.entries) > 0 {
		if in.registries == nil {
			in.registries = &RegistriesConfig{}
		}
		for _, e := range h.entries {
			if slices.ContainsFunc(in.registries.Registries, func(r Registry) bool { return r.prefix() == e.Prefix }) {
				errs = append(errs, field.Conflict(hostsPath.Key(e.Prefix), e.Prefix,
					"WithMirrors or WithRegistries gives this registry an entry too: give its mirrors in one place"))
			}
		}
		in.registries.Registries = append(in.registries.Registries, h.entries...)
	}
	if h.auth {
		switch p := imagePath.Child("global_auth_file"); in.cfg.Image.GlobalAuthFile {
		case "", AuthFile:
			in.cfg.Image.GlobalAuthFile = AuthFile
		default:
			errs = append(errs, field.Conflict(p, in.cfg.Image.GlobalAuthFile,
				"WithRegistryHosts writes registry credentials to "+AuthFile+" and names it here: leave the key to it"))
		}
	}
	return errs.Err()
}

// repem re-encodes every PEM block of data through encoding/pem, dropping
// any text between them, so each file holds only what its reader parses
// and ends in a newline.
func repem(data []byte) []byte {
	var out []byte
	for {
		var b *pem.Block
		if b, data = pem.Decode(data); b == nil {
			return out
		}
		out = append(out, pem.EncodeToMemory(b)...)
	}
}

// capable reports whether a mirror may be used for c; no capabilities
// means every one.
func capable(m runtime.RegistryMirror, c runtime.Capability) bool {
	return len(m.Capabilities) == 0 || slices.Contains(m.Capabilities, c)
}

// cloneRegistries copies regs deeply, so a caller's later changes do not
// reach the Installer.
func cloneRegistries(regs []runtime.Registry) []runtime.Registry {
	out := make([]runtime.Registry, len(regs))
	for i, r := range regs {
		r.Mirrors = slices.Clone(r.Mirrors)
		for j := range r.Mirrors {
			r.Mirrors[j].Capabilities = slices.Clone(r.Mirrors[j].Capabilities)
		}
		r.CA, r.ClientCert = slices.Clone(r.CA), slices.Clone(r.ClientCert)
		if r.Auth != nil {
			a := *r.Auth
			r.Auth = &a
		}
		out[i] = r
	}
	return out
}
