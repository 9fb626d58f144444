package tomltree

import "github.com/kubenode/kubenode/runtime/field"

// Merge copies src into dst, descending into tables both hold; at is where
// both trees sit in the document. A key both hold where either value is not
// a table is an ErrConflict problem with src's value, and dst keeps its
// own: rendering must not let an unmodelled key (Extra) overwrite a typed
// one. What Merge copies is deep-copied, so dst shares nothing with src.
func Merge(dst, src Tree, at Key) field.ErrorList {
	var errs field.ErrorList
	for _, name := range sortedNames(src) {
		sv := src[name]
		dv, ok := dst[name]
		if !ok {
			dst[name] = DeepCopy(sv)
			continue
		}
		dm, dIsTable := dv.(Tree)
		sm, sIsTable := sv.(Tree)
		if dIsTable && sIsTable {
			errs = append(errs, Merge(dm, sm, at.Child(name))...)
			continue
		}
		errs = append(errs, field.Conflict(at.Child(name).Path(), sv, "set twice: by a typed field and by Extra"))
	}
	return errs
}
