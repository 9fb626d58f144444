package main

import (
	"fmt"

	"github.com/containers/image/v5/docker/reference"
	"github.com/containers/image/v5/pkg/sysregistriesv2"
	"github.com/containers/image/v5/types"
)

// registriesReport is what containers/image read from registries.conf and
// its drop-ins.
type registriesReport struct {
	UnqualifiedSearchRegistries []string          `json:"unqualified_search_registries"`
	ShortNameMode               string            `json:"short_name_mode"`
	Registries                  []registryReport  `json:"registries"`
	Find                        map[string]lookup `json:"find,omitempty"`
}

type registryReport struct {
	Prefix   string         `json:"prefix"`
	Location string         `json:"location"`
	Insecure bool           `json:"insecure"`
	Blocked  bool           `json:"blocked"`
	Mirrors  []mirrorReport `json:"mirrors"`
}

type mirrorReport struct {
	Location string `json:"location"`
	Insecure bool   `json:"insecure"`
}

// lookup is where an image would be pulled from: the registry entry that
// matched (empty when none did) and its pull sources in order, mirrors
// first.
type lookup struct {
	Prefix      string         `json:"prefix"`
	PullSources []mirrorReport `json:"pull_sources"`
}

// loadRegistries loads the registries configuration under a node root.
func loadRegistries(root string, finds []string) (*registriesReport, error) {
	sys := &types.SystemContext{RootForImplicitAbsolutePaths: root}
	regs, err := sysregistriesv2.GetRegistries(sys)
	if err != nil {
		return nil, fmt.Errorf("registries: %w", err)
	}
	search, err := sysregistriesv2.UnqualifiedSearchRegistries(sys)
	if err != nil {
		return nil, fmt.Errorf("unqualified-search-registries: %w", err)
	}
	mode, err := sysregistriesv2.GetShortNameMode(sys)
	if err != nil {
		return nil, fmt.Errorf("short-name-mode: %w", err)
	}
	r := &registriesReport{UnqualifiedSearchRegistries: search, ShortNameMode: shortNameMode(mode), Registries: []registryReport{}}
	for _, reg := range regs {
		rr := registryReport{Prefix: reg.Prefix, Location: reg.Location, Insecure: reg.Insecure, Blocked: reg.Blocked, Mirrors: []mirrorReport{}}
		for _, m := range reg.Mirrors {
			rr.Mirrors = append(rr.Mirrors, mirrorReport{Location: m.Location, Insecure: m.Insecure})
		}
		r.Registries = append(r.Registries, rr)
	}
	if len(finds) > 0 {
		r.Find = map[string]lookup{}
	}
	for _, image := range finds {
		l, err := find(sys, image)
		if err != nil {
			return nil, err
		}
		r.Find[image] = l
	}
	return r, nil
}

func find(sys *types.SystemContext, image string) (lookup, error) {
	ref, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return lookup{}, fmt.Errorf("find %s: %w", image, err)
	}
	reg, err := sysregistriesv2.FindRegistry(sys, ref.String())
	if err != nil {
		return lookup{}, fmt.Errorf("find %s: %w", image, err)
	}
	l := lookup{PullSources: []mirrorReport{}}
	if reg == nil {
		return l, nil
	}
	l.Prefix = reg.Prefix
	sources, err := reg.PullSourcesFromReference(ref)
	if err != nil {
		return lookup{}, fmt.Errorf("find %s: %w", image, err)
	}
	for _, s := range sources {
		l.PullSources = append(l.PullSources, mirrorReport{Location: s.Reference.String(), Insecure: s.Endpoint.Insecure})
	}
	return l, nil
}

func shortNameMode(m types.ShortNameMode) string {
	switch m {
	case types.ShortNameModeDisabled:
		return "disabled"
	case types.ShortNameModePermissive:
		return "permissive"
	case types.ShortNameModeEnforcing:
		return "enforcing"
	}
	return ""
}
