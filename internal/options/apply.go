package options

import "github.com/kubenode/kubenode/runtime/field"

// Apply applies opts to b in order and returns every problem they report,
// so that one call shows them all.
func Apply[B any, O Option[B]](b B, opts []O) field.ErrorList {
	var errs field.ErrorList
	for _, o := range opts {
		errs = append(errs, field.ErrorsAt(nil, o.ApplyToConfig(b))...)
	}
	return errs
}

// Builder is a component's builder, which its Options set: Build makes
// the config of what they set, refused being what they refused.
type Builder[C any] interface {
	Build(refused field.ErrorList) (*C, error)
}

// Build is a component's New: the config b makes once opts are applied to
// it in order (Apply).
func Build[C any, B Builder[C], O Option[B]](b B, opts []O) (*C, error) {
	return b.Build(Apply(b, opts))
}

// Configure applies opts to the installer in, in order, and sets *cfg to
// its config: the one WithConfig put in *cfg, next to which every Setting
// among opts is refused (field.ErrForbidden at ConfigPath, the Setting's
// Name as value; whole says what WithConfig gives, as "the whole
// Config"), or else the one build makes of those Settings. It returns
// every problem of the options and of build.
func Configure[C, B, I any](in I, opts []InstallerOption[I], cfg **C, whole string, build func([]Setting[B, I]) (*C, error)) field.ErrorList {
	settings, errs := collect[B](in, opts)
	if *cfg != nil {
		for _, s := range settings {
			errs = append(errs, field.Forbidden(ConfigPath, s.Name, "WithConfig gives "+whole+": set this there instead"))
		}
		return errs
	}
	c, err := build(settings)
	if err != nil {
		return append(errs, field.ErrorsAt(nil, err)...)
	}
	*cfg = c
	return errs
}

// collect applies opts to in, except the Settings, which it returns for
// Configure's build, in order, with every problem of the others. A
// *Setting is a Setting too: a caller that keeps its options in one value
// hands NewInstaller pointers into it, which an interface holds without
// an allocation each.
func collect[B, I any](in I, opts []InstallerOption[I]) (settings []Setting[B, I], errs field.ErrorList) {
	// Counted first, so the settings are gathered in one slice of their
	// final size.
	n := 0
	for _, o := range opts {
		switch o.(type) {
		case Setting[B, I], *Setting[B, I]:
			n++
		}
	}
	if n > 0 {
		settings = make([]Setting[B, I], 0, n)
	}
	for _, o := range opts {
		switch s := o.(type) {
		case Setting[B, I]:
			settings = append(settings, s)
		case *Setting[B, I]:
			settings = append(settings, *s)
		default:
			errs = append(errs, field.ErrorsAt(nil, o.ApplyToInstaller(in))...)
		}
	}
	return settings, errs
}

// Parse sets *dst to what parse makes of s, the value of a WithVersion,
// or leaves *dst and returns why s does not parse.
func Parse[T any](dst *T, s string, parse func(string) (T, error)) error {
	v, err := parse(s)
	if err == nil {
		*dst = v
	}
	return err
}
