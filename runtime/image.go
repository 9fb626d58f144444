package runtime

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/kubenode/kubenode/runtime/field"
)

// ValidateImage checks an image reference the way container runtimes parse
// it (registry.k8s.io/pause:3.10, docker.io/library/busybox@sha256:...). A
// reference that names neither a tag nor a digest is refused: a pause image
// must be pinned, or a node pulls whatever "latest" is that day.
func ValidateImage(p *field.Path, ref string) field.ErrorList {
	if plainTaggedImage(ref) {
		// The parser would take it as a tagged name; its regular
		// expressions cost about 8 allocations a reference, and a plan
		// checks its pause image more than once.
		return nil
	}
	return validateImageParsed(p, ref)
}

// validateImageParsed is ValidateImage without its fast path: the parser
// on every reference.
func validateImageParsed(p *field.Path, ref string) field.ErrorList {
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

// plainTaggedImage reports whether ref is HOST/NAME:TAG in its plainest
// spelling, which reference.ParseNormalizedNamed always takes as a tagged
// name: HOST lowercase DNS labels with at least one dot and an optional
// port of up to five digits, NAME lowercase path components no longer
// than 247 bytes (within
// the parser's 255 even if it prefixes "library/"), TAG as the parser
// defines it. It is a subset of what the parser takes, never more: a
// reference it does not vouch for (a digest, no host, an upper-case
// letter) goes to the parser, which alone words the problems.
func plainTaggedImage(ref string) bool {
	host, rest, ok := strings.Cut(ref, "/")
	if !ok {
		return false
	}
	colon := strings.LastIndexByte(rest, ':')
	if colon < 0 {
		return false
	}
	name, tag := rest[:colon], rest[colon+1:]
	return plainRegistryHost(host) && len(name) <= 247 && plainRepository(name) && plainTag(tag)
}

// plainRegistryHost reports whether s is a registry host (see
// validRegistryHost) whose name has a dot, which the parser never takes
// for the first path component of a Docker Hub name.
func plainRegistryHost(s string) bool {
	name, _, _ := strings.Cut(s, ":")
	return strings.Contains(name, ".") && validRegistryHost(s)
}

// plainRepository reports whether s is one or more path components joined
// by "/", each lowercase letters and digits with single separators (".",
// "_", "__" or dashes) between them, as the parser's grammar has them.
func plainRepository(s string) bool {
	for component := range strings.SplitSeq(s, "/") {
		if component == "" || !lowerAlnum(component[0]) || !lowerAlnum(component[len(component)-1]) {
			return false
		}
		for i := 0; i < len(component); {
			if lowerAlnum(component[i]) {
				i++
				continue
			}
			// A separator run between two alphanumerics.
			j := i
			for j < len(component) && !lowerAlnum(component[j]) {
				j++
			}
			switch sep := component[i:j]; {
			case sep == "." || sep == "_" || sep == "__":
			case strings.Trim(sep, "-") == "":
			default:
				return false
			}
			i = j
		}
	}
	return true
}

// plainTag reports whether s is a tag: a word character, then up to 127
// word characters, dots and dashes.
func plainTag(s string) bool {
	if s == "" || len(s) > 128 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !lowerAlnum(c) && !('A' <= c && c <= 'Z') && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func lowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
