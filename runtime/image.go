package runtime

import (
	"github.com/distribution/reference"

	"github.com/kubenode/kubenode/runtime/field"
)

// ValidateImage checks an image reference the way container runtimes parse
// it (registry.k8s.io/pause:3.10, docker.io/library/busybox@sha256:...). A
// reference that names neither a tag nor a digest is refused: a pause image
// must be pinned, or a node pulls whatever "latest" is that day.
func ValidateImage(p *field.Path, ref string) field.ErrorList {
	if ref == "" {
		return field.ErrorList{field.Required(p, "an image reference is required")}
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return field.ErrorList{field.Invalid(p, ref, err.Error())}
	}
	if _, ok := named.(reference.Tagged); ok {
		return nil
	}
	if _, ok := named.(reference.Digested); ok {
		return nil
	}
	return field.ErrorList{field.Invalid(p, ref, "must name a tag or a digest")}
}
