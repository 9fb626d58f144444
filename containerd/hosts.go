package containerd

import (
	"bytes"
	"fmt"
	"maps"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// HostsFile is the name of a registry's file under registry.config_path.
const HostsFile = "hosts.toml"

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

// Hosts is one registry's hosts.toml, at
// <registry.config_path>/<Registry>/hosts.toml: where containerd pulls that
// registry's images from. containerd tries the Hosts in order, then Server.
type Hosts struct {
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
	// Extra holds the file's top-level keys that Hosts does not model
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

// HostsFromMirrors turns the node's mirror list into one Hosts per
// registry, in the order the registries first appear, each mirror a host
// with pull and resolve capabilities, tried in the order given.
func HostsFromMirrors(mirrors []runtime.Mirror) ([]*Hosts, error) {
	if err := runtime.ValidateMirrors(field.NewPath("mirrors"), mirrors).Err(); err != nil {
		return nil, err
	}
	return hostsFromMirrors(mirrors)
}

// hostsFromMirrors is HostsFromMirrors for mirrors ValidateMirrors has
// accepted; it validates each Hosts it builds.
func hostsFromMirrors(mirrors []runtime.Mirror) ([]*Hosts, error) {
	registries, byRegistry := runtime.MirrorsByRegistry(mirrors)
	out := make([]*Hosts, 0, len(registries))
	for _, reg := range registries {
		h := &Hosts{Registry: reg, Server: ServerFor(reg)}
		for _, u := range byRegistry[reg] {
			h.Hosts = append(h.Hosts, Host{URL: u, Capabilities: []Capability{CapabilityPull, CapabilityResolve}})
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
func (h *Hosts) Path(configPath string) string {
	return path.Join(configPath, h.Registry, HostsFile)
}

// registryDir is a registry host with an optional port, or _default.
var registryDir = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)

// httpToken is an HTTP header name.
var httpToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// Validate reports every problem that would make containerd refuse the file
// or the directory name, each with its key path.
func (h *Hosts) Validate() error {
	var errs field.ErrorList
	if h.Registry != runtime.DefaultRegistry && !registryDir.MatchString(h.Registry) {
		errs = append(errs, field.Invalid(field.NewPath("registry"), h.Registry,
			`must be a registry host such as docker.io or localhost:5000, or "_default"`))
	}
	if h.Server != "" {
		errs = append(errs, runtime.ValidateMirrorURL(field.NewTOMLPath("server"), h.Server)...)
	}
	seen := map[string]bool{}
	for i, host := range h.Hosts {
		p := field.NewTOMLPath("host").Key(host.URL)
		if host.URL == "" {
			p = field.NewTOMLPath("host").Index(i)
		}
		errs = append(errs, runtime.ValidateMirrorURL(p, host.URL)...)
		if strings.Contains(host.URL, ",") {
			errs = append(errs, field.Invalid(p, host.URL, "must not contain a comma"))
		}
		if seen[host.URL] {
			errs = append(errs, field.Duplicate(p, host.URL))
		}
		seen[host.URL] = true
		errs = append(errs, host.validate(p)...)
	}
	if len(h.Extra) > 0 {
		errs = append(errs, tomltree.CheckValues(h.Extra, nil)...)
		for _, k := range slices.Sorted(maps.Keys(h.Extra)) {
			if k == "server" || k == "host" {
				errs = append(errs, field.Conflict(field.NewTOMLPath(k), h.Extra[k], "Extra sets a key that a typed field of Hosts sets"))
			}
		}
	}
	return errs.Err()
}

func (host Host) validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[Capability]bool{}
	for i, c := range host.Capabilities {
		cp := p.Child("capabilities").Index(i)
		if !slices.Contains(Capabilities, c) {
			errs = append(errs, field.NotSupported(cp, string(c), Capabilities))
		}
		if seen[c] {
			errs = append(errs, field.Duplicate(cp, string(c)))
		}
		seen[c] = true
	}
	for i, ca := range host.CA {
		errs = append(errs, filePath(p.Child("ca").Index(i), ca)...)
	}
	for i, pair := range host.Client {
		errs = append(errs, filePath(p.Child("client").Index(i), pair[0])...)
		if pair[1] != "" {
			errs = append(errs, filePath(p.Child("client").Index(i), pair[1])...)
		}
	}
	if len(host.Header) > 0 {
		errs = append(errs, host.validateHeader(p)...)
	}
	if len(host.Extra) > 0 {
		errs = append(errs, tomltree.CheckValues(host.Extra, p)...)
		for _, k := range slices.Sorted(maps.Keys(host.Extra)) {
			switch k {
			case "capabilities", "skip_verify", "ca", "client", "header", "override_path":
				errs = append(errs, field.Conflict(p.Child(k), host.Extra[k], "Extra sets a key that a typed field of Host sets"))
			}
		}
	}
	return errs
}

func (host Host) validateHeader(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, name := range slices.Sorted(maps.Keys(host.Header)) {
		hp := p.Child("header").Key(name)
		if !httpToken.MatchString(name) {
			errs = append(errs, field.Invalid(hp, name, "not an HTTP header name"))
		}
		for _, val := range host.Header[name] {
			if strings.ContainsAny(val, "\r\n\x00") {
				errs = append(errs, field.Invalid(hp, val, "a header value must not contain a line break or NUL"))
			}
		}
	}
	return errs
}

// filePath checks a certificate path: absolute, or relative to the file's
// directory.
func filePath(p *field.Path, v string) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(p, "a file path")}
	}
	if strings.ContainsAny(v, "\x00\r\n") {
		return field.ErrorList{field.Invalid(p, v, "must not contain NUL or a line break")}
	}
	return nil
}

// Render writes the hosts.toml: the server and Extra's keys, then the host
// tables in order, through go-toml.
func (h *Hosts) Render() ([]byte, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	return h.render()
}

// render encodes Hosts that Validate has accepted.
func (h *Hosts) render() ([]byte, error) {
	doc := tomltree.Copy(h.Extra)
	if doc == nil {
		doc = tree{}
	}
	if h.Server != "" {
		doc["server"] = h.Server
	}
	if len(h.Hosts) > 0 {
		doc["host"] = orderedHosts(h.Hosts)
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).SetIndentTables(true).Encode(doc); err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	return buf.Bytes(), nil
}

// orderedHosts returns the host tables in order: containerd tries the
// hosts in the order the file lists them. go-toml sorts the keys of a map
// (by byte order) and keeps the order of a struct's fields, so hosts whose
// URLs are already in byte order go in a map, and others in a struct built
// for them, whose fields are named by the URLs.
func orderedHosts(hosts []Host) any {
	if slices.IsSortedFunc(hosts, func(a, b Host) int { return strings.Compare(a.URL, b.URL) }) {
		t := make(tree, len(hosts))
		for _, host := range hosts {
			t[host.URL] = host.table()
		}
		return t
	}
	fields := make([]reflect.StructField, len(hosts))
	for i, host := range hosts {
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("Host%d", i),
			Type: reflect.TypeFor[tree](),
			Tag:  reflect.StructTag("toml:" + strconv.Quote(host.URL)),
		}
	}
	v := reflect.New(reflect.StructOf(fields)).Elem()
	for i, host := range hosts {
		v.Field(i).Set(reflect.ValueOf(host.table()))
	}
	return v.Interface()
}

// table is the host's table as a tree: typed keys and Extra.
func (host Host) table() tree {
	t := tomltree.Copy(host.Extra)
	if t == nil {
		t = tree{}
	}
	if len(host.Capabilities) > 0 {
		caps := make([]any, len(host.Capabilities))
		for i, c := range host.Capabilities {
			caps[i] = string(c)
		}
		t["capabilities"] = caps
	}
	if host.SkipVerify != nil {
		t["skip_verify"] = *host.SkipVerify
	}
	if len(host.CA) > 0 {
		t["ca"] = stringsToAny(host.CA)
	}
	if len(host.Client) > 0 {
		pairs := make([]any, len(host.Client))
		for i, p := range host.Client {
			pairs[i] = []any{p[0], p[1]}
		}
		t["client"] = pairs
	}
	if len(host.Header) > 0 {
		hdr := tree{}
		for name, vals := range host.Header {
			hdr[name] = stringsToAny(vals)
		}
		t["header"] = hdr
	}
	if host.OverridePath {
		t["override_path"] = true
	}
	return t
}

// PlanFile renders the file at its node path under configPath.
func (h *Hosts) PlanFile(configPath string) (runtime.File, error) {
	return h.planFile(configPath, h.Render)
}

// planFile checks configPath and renders the file with render: Render, or
// render for Hosts that Validate has just accepted.
func (h *Hosts) planFile(configPath string, render func() ([]byte, error)) (runtime.File, error) {
	if err := runtime.ValidateNodePath(field.NewPath("config_path"), configPath).Err(); err != nil {
		return runtime.File{}, err
	}
	b, err := render()
	if err != nil {
		return runtime.File{}, err
	}
	return runtime.File{Path: h.Path(configPath), Mode: 0o644, Content: b}, nil
}

// ParseHosts reads registry's hosts.toml. It accepts the forms containerd
// accepts (`ca` and `client` as a string or an array, a header value as a
// string or an array) and keeps the host tables in file order. Keys Hosts
// does not model stay in Extra; comments are not kept.
func ParseHosts(registry string, data []byte) (*Hosts, error) {
	var doc tree
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	order, err := hostOrder(data)
	if err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	h := &Hosts{Registry: registry}
	var errs field.ErrorList
	if v, ok := doc["server"]; ok {
		s, isString := v.(string)
		if !isString {
			errs = append(errs, field.Invalid(field.NewTOMLPath("server"), v, "must be a string"))
		}
		h.Server = s
		delete(doc, "server")
	}
	hosts, _ := doc["host"].(tree)
	if v, ok := doc["host"]; ok && hosts == nil {
		errs = append(errs, field.Invalid(field.NewTOMLPath("host"), v, "must be a table of host tables"))
	}
	delete(doc, "host")
	for _, u := range order {
		t, isTable := hosts[u].(tree)
		if !isTable {
			continue
		}
		host, e := parseHost(field.NewTOMLPath("host").Key(u), u, t)
		errs = append(errs, e...)
		h.Hosts = append(h.Hosts, host)
	}
	if len(doc) > 0 {
		h.Extra = doc
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

func parseHost(p *field.Path, u string, t tree) (Host, field.ErrorList) {
	host := Host{URL: u}
	var errs field.ErrorList
	strs := func(k string, v any) []string {
		switch v := v.(type) {
		case string:
			return []string{v}
		case []any:
			out := make([]string, len(v))
			for i, x := range v {
				s, ok := x.(string)
				if !ok {
					errs = append(errs, field.Invalid(p.Child(k).Index(i), x, "must be a string"))
				}
				out[i] = s
			}
			return out
		}
		errs = append(errs, field.Invalid(p.Child(k), v, "must be a string or an array of strings"))
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		v := t[k]
		switch k {
		case "capabilities":
			for _, c := range strs(k, v) {
				host.Capabilities = append(host.Capabilities, Capability(strings.ToLower(c)))
			}
		case "skip_verify":
			b, ok := v.(bool)
			if !ok {
				errs = append(errs, field.Invalid(p.Child(k), v, "must be true or false"))
			}
			host.SkipVerify = &b
		case "ca":
			host.CA = strs(k, v)
		case "client":
			host.Client = parseClient(p.Child(k), v, &errs)
		case "header":
			hdr, ok := v.(tree)
			if !ok {
				errs = append(errs, field.Invalid(p.Child(k), v, "must be a table"))
				continue
			}
			host.Header = map[string][]string{}
			for _, name := range slices.Sorted(maps.Keys(hdr)) {
				host.Header[name] = strs(k+"."+name, hdr[name])
			}
		case "override_path":
			b, ok := v.(bool)
			if !ok {
				errs = append(errs, field.Invalid(p.Child(k), v, "must be true or false"))
			}
			host.OverridePath = b
		default:
			if host.Extra == nil {
				host.Extra = tree{}
			}
			host.Extra[k] = v
		}
	}
	return host, errs
}

// parseClient reads `client` as containerd does: a file, a list of files, or
// a list of [certificate, key] pairs.
func parseClient(p *field.Path, v any, errs *field.ErrorList) [][2]string {
	switch v := v.(type) {
	case string:
		return [][2]string{{v, ""}}
	case []any:
		var out [][2]string
		for i, x := range v {
			switch x := x.(type) {
			case string:
				out = append(out, [2]string{x, ""})
			case []any:
				var a, b string
				aok, bok := false, false
				if len(x) == 2 {
					a, aok = x[0].(string)
					b, bok = x[1].(string)
				}
				if !aok || !bok {
					*errs = append(*errs, field.Invalid(p.Index(i), x, "must be a [certificate, key] pair of strings"))
					continue
				}
				out = append(out, [2]string{a, b})
			default:
				*errs = append(*errs, field.Invalid(p.Index(i), x, "must be a file or a [certificate, key] pair"))
			}
		}
		return out
	}
	*errs = append(*errs, field.Invalid(p, v, "must be a file or a list of files or pairs"))
	return nil
}

// hostOrder lists the host tables in the order the file declares them,
// which a decoded map loses, through go-toml's parser.
func hostOrder(data []byte) ([]string, error) {
	var p unstable.Parser
	p.Reset(data)
	var order []string
	seen := map[string]bool{}
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind != unstable.Table {
			continue
		}
		var parts []string
		for it := e.Key(); it.Next(); {
			parts = append(parts, string(it.Node().Data))
		}
		if len(parts) >= 2 && parts[0] == "host" && !seen[parts[1]] {
			seen[parts[1]] = true
			order = append(order, parts[1])
		}
	}
	return order, p.Error()
}
