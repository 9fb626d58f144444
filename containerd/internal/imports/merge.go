package imports

import (
	"reflect"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// Merge records the keys each file sets, then merges the files into the
// first, which it returns, as containerd merges its Config structs: plugin
// tables deep, every value replacing and nested lists replaced, or whole
// (containerd 1.x, wholePlugins); proxy_plugins, stream_processors and
// timeouts replaced per name; every other table deep and lists appended
// without duplicates, where a zero value replaces nothing.
func (s *Set) Merge(wholePlugins bool) tomltree.Tree {
	for _, doc := range s.Docs {
		s.keys = append(s.keys, keysOf(doc))
	}
	dst := s.Docs[0]
	for _, src := range s.Docs[1:] {
		for name, sv := range src {
			switch name {
			case "plugins", "proxy_plugins", "stream_processors", "timeouts":
				st, ok := sv.(tomltree.Tree)
				dt, dok := dst[name].(tomltree.Tree)
				if !ok || !dok {
					dst[name] = sv
					continue
				}
				for id, x := range st {
					if name == "plugins" && !wholePlugins {
						x = mergePlugin(dt[id], x)
					}
					dt[id] = x
				}
			default:
				dst[name] = mergeStruct(dst[name], sv)
			}
		}
	}
	return dst
}

func mergePlugin(dv, sv any) any {
	d, dok := dv.(tomltree.Tree)
	s, sok := sv.(tomltree.Tree)
	if !dok || !sok {
		return sv
	}
	for k, x := range s {
		d[k] = mergePlugin(d[k], x)
	}
	return d
}

func mergeStruct(dv, sv any) any {
	switch s := sv.(type) {
	case tomltree.Tree:
		d, ok := dv.(tomltree.Tree)
		if !ok {
			return sv
		}
		for k, x := range s {
			d[k] = mergeStruct(d[k], x)
		}
		return d
	case []any:
		d, _ := dv.([]any)
		for _, x := range s {
			if !slices.ContainsFunc(d, func(y any) bool { return reflect.DeepEqual(x, y) }) {
				d = append(d, x)
			}
		}
		return d
	}
	if dv != nil && reflect.ValueOf(sv).IsZero() {
		return dv
	}
	return sv
}

// keysOf returns the keys a file sets, as their paths print.
func keysOf(doc tomltree.Tree) map[string]bool {
	keys := map[string]bool{}
	tomltree.Walk(doc, nil, func(k tomltree.Key, v any) bool {
		if t, ok := v.(tomltree.Tree); ok && len(t) > 0 {
			return true
		}
		keys[k.Path().String()] = true
		return false
	})
	return keys
}

// FileOf returns the file that set the key at p, once Merge has run: the
// last of Files that sets it, a key below it or a table above it, or the
// config file when no import does.
func (s *Set) FileOf(p *field.Path) string {
	k := p.String()
	for i := len(s.keys) - 1; i > 0; i-- {
		for set := range s.keys[i] {
			if set == k || strings.HasPrefix(set, k+".") || strings.HasPrefix(k, set+".") || strings.HasPrefix(k, set+"[") {
				return s.Files[i]
			}
		}
	}
	return s.Files[0]
}
