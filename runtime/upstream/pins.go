package upstream

import (
	"slices"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// UnusedPins reports every digest pinned with [WithSHA256] whose file is
// the file of none of arts, at the pin's path (Paths.SHA256.Key(file)),
// listing the files arts do download. [Release.Artifact] ignores a pin for
// another file so that one set of options can go to every component; a
// caller that has gathered all of a node's artifacts calls this once, so
// that a mistyped name ("kubelett") is refused instead of leaving the real
// file verified by the mirror's own checksum file, or by nothing the
// caller meant.
func UnusedPins(arts []runtime.Artifact, opts ...Option) field.ErrorList {
	o := resolve("", opts)
	files := make([]string, 0, len(arts))
	for _, a := range arts {
		if f := a.FileName(); !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	var errs field.ErrorList
	for _, file := range o.order {
		if _, found := slices.BinarySearch(files, file); !found {
			errs = append(errs, field.NotSupported(o.paths.SHA256.Key(file), file, files))
		}
	}
	return errs
}
