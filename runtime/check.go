package runtime

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/internal/bytetable"
	"github.com/kubenode/kubenode/runtime/field"
)

// groupName is what groupadd accepts for a system group on Debian and RHEL.
var groupName = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)

// unitSuffixes are the unit types a plan may name.
var unitSuffixes = []string{".service", ".socket", ".target", ".mount", ".automount", ".timer", ".path", ".slice", ".scope", ".swap", ".device"}

// validUnitName reports whether s is a unit file name with one of the
// suffixes systemd knows: letters, digits and ":_.\@-" before it.
func validUnitName(s string) bool {
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || !slices.Contains(unitSuffixes, s[dot:]) {
		return false
	}
	for i := range dot {
		if !unitNameByte[s[i]] {
			return false
		}
	}
	return true
}

// unitNameByte marks the bytes of a unit name before its suffix: letters,
// digits and ":_.\@-". Every restart unit of every plan is read through it.
var unitNameByte = bytetable.Of(func(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(":_.\\@-", c) >= 0
})

// Validate checks that a plan can be written safely: paths absolute and
// clean, modes plain permission bits, no path twice (files and artifact
// members together), every artifact valid, names well formed, actions
// known. It collects every problem, at paths such as files[2].path.
func (p *Plan) Validate() error {
	var errs field.ErrorList
	files := newFilePaths(p.Files)
	for i, f := range p.Files {
		// The paths are built only for a problem: a valid plan costs none.
		fp := func(key string) *field.Path { return field.NewPath("files").Index(i).Child(key) }
		if nodePathProblem(f.Path) {
			errs = append(errs, ValidateNodePath(fp("path"), f.Path)...)
		}
		if files.before(i) {
			errs = append(errs, field.Duplicate(fp("path"), f.Path))
		}
		if f.Mode&^0o777 != 0 {
			errs = append(errs, field.Invalid(fp("mode"), f.Mode.String(), "only permission bits 0000-0777 may be set"))
		}
		if f.Mode&0o002 != 0 {
			errs = append(errs, field.Forbidden(fp("mode"), f.Mode.String(), "a node file must not be world-writable"))
		}
		if f.Owner != "" && !groupName.MatchString(f.Owner) {
			errs = append(errs, field.Invalid(fp("owner"), f.Owner, "not a valid user or group name"))
		}
		if f.Group != "" && !groupName.MatchString(f.Group) {
			errs = append(errs, field.Invalid(fp("group"), f.Group, "not a valid user or group name"))
		}
		// A restarted unit's name reaches systemd and, in the shell script,
		// a command line.
		for j, u := range f.RestartUnits {
			if !validUnitName(u) {
				errs = append(errs, field.Invalid(fp("restartUnits").Index(j), u, "not a systemd unit name with a known suffix"))
			}
		}
	}
	claimed := map[string]int{} // member path -> index of its artifact
	for i, a := range p.Artifacts {
		ap := func() *field.Path { return field.NewPath("artifacts").Index(i) }
		if len(a.Validate(nil)) > 0 {
			errs = append(errs, a.Validate(ap())...)
		}
		for j, m := range a.Members {
			prev, ok := claimed[m.Path]
			if files.has(m.Path) || (ok && prev != i) {
				errs = append(errs, field.Duplicate(ap().Child("members").Index(j).Child("path"), m.Path))
			}
			claimed[m.Path] = i
		}
	}
	seenGroup := map[string]bool{}
	for i, g := range p.Groups {
		gp := func() *field.Path { return field.NewPath("groups").Index(i) }
		if !groupName.MatchString(g) {
			errs = append(errs, field.Invalid(gp(), g, "not a valid group name"))
		}
		if seenGroup[g] {
			errs = append(errs, field.Duplicate(gp(), g))
		}
		seenGroup[g] = true
	}
	for i, u := range p.Units {
		if !validUnitName(u.Unit) {
			errs = append(errs, field.Invalid(field.NewPath("units").Index(i).Child("unit"), u.Unit, "not a systemd unit name with a known suffix"))
		}
		if !slices.Contains(Actions, u.Action) {
			errs = append(errs, field.NotSupported(field.NewPath("units").Index(i).Child("action"), string(u.Action), Actions))
		}
	}
	return errs.Err()
}

// filePaths answers which paths a plan's files have. A node's plan has
// about ten files, which are compared with each other (a map of them cost
// three allocations per Validate, and Compose validates every merged
// plan); a plan of more than smallPlan files is put in a map once.
type filePaths struct {
	files []File
	index map[string]int // path -> its first file, for a large plan
}

// smallPlan is the most files filePaths compares pairwise.
const smallPlan = 32

func newFilePaths(files []File) filePaths {
	s := filePaths{files: files}
	if len(files) > smallPlan {
		s.index = make(map[string]int, len(files))
		for j := len(files) - 1; j >= 0; j-- {
			s.index[files[j].Path] = j
		}
	}
	return s
}

// before reports whether a file before files[i] has its path.
func (s filePaths) before(i int) bool {
	path := s.files[i].Path
	if s.index != nil {
		return s.index[path] < i
	}
	return slices.ContainsFunc(s.files[:i], func(f File) bool { return f.Path == path })
}

// has reports whether a file has path.
func (s filePaths) has(path string) bool {
	if s.index != nil {
		_, ok := s.index[path]
		return ok
	}
	return slices.ContainsFunc(s.files, func(f File) bool { return f.Path == path })
}

// The lengths Linux accepts (NAME_MAX and PATH_MAX, limits.h): one path
// element of at most 255 bytes, a whole path of at most 4095 (PATH_MAX
// counts the terminating NUL). A longer path is accepted by nothing that
// writes it: Apply, the shell script and tar all fail part-way.
const (
	// MaxPathElement is the longest file or directory name, in bytes.
	MaxPathElement = 255
	// MaxPath is the longest absolute path, in bytes.
	MaxPath = 4095
)

// ValidateNodePath checks an absolute node path: it must start with "/", be
// clean (no "//", no trailing "/", no "." or ".." element), hold no
// control characters, and fit the kernel's limits (MaxPathElement bytes a
// name, MaxPath bytes in all).
func ValidateNodePath(p *field.Path, v string) field.ErrorList {
	if cleanNodePath(v) {
		return nil
	}
	switch {
	case v == "":
		return field.ErrorList{field.Required(p, "an absolute path is required")}
	case !strings.HasPrefix(v, "/"):
		return field.ErrorList{field.Invalid(p, v, "must be an absolute path")}
	case strings.ContainsAny(v, "\x00\n\r"):
		return field.ErrorList{field.Invalid(p, v, "must not contain NUL or a line break")}
	case v == "/":
		return field.ErrorList{field.Invalid(p, v, "must name a file, not the root")}
	case path.Clean(v) != v || HasDotDot(v):
		return field.ErrorList{field.Invalid(p, v, "must be clean: no '..', '.', '//' or trailing '/'")}
	case len(v) > MaxPath:
		return field.ErrorList{field.TooLong(p, v, MaxPath)}
	case longestElement(v) > MaxPathElement:
		return field.ErrorList{{Type: field.ErrTooLong, Path: p, BadValue: v,
			Detail: "a directory or file name in it is longer than 255 bytes, which no Linux file system takes"}}
	}
	return nil
}

// nodePathProblem reports whether ValidateNodePath has something to say
// about v, so a caller builds the path to report it at only then.
func nodePathProblem(v string) bool { return !cleanNodePath(v) }

// cleanNodePath reports, in one pass over v, whether ValidateNodePath
// passes it: "/" and elements that are neither empty (a "//" or a trailing
// "/"), "." nor "..", each at most MaxPathElement bytes, at most MaxPath
// bytes in all, with no NUL or line break. Every path of a plan is checked
// so, most of them more than once; the checks of ValidateNodePath's
// switch, which words the problem, run only for a path that fails here.
func cleanNodePath(v string) bool {
	if len(v) < 2 || v[0] != '/' || len(v) > MaxPath {
		return false
	}
	start := 1 // where the element being read starts
	for i := 1; i < len(v); i++ {
		switch pathBytes[v[i]] {
		case pathPlain:
			continue
		case pathBad:
			return false
		}
		// v[i] is '/': v[start:i] is a whole element.
		if !cleanElement(v[start:i]) {
			return false
		}
		start = i + 1
	}
	return cleanElement(v[start:])
}

// cleanElement reports whether elem is an element cleanNodePath accepts.
func cleanElement(elem string) bool {
	return elem != "" && elem != "." && elem != ".." && len(elem) <= MaxPathElement
}

// The kinds of byte cleanNodePath tells apart, looked up in pathBytes: a
// path is read a byte at a time, and a table answers for most bytes with
// one comparison instead of four.
const (
	pathPlain = iota
	pathSlash
	pathBad // NUL or a line break
)

var pathBytes = [256]uint8{'/': pathSlash, 0: pathBad, '\n': pathBad, '\r': pathBad}

// longestElement returns the length of the longest element of a
// slash-separated path.
func longestElement(v string) int {
	longest := 0
	for v != "" {
		elem, rest, _ := strings.Cut(v, "/")
		longest = max(longest, len(elem))
		v = rest
	}
	return longest
}

// HasDotDot reports whether a slash-separated path has a ".." element.
func HasDotDot(v string) bool {
	return v == ".." || strings.HasPrefix(v, "../") || strings.HasSuffix(v, "/..") || strings.Contains(v, "/../")
}
