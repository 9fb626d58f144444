package options

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Target says, once per component, how it takes its target release: the
// path problems about the release are reported at, the component's check
// of a release, whether WithVersion refuses an unsupported release at once
// (Strict) or leaves that to Validate, and where New's builder B and the
// Installer I keep it.
type Target[B, I any] struct {
	Path      *field.Path
	Validate  func(*field.Path, runtime.Version) field.ErrorList
	Strict    bool
	Config    func(B) *runtime.Version
	Installer func(I) *runtime.Version
}

// Check is the component's check of v, at Path.
func (t Target[B, I]) Check(v runtime.Version) field.ErrorList {
	return t.Validate(t.Path, v)
}

// Option is WithVersion(version): an Option of New and an InstallerOption
// of NewInstaller. It points at t, a component's package variable, instead
// of copying it for every option.
func (t *Target[B, I]) Option(version string) Version[B, I] {
	return Version[B, I]{target: t, version: version}
}

// parse reads a WithVersion value: a version, and with Strict one the
// component supports.
func (t Target[B, I]) parse(s string) (runtime.Version, error) {
	v, err := runtime.ParseVersion(s)
	if err != nil {
		return runtime.Version{}, field.Invalid(t.Path, s, err.Error())
	}
	if t.Strict {
		if errs := t.Check(v); len(errs) > 0 {
			return runtime.Version{}, errs.Err()
		}
	}
	return v, nil
}

// Version is a WithVersion option, taken by New and NewInstaller alike;
// the zero Version sets nothing.
type Version[B, I any] struct {
	target  *Target[B, I]
	version string
}

// ApplyToConfig sets the release New validates the config for.
func (o Version[B, I]) ApplyToConfig(b B) error {
	if o.target == nil {
		return nil
	}
	return Parse(o.target.Config(b), o.version, o.target.parse)
}

// ApplyToInstaller sets the release the Installer plans for.
func (o Version[B, I]) ApplyToInstaller(in I) error {
	if o.target == nil {
		return nil
	}
	return Parse(o.target.Installer(in), o.version, o.target.parse)
}
