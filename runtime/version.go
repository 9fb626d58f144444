package runtime

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// Version is a release number of a component: containerd 2.1.4, Kubernetes
// 1.31, Docker 28.5.2. A version given as major.minor has no patch and
// compares as major.minor.0.
type Version struct {
	Major, Minor, Patch int
	// HasPatch records whether the patch number was given, so String prints
	// the version as it was written.
	HasPatch bool
}

// NewVersion returns major.minor, or major.minor.patch when patch is given.
func NewVersion(major, minor int, patch ...int) Version {
	v := Version{Major: major, Minor: minor}
	if len(patch) > 0 {
		v.Patch, v.HasPatch = patch[0], true
	}
	return v
}

// ParseVersion reads "1.31", "v1.31.2" or "2.1.4". A pre-release or build
// suffix ("2.0.0-rc.1", "20.10.24+dfsg1") is accepted and ignored, so a
// version printed by a distribution's package still parses.
//
// The error says what is wrong, not what s was: every caller reports s
// itself as the bad value (field.Invalid(p, s, err.Error())), and an error
// that quoted it again would repeat a huge input.
func ParseVersion(s string) (Version, error) {
	core := strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(core, "-+~"); i >= 0 {
		core = core[:i]
	}
	// The parts are cut into an array, not split into a new slice: a plan
	// parses several versions. A fourth part already makes it wrong.
	var parts [3]string
	n := 0
	for rest, more := core, true; more; n++ {
		if n == len(parts) {
			return Version{}, errWantVersion
		}
		parts[n], rest, more = strings.Cut(rest, ".")
	}
	if n < 2 {
		return Version{}, errWantVersion
	}
	var nums [3]int
	for i, p := range parts[:n] {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("the %s is not a number", versionParts[i])
		}
		nums[i] = n
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2], HasPatch: n == 3}, nil
}

// errWantVersion is ParseVersion's error for a wrong number of parts.
var errWantVersion = errors.New("want MAJOR.MINOR or MAJOR.MINOR.PATCH")

// versionParts name the numbers of a version for ParseVersion's errors.
var versionParts = [3]string{"major version", "minor version", "patch number"}

// MustParseVersion is ParseVersion for constants; it panics on a bad version.
func MustParseVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(fmt.Sprintf("version %s: %v", field.Quote(s), err))
	}
	return v
}

// String prints major.minor or major.minor.patch, without a leading "v".
func (v Version) String() string {
	// Appended to a buffer on the stack, not formatted by fmt: a plan
	// prints a few versions, and only the string itself is allocated.
	b := strconv.AppendInt(make([]byte, 0, 32), int64(v.Major), 10)
	b = strconv.AppendInt(append(b, '.'), int64(v.Minor), 10)
	if v.HasPatch {
		b = strconv.AppendInt(append(b, '.'), int64(v.Patch), 10)
	}
	return string(b)
}

// IsZero reports whether v is the zero Version (no version given).
func (v Version) IsZero() bool {
	return v == Version{}
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than o.
// A missing patch counts as 0.
func (v Version) Compare(o Version) int {
	for _, d := range [3]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// AtLeast reports whether v is o or newer.
func (v Version) AtLeast(o Version) bool { return v.Compare(o) >= 0 }

// Before reports whether v is older than o.
func (v Version) Before(o Version) bool { return v.Compare(o) < 0 }

// MinorOf returns v without its patch number: the release line.
func (v Version) MinorOf() Version { return Version{Major: v.Major, Minor: v.Minor} }

// MarshalText prints the version, so it can be a flag or a config value.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses the version. Its error names the text (shortened
// when long): a decoder's or flag's error may say nothing else of it.
func (v *Version) UnmarshalText(b []byte) error {
	p, err := ParseVersion(string(b))
	if err != nil {
		return fmt.Errorf("version %s: %w", field.Quote(string(b)), err)
	}
	*v = p
	return nil
}

// Set implements flag.Value, so a Version can be a command-line flag.
func (v *Version) Set(s string) error { return v.UnmarshalText([]byte(s)) }

// ValidateMinor reports, at p, a version whose minor release is not one of
// supported (any patch release of a supported minor is fine).
func ValidateMinor(p *field.Path, v Version, supported []Version) field.ErrorList {
	for _, s := range supported {
		if v.MinorOf() == s.MinorOf() {
			return nil
		}
	}
	names := make([]string, len(supported))
	for i, s := range supported {
		names[i] = s.String()
	}
	return field.ErrorList{field.NotSupported(p, v.String(), names)}
}
