package crio

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// domainWithPort is a registry host with an optional port, as
// containers/image's anchoredDomainRegexp accepts it for
// unqualified-search-registries.
var domainWithPort = regexp.MustCompile(`^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?::[0-9]+)?$`)

var (
	searchPath    = field.NewTOMLPath("unqualified-search-registries")
	shortNamePath = field.NewTOMLPath("short-name-mode")
	registryPath  = field.NewTOMLPath("registry")
)

// registriesTyped are the keys RegistriesConfig types, by table.
var registriesTyped = map[string][]string{
	"":                {"unqualified-search-registries", "short-name-mode", "registry"},
	"registry":        {"prefix", "location", "insecure", "blocked", "mirror"},
	"registry.mirror": {"location", "insecure"},
}

// Validate checks the file as containers/image reads it and returns every
// problem it or CRI-O would refuse (containers/image fails the whole
// configuration, and CRI-O every pull, on one bad entry), and what it would
// silently drop (a second entry with the same prefix).
func (rc *RegistriesConfig) Validate() error {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, r := range rc.UnqualifiedSearchRegistries {
		p := searchPath.Index(i)
		switch {
		case !domainWithPort.MatchString(strings.TrimRight(r, "/")):
			errs = append(errs, field.Invalid(p, r, "must be a registry host[:port], such as docker.io"))
		case seen[r]:
			errs = append(errs, field.Duplicate(p, r))
		}
		seen[r] = true
	}
	switch rc.ShortNameMode {
	case "", ShortNameEnforcing, ShortNamePermissive, ShortNameDisabled:
	default:
		errs = append(errs, field.NotSupported(shortNamePath, string(rc.ShortNameMode), ShortNameModes))
	}
	prefixes := map[string]int{}
	byLocation := map[string]Registry{}
	for i, r := range rc.Registries {
		p := registryPath.Index(i)
		errs = append(errs, r.validate(p)...)
		prefix := r.prefix()
		if j, ok := prefixes[prefix]; ok {
			errs = append(errs, field.Duplicate(p.Child("prefix"), fmt.Sprintf("%s (registry[%d] has it: containers/image ignores this one)", prefix, j)))
		} else {
			prefixes[prefix] = i
		}
		loc := strings.TrimRight(r.Location, "/")
		if loc == "" {
			loc = prefix
		}
		if other, ok := byLocation[loc]; ok && (other.Insecure != r.Insecure || other.Blocked != r.Blocked) {
			errs = append(errs, field.Conflict(p.Child("location"), loc, "the same location with another insecure or blocked setting: containers/image refuses the file"))
		}
		byLocation[loc] = r
	}
	errs = append(errs, rc.structure()...)
	return errs.Err()
}

func (r Registry) validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateLocation(p.Child("prefix"), r.Prefix)...)
	errs = append(errs, validateLocation(p.Child("location"), r.Location)...)
	switch {
	case r.Prefix == "" && r.Location == "":
		errs = append(errs, field.Required(p.Child("location"), "prefix or location is required"))
	case r.Location == "" && !strings.HasPrefix(r.Prefix, "*."):
		errs = append(errs, field.Required(p.Child("location"), "only a *.domain prefix may go without a location"))
	}
	for j, m := range r.Mirrors {
		mp := p.Child("mirror").Index(j).Child("location")
		if m.Location == "" {
			errs = append(errs, field.Required(mp, "a mirror needs a location"))
			continue
		}
		errs = append(errs, validateLocation(mp, m.Location)...)
	}
	return errs
}

// validateLocation checks a prefix or location: no scheme (containers/image
// refuses one), no whitespace or quote.
func validateLocation(p *field.Path, v string) field.ErrorList {
	switch {
	case strings.Contains(v, "://"):
		return field.ErrorList{field.Invalid(p, v, "must not have a scheme: write host[:port][/path] and set insecure for plain HTTP")}
	case strings.ContainsAny(v, " \t\r\n\"'\\"):
		return field.ErrorList{field.Invalid(p, v, "must hold no whitespace, quote or backslash")}
	}
	return nil
}

// structure reports Extra keys that collide with typed ones and values
// TOML cannot hold.
func (rc *RegistriesConfig) structure() field.ErrorList {
	var errs field.ErrorList
	collide := func(p *field.Path, table string, extra tree) {
		for _, k := range registriesTyped[table] {
			if _, ok := extra[k]; ok {
				errs = append(errs, field.Conflict(childOf(p, k), k, "set in Extra but typed: set the field instead"))
			}
		}
		errs = append(errs, tomltree.CheckValues(extra, p)...)
	}
	collide(nil, "", rc.Extra)
	for i, r := range rc.Registries {
		collide(registryPath.Index(i), "registry", r.Extra)
		for j, m := range r.Mirrors {
			collide(registryPath.Index(i).Child("mirror").Index(j), "registry.mirror", m.Extra)
		}
	}
	return errs
}

// childOf is p.Child(k), or a top-level TOML path when p is nil.
func childOf(p *field.Path, k string) *field.Path {
	if p == nil {
		return field.NewTOMLPath(k)
	}
	return p.Child(k)
}
