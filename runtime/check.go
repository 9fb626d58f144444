package runtime

import (
	"path"
	"regexp"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// groupName is what groupadd accepts for a system group on Debian and RHEL.
var groupName = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)

// unitName is a unit file name with one of the suffixes systemd knows.
var unitName = regexp.MustCompile(`^[A-Za-z0-9:_.\\@-]+\.(service|socket|target|mount|automount|timer|path|slice|scope|swap|device)$`)

// Validate checks that a plan can be written safely: every path absolute,
// clean and free of "..", modes plain permission bits, no path twice (files
// and artifact members together), every artifact valid ([Artifact.Validate]),
// group and unit names well formed, actions known. It collects every
// problem; paths are printed as files[2].path, artifacts[0].members[1].path,
// units[0].action.
func (p *Plan) Validate() error {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, f := range p.Files {
		fp := field.NewPath("files").Index(i)
		errs = append(errs, ValidateNodePath(fp.Child("path"), f.Path)...)
		if seen[f.Path] {
			errs = append(errs, field.Duplicate(fp.Child("path"), f.Path))
		}
		seen[f.Path] = true
		if f.Mode&^0o777 != 0 {
			errs = append(errs, field.Invalid(fp.Child("mode"), f.Mode.String(), "only permission bits 0000-0777 may be set"))
		}
		if f.Mode&0o002 != 0 {
			errs = append(errs, field.Forbidden(fp.Child("mode"), f.Mode.String(), "a node file must not be world-writable"))
		}
		for _, o := range []struct{ key, v string }{{"owner", f.Owner}, {"group", f.Group}} {
			if o.v != "" && !groupName.MatchString(o.v) {
				errs = append(errs, field.Invalid(fp.Child(o.key), o.v, "not a valid user or group name"))
			}
		}
	}
	claimed := map[string]int{} // member path -> index of its artifact
	for i, a := range p.Artifacts {
		ap := field.NewPath("artifacts").Index(i)
		errs = append(errs, a.Validate(ap)...)
		for j, m := range a.Members {
			prev, ok := claimed[m.Path]
			if seen[m.Path] || (ok && prev != i) {
				errs = append(errs, field.Duplicate(ap.Child("members").Index(j).Child("path"), m.Path))
			}
			claimed[m.Path] = i
		}
	}
	seenGroup := map[string]bool{}
	for i, g := range p.Groups {
		gp := field.NewPath("groups").Index(i)
		if !groupName.MatchString(g) {
			errs = append(errs, field.Invalid(gp, g, "not a valid group name"))
		}
		if seenGroup[g] {
			errs = append(errs, field.Duplicate(gp, g))
		}
		seenGroup[g] = true
	}
	for i, u := range p.Units {
		up := field.NewPath("units").Index(i)
		if !unitName.MatchString(u.Unit) {
			errs = append(errs, field.Invalid(up.Child("unit"), u.Unit, "not a systemd unit name with a known suffix"))
		}
		if !knownAction(u.Action) {
			errs = append(errs, field.NotSupported(up.Child("action"), string(u.Action), Actions))
		}
	}
	return errs.Err()
}

// ValidateNodePath checks an absolute node path: it must start with "/", be
// clean (no "//", no trailing "/", no "." or ".." element) and hold no
// control characters.
func ValidateNodePath(p *field.Path, v string) field.ErrorList {
	switch {
	case v == "":
		return field.ErrorList{field.Required(p, "an absolute path is required")}
	case !strings.HasPrefix(v, "/"):
		return field.ErrorList{field.Invalid(p, v, "must be an absolute path")}
	case strings.ContainsAny(v, "\x00\n\r"):
		return field.ErrorList{field.Invalid(p, v, "must not contain NUL or a line break")}
	case v == "/":
		return field.ErrorList{field.Invalid(p, v, "must name a file, not the root")}
	case path.Clean(v) != v || hasDotDot(v):
		return field.ErrorList{field.Invalid(p, v, "must be clean: no '..', '.', '//' or trailing '/'")}
	}
	return nil
}

func hasDotDot(v string) bool {
	for _, e := range strings.Split(v, "/") {
		if e == ".." {
			return true
		}
	}
	return false
}

func knownAction(a Action) bool {
	for _, k := range Actions {
		if a == k {
			return true
		}
	}
	return false
}
