package runtime

import (
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// Upstream download bases: a [Release] path is relative to one of them, and
// a mirror ([WithReleaseMirror]) replaces it.
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
	// Name is the artifact's name ("containerd").
	Name string
	// Base is the upstream download base, such as GitHubBase.
	Base string
	// Path is the file's path under Base, without a leading slash.
	Path string
	// ChecksumPath is the path under Base of the checksum file the project
	// publishes beside it; empty when it publishes none, and then a pinned
	// digest ([WithSHA256]) is required.
	ChecksumPath string
	// Format is the file's format.
	Format ArchiveFormat
	// Members are the binaries to install from it.
	Members []Member
}

// ReleaseOption changes the artifacts a component's Artifacts function
// returns.
type ReleaseOption func(*releaseOptions) *field.Error

type releaseOptions struct {
	mirror string
	pins   map[string]string
}

// WithReleaseMirror downloads from base instead of the upstream hosts: a
// mirror that serves each file (and checksum file) at the same path as its
// upstream host does, e.g. https://mirror.example.com/docker-ce for
// https://download.docker.com. One mirror may serve several hosts, since
// their paths do not overlap. Pin digests ([WithSHA256]) to trust the
// mirror with nothing.
func WithReleaseMirror(base string) ReleaseOption {
	return func(o *releaseOptions) *field.Error {
		p := field.NewPath("releaseMirror")
		if errs := validateDownloadURL(p, base, false); len(errs) > 0 {
			return errs[0]
		}
		o.mirror = strings.TrimSuffix(base, "/")
		return nil
	}
}

// WithSHA256 pins the SHA-256 of the release file named file (the last
// element of its URL, as a SHA256SUMS line names it: "docker-28.5.2.tgz",
// "runc.arm64"). A pinned digest always wins over the project's checksum
// file, and is required for files published without one (Docker's static
// binaries, cri-dockerd). Pins for files a component does not return are
// ignored, so one set of options can go to every component.
func WithSHA256(file, digest string) ReleaseOption {
	return func(o *releaseOptions) *field.Error {
		p := field.NewPath("sha256").Key(file)
		if file == "" || strings.ContainsAny(file, "/ \t\n") {
			return field.Invalid(p, file, "a release file name such as docker-28.5.2.tgz")
		}
		if !SHA256Hex.MatchString(digest) {
			return field.Invalid(p, digest, "64 lowercase hex digits")
		}
		if o.pins == nil {
			o.pins = map[string]string{}
		}
		o.pins[file] = digest
		return nil
	}
}

// Artifact returns the release as an [Artifact]: downloaded from the
// mirror when one is given, verified by the pinned digest when its file is
// pinned and by the project's checksum file otherwise. It validates the
// result, so an artifact a component returns is always valid; a release
// published without a checksum file and not pinned is refused.
func (r Release) Artifact(opts ...ReleaseOption) (Artifact, error) {
	var o releaseOptions
	var errs field.ErrorList
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errs.Err(); err != nil {
		return Artifact{}, err
	}
	base := r.Base
	if o.mirror != "" {
		base = o.mirror
	}
	a := Artifact{Name: r.Name, URL: base + "/" + r.Path, Format: r.Format, Members: r.Members}
	if pin, ok := o.pins[a.FileName()]; ok {
		a.SHA256 = pin
	} else if r.ChecksumPath != "" {
		a.ChecksumURL = base + "/" + r.ChecksumPath
	}
	if a.SHA256 == "" && a.ChecksumURL == "" {
		return Artifact{}, field.ErrorList{field.Required(field.NewPath("sha256").Key(a.FileName()),
			r.Name+" publishes no checksum file: pin the file's SHA-256 (WithSHA256)")}.Err()
	}
	if errs := a.Validate(field.NewPath(r.Name)); len(errs) > 0 {
		return Artifact{}, errs.Err()
	}
	return a, nil
}

// Binaries returns members for the named entries of an archive, each
// installed under dir with its base name, mode 0755; restart maps an entry
// to the units its change restarts.
func Binaries(dir string, entries []string, restart map[string][]string) []Member {
	out := make([]Member, 0, len(entries))
	for _, e := range entries {
		name := e[strings.LastIndex(e, "/")+1:]
		out = append(out, Member{Name: e, Path: strings.TrimSuffix(dir, "/") + "/" + name, Mode: 0o755, RestartUnits: restart[e]})
	}
	return out
}

// ParseReleaseVersion parses the version of one release file, such as
// "1.7.22" or "v1.7.22": a release line such as "1.7" is refused (see
// ValidateReleaseVersion), and so is a pre-release or build suffix, which
// the URL patterns do not model.
func ParseReleaseVersion(p *field.Path, version string) (Version, field.ErrorList) {
	v, err := ParseVersion(version)
	if err != nil {
		return Version{}, field.ErrorList{field.Invalid(p, version, err.Error())}
	}
	if strings.TrimPrefix(strings.TrimSpace(version), "v") != v.String() && v.HasPatch {
		return Version{}, field.ErrorList{field.Invalid(p, version, "a release version without a pre-release or build suffix")}
	}
	return v, ValidateReleaseVersion(p, v)
}
