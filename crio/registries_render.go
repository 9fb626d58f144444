package crio

import (
	"bytes"
	"fmt"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/runtime/field"
)

// Render validates and encodes the file through go-toml/v2,
// deterministically.
func (rc *RegistriesConfig) Render() ([]byte, error) {
	if err := rc.Validate(); err != nil {
		return nil, err
	}
	doc := startFrom(rc.Extra)
	setStrings(doc, "unqualified-search-registries", rc.UnqualifiedSearchRegistries)
	setString(doc, "short-name-mode", string(rc.ShortNameMode))
	if len(rc.Registries) > 0 {
		regs := make([]tree, len(rc.Registries))
		for i, r := range rc.Registries {
			regs[i] = r.document()
		}
		doc["registry"] = regs
	}
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("registries.conf: %w", err)
	}
	return buf.Bytes(), nil
}

func (r Registry) document() tree {
	t := startFrom(r.Extra)
	setString(t, "prefix", r.Prefix)
	setString(t, "location", r.Location)
	if r.Insecure {
		t["insecure"] = true
	}
	if r.Blocked {
		t["blocked"] = true
	}
	if len(r.Mirrors) > 0 {
		ms := make([]tree, len(r.Mirrors))
		for i, m := range r.Mirrors {
			mt := startFrom(m.Extra)
			setString(mt, "location", m.Location)
			if m.Insecure {
				mt["insecure"] = true
			}
			ms[i] = mt
		}
		t["mirror"] = ms
	}
	return t
}

// registriesV1Key is the table only a version 1 registries.conf has.
const registriesV1Key = "registries"

// ParseRegistries reads a registries.conf file in the version 2 format.
// Keys it does not type are kept in Extra. A version 1 file
// ([registries.search]) is refused: containers/image still reads it, but
// it cannot hold mirrors.
func ParseRegistries(data []byte) (*RegistriesConfig, error) {
	var doc tree
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("registries.conf: %w", err)
	}
	if _, ok := doc[registriesV1Key]; ok {
		return nil, field.Invalid(field.NewTOMLPath(registriesV1Key), "[registries]", "a version 1 registries.conf: rewrite it in the version 2 format")
	}
	var p parser
	rc := &RegistriesConfig{
		UnqualifiedSearchRegistries: p.strings(doc, "unqualified-search-registries", searchPath),
		ShortNameMode:               ShortNameMode(p.string(doc, "short-name-mode", shortNamePath)),
	}
	for i, t := range p.tables(doc, "registry", registryPath) {
		rp := registryPath.Index(i)
		r := Registry{
			Prefix:   p.string(t, "prefix", rp.Child("prefix")),
			Location: p.string(t, "location", rp.Child("location")),
			Insecure: p.bool(t, "insecure", rp.Child("insecure")),
			Blocked:  p.bool(t, "blocked", rp.Child("blocked")),
		}
		for j, mt := range p.tables(t, "mirror", rp.Child("mirror")) {
			mp := rp.Child("mirror").Index(j)
			r.Mirrors = append(r.Mirrors, RegistryMirror{
				Location: p.string(mt, "location", mp.Child("location")),
				Insecure: p.bool(mt, "insecure", mp.Child("insecure")),
				Extra:    rest(mt),
			})
		}
		r.Extra = rest(t)
		rc.Registries = append(rc.Registries, r)
	}
	rc.Extra = rest(doc)
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return rc, nil
}
