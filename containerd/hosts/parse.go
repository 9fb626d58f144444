package hosts

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// Parse reads registry's hosts.toml. It accepts the forms containerd
// accepts (`ca` and `client` as a string or an array, a header value as a
// string or an array) and keeps the host tables in file order. An empty
// list or header table reads as absent, as containerd reads it. Keys File
// does not model stay in Extra; comments are not kept. A file nested
// deeper or holding more keys than tomltree.Decode reads is refused with
// its field.ErrTooLong problem.
func Parse(registry string, data []byte) (*File, error) {
	doc, err := tomltree.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	order, err := hostOrder(data)
	if err != nil {
		return nil, fmt.Errorf("hosts.toml: %w", err)
	}
	h := &File{Registry: registry}
	var errs field.ErrorList
	if v, ok := doc["server"]; ok {
		s, isString := v.(string)
		if !isString {
			errs = append(errs, field.Invalid(field.NewTOMLPath("server"), v, "must be a string"))
		}
		h.Server = s
		delete(doc, "server")
	}
	hosts, _ := doc["host"].(tomltree.Tree)
	if v, ok := doc["host"]; ok && hosts == nil {
		errs = append(errs, field.Invalid(field.NewTOMLPath("host"), v, "must be a table of host tables"))
	}
	delete(doc, "host")
	for _, u := range order {
		t, isTable := hosts[u].(tomltree.Tree)
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

func parseHost(p *field.Path, u string, t tomltree.Tree) (Host, field.ErrorList) {
	host := Host{URL: u}
	var errs field.ErrorList
	strs := func(k string, v any) []string {
		switch v := v.(type) {
		case string:
			return []string{v}
		case []any:
			// containerd reads an empty list as no value at all, and
			// so does File: it renders back as nothing.
			if len(v) == 0 {
				return nil
			}
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
			hdr, ok := v.(tomltree.Tree)
			if !ok {
				errs = append(errs, field.Invalid(p.Child(k), v, "must be a table"))
				continue
			}
			// An empty [header] table says nothing; it is read as none,
			// the way it renders back.
			if len(hdr) == 0 {
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
				host.Extra = tomltree.Tree{}
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
