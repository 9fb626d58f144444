package hosts

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// registryDir is a registry host with an optional port, or _default.
var registryDir = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)

// httpToken is an HTTP header name.
var httpToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// Validate reports every problem that would make containerd refuse the file
// or the directory name, each with its key path.
func (h *File) Validate() error {
	var errs field.ErrorList
	if h.Registry != runtime.DefaultRegistry && !registryDir.MatchString(h.Registry) {
		errs = append(errs, field.Invalid(field.NewPath("registry"), h.Registry,
			`must be a registry host such as docker.io or localhost:5000, or "_default"`))
	}
	// Paths are built only for a problem: a URL is checked without one
	// first, and again at its path when it has a problem.
	if h.Server != "" && len(runtime.ValidateMirrorURL(nil, h.Server)) > 0 {
		errs = append(errs, runtime.ValidateMirrorURL(field.NewTOMLPath("server"), h.Server)...)
	}
	seen := map[string]bool{}
	for i, host := range h.Hosts {
		p := func() *field.Path {
			if host.URL == "" {
				return field.NewTOMLPath("host").Index(i)
			}
			return field.NewTOMLPath("host").Key(host.URL)
		}
		if len(runtime.ValidateMirrorURL(nil, host.URL)) > 0 {
			errs = append(errs, runtime.ValidateMirrorURL(p(), host.URL)...)
		}
		if strings.Contains(host.URL, ",") {
			errs = append(errs, field.Invalid(p(), host.URL, "must not contain a comma"))
		}
		if seen[host.URL] {
			errs = append(errs, field.Duplicate(p(), host.URL))
		}
		seen[host.URL] = true
		errs = append(errs, host.validate(p)...)
	}
	if len(h.Extra) > 0 {
		errs = append(errs, tomltree.CheckValues(h.Extra, nil)...)
		for _, k := range slices.Sorted(maps.Keys(h.Extra)) {
			if k == "server" || k == "host" {
				errs = append(errs, field.Conflict(field.NewTOMLPath(k), h.Extra[k], "Extra sets a key that a typed field of File sets"))
			}
		}
	}
	return errs.Err()
}

// validate checks the host's fields below the path p returns, called only
// for a problem.
func (host Host) validate(at func() *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[Capability]bool{}
	for i, c := range host.Capabilities {
		if !slices.Contains(Capabilities, c) {
			errs = append(errs, field.NotSupported(at().Child("capabilities").Index(i), string(c), Capabilities))
		}
		if seen[c] {
			errs = append(errs, field.Duplicate(at().Child("capabilities").Index(i), string(c)))
		}
		seen[c] = true
	}
	if len(host.CA) == 0 && len(host.Client) == 0 && len(host.Header) == 0 && len(host.Extra) == 0 {
		return errs
	}
	p := at()
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
