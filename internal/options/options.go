// Package options is the option mechanism the five components (containerd,
// docker, cridockerd, crio, kubelet) share, written once: New takes
// Options, which set the component's builder B; NewInstaller takes
// InstallerOptions, which set its Installer I. A Setting is an Option of
// the config that NewInstaller takes too: Configure keeps it aside and
// hands it to the component's New, unless WithConfig gave the whole
// config, next to which a Setting is refused. WithVersion is both an
// Option and an InstallerOption: a Version, which sets the release where
// the component's Target says. Build is the body of a component's New;
// Install, with WithConfig, NodePath and CRIPlan, that of its NewInstaller.
//
// The methods are exported because a component names these types by alias
// (type Option = options.Option[*builder]), and a type of this package
// could not implement an interface of the component's with unexported
// methods.
package options

import "github.com/kubenode/kubenode/runtime/field"

// Option sets something in a component's builder B; New takes it.
type Option[B any] interface {
	ApplyToConfig(B) error
}

// InstallerOption sets something in a component's installer I;
// NewInstaller takes it.
type InstallerOption[I any] interface {
	ApplyToInstaller(I) error
}

// Setting is an Option of the config that NewInstaller takes too. Name
// (the With function's name) is the value of the problem Configure
// reports when a Setting stands next to WithConfig. A *Setting is the
// same option: a caller handing over many keeps them in one value and
// passes pointers into it, which an interface holds without allocating.
type Setting[B, I any] struct {
	Name string
	Set  func(B) error
}

// ApplyToConfig runs Set; the zero Setting sets nothing.
func (s Setting[B, I]) ApplyToConfig(b B) error {
	if s.Set == nil {
		return nil
	}
	return s.Set(b)
}

// ApplyToInstaller does nothing: a Setting belongs to the config, so
// Configure keeps it for the config instead of applying it to the
// installer.
func (s Setting[B, I]) ApplyToInstaller(I) error { return nil }

// InstallerFunc is an InstallerOption that only NewInstaller takes.
type InstallerFunc[I any] func(I) error

// ApplyToInstaller runs f.
func (f InstallerFunc[I]) ApplyToInstaller(in I) error { return f(in) }

// ConfigPath names the config given to WithConfig in problems about it.
var ConfigPath = field.NewPath("config")
