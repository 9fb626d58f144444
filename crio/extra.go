package crio

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// extra reports every Extra and TopLevel key the target release does not
// read: unknown ones, ones added by a later release, removed ones, and
// deprecated ones.
func (v *validator) extra(c *Config) {
	for _, k := range slices.Sorted(maps.Keys(c.TopLevel)) {
		if k == "crio" {
			continue // a collision, reported by structure
		}
		v.warns = append(v.warns, field.Unknown(field.NewTOMLPath(k), "CRI-O reads only the [crio] table and ignores this"))
	}
	v.keys("crio", crioPath, c.Extra)
	v.keys("crio.api", apiPath, c.API.Extra)
	v.keys("crio.runtime", runtimePath, c.Runtime.Extra)
	for _, name := range slices.Sorted(maps.Keys(c.Runtime.Runtimes)) {
		v.keys(runtimesTable+".*", runtimesPath.Child(name), c.Runtime.Runtimes[name].Extra)
	}
	v.keys("crio.image", imagePath, c.Image.Extra)
	v.keys("crio.network", networkPath, c.Network.Extra)
}

// keys checks the keys of one table. table is its dotted name with "*"
// for a name the user chose (crio.runtime.runtimes.*); p its path.
func (v *validator) keys(table string, p *field.Path, m tree) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		kp := p.Child(k)
		sub := table + "." + k
		val := m[k]
		if isTyped(table, k) {
			continue // a collision, reported by structure
		}
		if openTables[sub] {
			continue
		}
		if sub == runtimesTable || sub == workloadsTable {
			v.named(sub, kp, val)
			continue
		}
		span, isKey := knownKeys[table][k]
		tspan, isTable := knownTables[sub]
		switch {
		case isKey:
		case isTable:
			span = tspan
		default:
			v.warns = append(v.warns, field.Unknown(kp, fmt.Sprintf("CRI-O %s does not know it and ignores it", v.target.MinorOf())))
			continue
		}
		if !span.KnownIn(v.target) {
			v.unknownIn(kp, span)
			continue
		}
		v.deprecated(table, k, kp)
		if t, ok := val.(tree); ok && isTable {
			v.keys(sub, kp, t)
		}
	}
}

// named checks a table of tables keyed by names (runtimes, workloads).
func (v *validator) named(table string, p *field.Path, val any) {
	t, ok := val.(tree)
	if !ok {
		v.errs = append(v.errs, field.Invalid(p, fmt.Sprintf("%T", val), "must be a table of tables, one per name"))
		return
	}
	for _, name := range slices.Sorted(maps.Keys(t)) {
		sub, ok := t[name].(tree)
		if !ok {
			v.errs = append(v.errs, field.Invalid(p.Child(name), fmt.Sprintf("%T", t[name]), "must be a table"))
			continue
		}
		v.keys(table+".*", p.Child(name), sub)
	}
}

// unknownIn reports a known key that the target release does not read.
func (v *validator) unknownIn(p *field.Path, span runtime.Lifecycle) {
	if span.RemovedIn(v.target) {
		v.warns = append(v.warns, field.Removed(p, nil, fmt.Sprintf("removed in CRI-O %s: CRI-O %s ignores it", span.Removed, v.target.MinorOf())))
		return
	}
	v.warns = append(v.warns, field.Unknown(p, fmt.Sprintf("added in CRI-O %s: CRI-O %s ignores it", span.Since, v.target.MinorOf())))
}

func isTyped(table, key string) bool {
	for _, k := range typedKeys[table] {
		if k == key {
			return true
		}
	}
	return false
}
