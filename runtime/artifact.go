package runtime

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// ArchiveFormat is how a release file holds its binaries.
type ArchiveFormat string

// The archive formats an [Artifact] can have.
const (
	// ArchiveBinary is a plain file: the download is the binary itself
	// (runc.amd64, the kubelet).
	ArchiveBinary ArchiveFormat = "binary"
	// ArchiveTarGz is a gzip-compressed tar archive, whether its name ends
	// in .tar.gz (containerd, crictl) or .tgz (Docker, cri-dockerd, the CNI
	// plugins).
	ArchiveTarGz ArchiveFormat = "tar.gz"
)

// ArchiveFormats lists every ArchiveFormat.
var ArchiveFormats = []ArchiveFormat{ArchiveBinary, ArchiveTarGz}

// Archs are the architectures, by Go's names, whose release files the
// components know.
var Archs = []string{"amd64", "arm64"}

// Artifact is one release file a node needs — containerd's tarball, runc,
// the kubelet — and where its binaries go. Members are named one by one,
// never by pattern, so a plan knows every path it writes before anything is
// downloaded, and a release whose layout changed fails loudly.
type Artifact struct {
	// Name identifies the artifact in errors and progress reports, e.g.
	// "containerd", "runc", "cni-plugins".
	Name string
	// URL is where the file is downloaded from (http or https).
	URL string
	// SHA256 is the pinned digest of the file, 64 lowercase hex digits. When
	// set it is the only digest trusted: ChecksumURL is not fetched.
	SHA256 string
	// ChecksumURL is the checksum file published beside the file, read when
	// SHA256 is empty: a bare digest or sha256sum lines, of which the one
	// naming the URL's file counts. It guards against a damaged download,
	// not a hostile mirror: pin SHA256 for that.
	ChecksumURL string
	// Format is how the file holds the members.
	Format ArchiveFormat
	// Members are the binaries installed from it, in order.
	Members []Member
}

// Member is one binary an [Artifact] installs.
type Member struct {
	// Name is the entry's name in the archive exactly as the release stores
	// it ("bin/containerd", "docker/dockerd", "./bridge"); empty for an
	// ArchiveBinary artifact, whose download is the binary.
	Name string
	// Path is the absolute node path it is installed at.
	Path string
	// Mode holds the permission bits, 0755 for a binary.
	Mode fs.FileMode
	// RestartUnits names the units to restart when the binary changes, as
	// [File.RestartUnits] does; none for runc or a CNI plugin.
	RestartUnits []string
}

// FileName is the last element of the artifact's URL path: the name the
// project publishes it under and the one its checksum file lists.
func (a Artifact) FileName() string {
	u, err := url.Parse(a.URL)
	if err != nil {
		return ""
	}
	return path.Base(u.Path)
}

// SHA256Hex matches a SHA-256 digest as sha256sum prints it.
var SHA256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// artifactName is what an artifact's Name may hold.
var artifactName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// Validate checks an artifact can be fetched, verified and installed
// safely: a name, an http(s) URL naming a file, a pinned SHA-256 or a
// checksum URL, a known format, and members whose archive names stay inside
// the archive, with clean unique node paths, plain modes and unit names.
func (a Artifact) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !artifactName.MatchString(a.Name) {
		if a.Name == "" {
			errs = append(errs, field.Required(p.Child("name"), "an artifact needs a name for errors and progress"))
		} else {
			errs = append(errs, field.Invalid(p.Child("name"), a.Name, "lowercase letters, digits, '.', '_' and '-', up to 63"))
		}
	}
	// The paths below are built only for a problem: a valid artifact
	// costs none.
	if len(ValidateDownloadURL(nil, a.URL, true)) > 0 {
		errs = append(errs, ValidateDownloadURL(p.Child("url"), a.URL, true)...)
	}
	switch {
	case a.SHA256 != "":
		if !SHA256Hex.MatchString(a.SHA256) {
			errs = append(errs, field.Invalid(p.Child("sha256"), a.SHA256, "64 lowercase hex digits"))
		}
	case a.ChecksumURL != "":
		if len(ValidateDownloadURL(nil, a.ChecksumURL, false)) > 0 {
			errs = append(errs, ValidateDownloadURL(p.Child("checksumURL"), a.ChecksumURL, false)...)
		}
	default:
		errs = append(errs, field.Required(p.Child("sha256"), "pin the file's SHA-256 or give the checksum file published beside it: unverified content is never installed"))
	}
	if !slices.Contains(ArchiveFormats, a.Format) {
		errs = append(errs, field.NotSupported(p.Child("format"), string(a.Format), ArchiveFormats))
	}
	if len(a.Members) == 0 {
		errs = append(errs, field.Required(p.Child("members"), "an artifact installs at least one member"))
	}
	if a.Format == ArchiveBinary && len(a.Members) > 1 {
		errs = append(errs, field.Invalid(p.Child("members"), len(a.Members), "a plain binary installs exactly one member"))
	}
	names := map[string]bool{}
	paths := map[string]bool{}
	for i, m := range a.Members {
		mp := func(key string) *field.Path { return p.Child("members").Index(i).Child(key) }
		switch {
		case a.Format == ArchiveBinary && m.Name != "":
			errs = append(errs, field.Invalid(mp("name"), m.Name, "a plain binary has no archive member name"))
		case a.Format == ArchiveTarGz:
			if len(validateMemberName(nil, m.Name)) > 0 {
				errs = append(errs, validateMemberName(mp("name"), m.Name)...)
			}
			if names[m.Name] {
				errs = append(errs, field.Duplicate(mp("name"), m.Name))
			}
			names[m.Name] = true
		}
		if nodePathProblem(m.Path) {
			errs = append(errs, ValidateNodePath(mp("path"), m.Path)...)
		}
		if paths[m.Path] {
			errs = append(errs, field.Duplicate(mp("path"), m.Path))
		}
		paths[m.Path] = true
		if m.Mode&^0o777 != 0 {
			errs = append(errs, field.Invalid(mp("mode"), m.Mode.String(), "only permission bits 0000-0777 may be set"))
		} else if m.Mode&0o022 != 0 {
			errs = append(errs, field.Forbidden(mp("mode"), m.Mode.String(), "a binary must be writable by its owner only"))
		}
		for j, u := range m.RestartUnits {
			if !validUnitName(u) {
				errs = append(errs, field.Invalid(mp("restartUnits").Index(j), u, "not a systemd unit name with a known suffix"))
			}
		}
	}
	return errs
}

// ValidateDownloadURL checks a URL the node fetches: http(s), a host, no
// credentials (a plan is printed and logged), nothing a shell word could
// not carry, and, for the file itself, a path naming a file.
func ValidateDownloadURL(p *field.Path, v string, file bool) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(p, "an http or https URL")}
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return field.ErrorList{field.Invalid(p, v, "must not hold spaces or control characters")}
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return field.ErrorList{field.Invalid(p, v, err.Error())}
	case u.Scheme != "http" && u.Scheme != "https":
		return field.ErrorList{field.NotSupported(p, u.Scheme, []string{"http", "https"})}
	case u.Host == "":
		return field.ErrorList{field.Invalid(p, v, "must name a host")}
	case u.User != nil:
		return field.ErrorList{field.Forbidden(p, u.Redacted(), "credentials do not belong in a plan")}
	case u.Fragment != "" || strings.Contains(v, "#"):
		return field.ErrorList{field.Invalid(p, v, "must not hold a fragment")}
	case file && (u.Path == "" || strings.HasSuffix(u.Path, "/")):
		return field.ErrorList{field.Invalid(p, v, "must name a file, not a directory")}
	}
	return nil
}

// validateMemberName checks an archive member's name: relative, no ".."
// element, not a directory, printable.
func validateMemberName(p *field.Path, v string) field.ErrorList {
	switch {
	case v == "":
		return field.ErrorList{field.Required(p, "the entry's name in the archive")}
	case strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return field.ErrorList{field.Invalid(p, v, "must not hold control characters")}
	case strings.HasPrefix(v, "/"):
		return field.ErrorList{field.Invalid(p, v, "must be relative to the archive")}
	case strings.HasPrefix(v, "-"):
		return field.ErrorList{field.Invalid(p, v, "must not start with '-', which tar would read as an option")}
	case HasDotDot(v):
		return field.ErrorList{field.Invalid(p, v, "must not hold a '..' element")}
	case strings.HasSuffix(v, "/") || path.Clean(v) == ".":
		return field.ErrorList{field.Invalid(p, v, "must name a file, not a directory")}
	}
	return nil
}

// ValidateArch checks a Go architecture name against [Archs].
func ValidateArch(p *field.Path, arch string) field.ErrorList {
	if !slices.Contains(Archs, arch) {
		return field.ErrorList{field.NotSupported(p, arch, Archs)}
	}
	return nil
}

// ValidateReleaseVersion checks that v names one release: a release file
// exists for 1.7.22, not for the line 1.7.
func ValidateReleaseVersion(p *field.Path, v Version) field.ErrorList {
	if !v.HasPatch {
		return field.ErrorList{field.Invalid(p, v.String(), fmt.Sprintf("a release file needs a full version such as %d.%d.0", v.Major, v.Minor))}
	}
	return nil
}

// sameSource reports whether two members install the same bytes the same
// way: same file, same entry, same mode.
func sameSource(a Artifact, am Member, b Artifact, bm Member) bool {
	return a.URL == b.URL && a.SHA256 == b.SHA256 && a.ChecksumURL == b.ChecksumURL && a.Format == b.Format &&
		am.Name == bm.Name && am.Mode == bm.Mode
}

// ArtifactCacheDir is the node directory where release files are
// downloaded, each named by its SHA-256 (<sha256>.partial while unfinished).
const ArtifactCacheDir = "/var/cache/kubenode/artifacts"
