// Package upstream describes the files upstream projects publish — a
// release's download base, path, checksum file, format and members — and
// turns them into [runtime.Artifact]s with a caller's mirror, pinned
// digests and paths for its problems. The components describe their
// releases with it (containerd/release, docker, cridockerd, kubelet,
// runtime/crictl).
package upstream

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Upstream download bases: a [Release] path is relative to one of them, and
// a mirror ([WithMirror]) replaces it.
const (
	// GitHubBase serves GitHub release assets
	// (<owner>/<repo>/releases/download/<tag>/<file>).
	GitHubBase = "https://github.com"
	// DockerDownloadBase serves Docker's static binaries
	// (linux/static/stable/<x86_64|aarch64>/docker-<version>.tgz).
	DockerDownloadBase = "https://download.docker.com"
	// KubernetesDownloadBase serves Kubernetes release binaries
	// (release/v<version>/bin/linux/<arch>/<binary>).
	KubernetesDownloadBase = "https://dl.k8s.io"
)

// Release is one file an upstream project publishes, as the components
// describe it for a version and architecture; [Release.Artifact] turns it
// into an [Artifact] with the caller's mirror and pinned digests.
type Release struct {
	Name string // the artifact's name ("containerd")
	Base string // the upstream download base, such as GitHubBase
	Path string // the file's path under Base, without a leading slash
	// ChecksumPath is the checksum file's path under Base; empty when the
	// project publishes none, and then a pinned digest is required.
	ChecksumPath string
	Format       runtime.ArchiveFormat
	Members      []runtime.Member
}

// Option changes the artifacts a component's Artifacts function
// returns.
type Option func(*options)

type options struct {
	mirror string
	pins   map[string]string
	order  []string // pinned file names in the order given
	paths  Paths
}

// Paths are where a release's problems are reported: the caller's
// fields for the version, the architecture, the mirror and the pins (a pin
// at SHA256.Key(file)). A nil path keeps the release's own: NAME.version,
// NAME.arch, releaseMirror, sha256.
type Paths struct {
	Version, Arch, Mirror, SHA256 *field.Path
}

// WithPaths reports the release's problems at the caller's paths,
// so a caller that gathered the version, mirror and pins from fields of
// its own need not rewrite them.
func WithPaths(p Paths) Option {
	return func(o *options) { o.paths = p }
}

// WithMirror downloads from base instead of the upstream hosts: a
// mirror serving each file (and checksum file) at its upstream path. Pin
// digests ([WithSHA256]) to trust the mirror with nothing.
func WithMirror(base string) Option {
	return func(o *options) { o.mirror = base }
}

// WithSHA256 pins the SHA-256 of the release file named file (the last
// element of its URL: "docker-28.5.2.tgz"). A pin wins over the checksum
// file and is required without one; pins for other files are ignored, so
// one set of options can go to every component, and [UnusedPins] refuses,
// once every artifact is known, a pin that names none of their files.
func WithSHA256(file, digest string) Option {
	return func(o *options) {
		if o.pins == nil {
			o.pins = map[string]string{}
		}
		if _, ok := o.pins[file]; !ok {
			o.order = append(o.order, file)
		}
		o.pins[file] = digest
	}
}

// PathsFor returns where the release named name reports problems,
// given the options the caller passed.
func PathsFor(name string, opts ...Option) Paths {
	return resolve(name, opts).paths
}

// resolve applies opts and fills the paths a caller left nil.
func resolve(name string, opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	def := func(p **field.Path, d *field.Path) {
		if *p == nil {
			*p = d
		}
	}
	def(&o.paths.Version, field.NewPath(name).Child("version"))
	def(&o.paths.Arch, field.NewPath(name).Child("arch"))
	def(&o.paths.Mirror, field.NewPath("releaseMirror"))
	def(&o.paths.SHA256, field.NewPath("sha256"))
	return o
}

// check validates the mirror and the pins at their paths.
func (o options) check() field.ErrorList {
	var errs field.ErrorList
	if o.mirror != "" {
		errs = append(errs, runtime.ValidateDownloadURL(o.paths.Mirror, o.mirror, false)...)
	}
	for _, file := range o.order {
		p := o.paths.SHA256.Key(file)
		if file == "" || strings.ContainsAny(file, "/ \t\n") {
			errs = append(errs, field.Invalid(p, file, "a release file name such as docker-28.5.2.tgz"))
		} else if !runtime.SHA256Hex.MatchString(o.pins[file]) {
			errs = append(errs, field.Invalid(p, o.pins[file], "64 lowercase hex digits"))
		}
	}
	return errs
}

// Artifact returns the release as a valid [Artifact]: downloaded from the
// mirror when one is given, verified by its pinned digest or else the
// project's checksum file; with neither it is refused.
func (r Release) Artifact(opts ...Option) (runtime.Artifact, error) {
	o := resolve(r.Name, opts)
	if err := o.check().Err(); err != nil {
		return runtime.Artifact{}, err
	}
	base := r.Base
	if o.mirror != "" {
		base = strings.TrimSuffix(o.mirror, "/")
	}
	a := runtime.Artifact{Name: r.Name, URL: base + "/" + r.Path, Format: r.Format, Members: r.Members}
	if pin, ok := o.pins[a.FileName()]; ok {
		a.SHA256 = pin
	} else if r.ChecksumPath != "" {
		a.ChecksumURL = base + "/" + r.ChecksumPath
	}
	if a.SHA256 == "" && a.ChecksumURL == "" {
		return runtime.Artifact{}, field.ErrorList{field.Required(o.paths.SHA256.Key(a.FileName()),
			r.Name+" publishes no checksum file: pin the file's SHA-256 (WithSHA256)")}.Err()
	}
	if errs := a.Validate(field.NewPath(r.Name)); len(errs) > 0 {
		return runtime.Artifact{}, errs.Err()
	}
	return a, nil
}

// Binaries returns members for the named entries of an archive, each
// installed under dir with its base name, mode 0755; restart maps an entry
// to the units its change restarts.
func Binaries(dir string, entries []string, restart map[string][]string) []runtime.Member {
	out := make([]runtime.Member, 0, len(entries))
	for _, e := range entries {
		name := e[strings.LastIndex(e, "/")+1:]
		out = append(out, runtime.Member{Name: e, Path: strings.TrimSuffix(dir, "/") + "/" + name, Mode: 0o755, RestartUnits: restart[e]})
	}
	return out
}

// ParseVersion parses the version of one release file, "1.7.22" or
// "v1.7.22": a line such as "1.7" is refused, and so is a pre-release or
// build suffix, which the URL patterns do not model.
func ParseVersion(p *field.Path, version string) (runtime.Version, field.ErrorList) {
	v, err := runtime.ParseVersion(version)
	if err != nil {
		return runtime.Version{}, field.ErrorList{field.Invalid(p, version, err.Error())}
	}
	if strings.TrimPrefix(strings.TrimSpace(version), "v") != v.String() && v.HasPatch {
		return runtime.Version{}, field.ErrorList{field.Invalid(p, version, "a release version without a pre-release or build suffix")}
	}
	return v, runtime.ValidateReleaseVersion(p, v)
}

// Check parses the full version of the release named name (ParseVersion)
// and checks arch, and, when supported is not nil and the version parsed,
// whether the component supports it; every problem is at the caller's
// paths ([PathsFor]).
func Check(name, version, arch string, supported func(*field.Path, runtime.Version) field.ErrorList, opts ...Option) (runtime.Version, error) {
	paths := PathsFor(name, opts...)
	v, errs := ParseVersion(paths.Version, version)
	if len(errs) == 0 && supported != nil {
		errs = append(errs, supported(paths.Version, v)...)
	}
	errs = append(errs, runtime.ValidateArch(paths.Arch, arch)...)
	return v, errs.Err()
}
