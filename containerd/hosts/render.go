package hosts

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Render writes the hosts.toml: the server and Extra's keys, then the host
// tables in order, through go-toml.
func (h *File) Render() ([]byte, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	return h.render()
}

// render encodes a File that Validate has accepted: its typed document
// or, where that cannot hold it, its tree.
func (h *File) render() ([]byte, error) {
	var doc any
	if typed, ok := h.typedDocument(); ok {
		doc = typed
	} else {
		doc = h.tree()
	}
	data, err := tomltree.Encode(doc)
	if err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	return data, nil
}

// tree is the whole file as a tree: Extra's keys, the server and the host
// tables.
func (h *File) tree() tomltree.Tree {
	doc := tomltree.Copy(h.Extra)
	if doc == nil {
		doc = tomltree.Tree{}
	}
	if h.Server != "" {
		doc["server"] = h.Server
	}
	// An empty [host] table where there is no host: containerd before
	// 1.7.35 (Debian 12's 1.6.20 among them) refuses a hosts.toml without
	// one ("invalid `host` tree") and drops the registry's settings.
	if len(h.Hosts) > 0 {
		doc["host"] = orderedHosts(h.Hosts)
	} else {
		doc["host"] = tomltree.Tree{}
	}
	return doc
}

// orderedHosts returns the host tables in order: containerd tries the
// hosts in the order the file lists them. go-toml sorts the keys of a map
// (by byte order) and keeps the order of a struct's fields, so hosts whose
// URLs are already in byte order go in a map, and others in a struct built
// for them, whose fields are named by the URLs.
func orderedHosts(hosts []Host) any {
	if slices.IsSortedFunc(hosts, func(a, b Host) int { return strings.Compare(a.URL, b.URL) }) {
		t := make(tomltree.Tree, len(hosts))
		for _, host := range hosts {
			t[host.URL] = host.table()
		}
		return t
	}
	fields := make([]reflect.StructField, len(hosts))
	for i, host := range hosts {
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("Host%d", i),
			Type: reflect.TypeFor[tomltree.Tree](),
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
func (host Host) table() tomltree.Tree {
	t := tomltree.Copy(host.Extra)
	if t == nil {
		t = tomltree.Tree{}
	}
	if len(host.Capabilities) > 0 {
		caps := make([]any, len(host.Capabilities))
		for i, c := range host.Capabilities {
			caps[i] = capabilityValue(c)
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
		hdr := tomltree.Tree{}
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

// capabilityValue is c as the tree holds it; the known capabilities are
// constants, which become an interface value without an allocation.
func capabilityValue(c Capability) any {
	switch c {
	case CapabilityPull:
		return string(CapabilityPull)
	case CapabilityResolve:
		return string(CapabilityResolve)
	case CapabilityPush:
		return string(CapabilityPush)
	}
	return string(c)
}

// configPathPath is where planFile reports a bad config_path.
var configPathPath = field.NewPath("config_path")

// PlanFile renders the file at its node path under configPath.
func (h *File) PlanFile(configPath string) (runtime.File, error) {
	return h.planFile(configPath, h.Render)
}

// planFile checks configPath and renders the file with render: Render, or
// render for a File that Validate has just accepted.
func (h *File) planFile(configPath string, render func() ([]byte, error)) (runtime.File, error) {
	if err := runtime.ValidateNodePath(configPathPath, configPath).Err(); err != nil {
		return runtime.File{}, err
	}
	b, err := render()
	if err != nil {
		return runtime.File{}, err
	}
	// configPath is a clean absolute path but "/", and the registry a
	// host name or _default, both checked by now: their join is
	// h.Path's, without path.Join's cleaning copy.
	return runtime.File{Path: configPath + "/" + h.Registry + "/" + FileName, Mode: 0o644, Content: b}, nil
}

// PlanFiles is the hosts.toml of every mirrored registry (FromMirrors), each
// at its node path under configPath, in the order the registries first
// appear.
func PlanFiles(configPath string, mirrors []runtime.Mirror) ([]runtime.File, error) {
	files, err := FromMirrors(mirrors)
	if err != nil {
		return nil, err
	}
	out := make([]runtime.File, 0, len(files))
	for _, h := range files {
		// FromMirrors has validated each.
		f, err := h.planFile(configPath, h.render)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Registry, err)
		}
		out = append(out, f)
	}
	return out, nil
}

func stringsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
