package inspect

import (
	"path"
	"regexp"
	"strconv"

	"github.com/kubenode/kubenode/runtime/field"
)

// unitPathRE splits a unit path after its file name: section, key, index
// and what follows (a command's word index).
var unitPathRE = regexp.MustCompile(`^\[([A-Za-z0-9-]+)\](?: ([A-Za-z0-9_-]+)(?:\[(\d+)\])?)?((?:\[\d+\])*)$`)

var digitsRE = regexp.MustCompile(`\d+`)

// Locate maps a path into the effective unit ([Service] ExecStart[0][2])
// to the file that wrote the value and the path in that file, at that
// file's own index. A path it cannot map stays in the unit file.
func (u *Unit) Locate(p *field.Path) (string, *field.Path) {
	rel := DisplayPath(p)
	m := unitPathRE.FindStringSubmatch(rel)
	if m == nil {
		return u.File, p
	}
	section, key, index, rest := m[1], m[2], m[3], m[4]
	var o origin
	var found bool
	switch {
	case key == "":
		o, found = last(u.origins[section])
	case index != "":
		i, _ := strconv.Atoi(index)
		if list := u.origins[section+"."+key]; i < len(list) {
			o, found = list[i], true
		}
	default:
		o, found = last(u.origins[section+"."+key])
		o.index = -1
	}
	if !found {
		return u.File, p
	}
	np := field.NewUnitPath(u.relName(o.file)).Child(section)
	if key != "" {
		np = np.Child(key)
		if o.index >= 0 && index != "" {
			np = np.Index(o.index)
		}
	}
	for _, w := range digitsRE.FindAllString(rest, -1) {
		i, _ := strconv.Atoi(w)
		np = np.Index(i)
	}
	return o.file, np
}

func last(os []origin) (origin, bool) {
	if len(os) == 0 {
		return origin{}, false
	}
	return os[len(os)-1], true
}

// relName is how a unit path names a file of the unit: the unit's name,
// or <unit>.d/<drop-in> for a drop-in.
func (u *Unit) relName(file string) string {
	if file == u.File {
		return u.Name
	}
	return u.Name + ".d/" + path.Base(file)
}

// At returns the file and path of one element of an effective list key
// (section "Unit", key "After", index into the effective list).
func (u *Unit) At(section, key string, index int) (string, *field.Path) {
	return u.Locate(field.NewUnitPath(u.Name).Child(section).Child(key).Index(index))
}

// KeyAt returns the file and path of a single-valued key, or of a list key
// as a whole, of the effective unit.
func (u *Unit) KeyAt(section, key string) (string, *field.Path) {
	return u.Locate(field.NewUnitPath(u.Name).Child(section).Child(key))
}

// ExecFile is the file that wrote the effective ExecStart=, the command
// line whose flags a finding names.
func (u *Unit) ExecFile() string {
	if o, ok := last(u.origins["Service.ExecStart"]); ok {
		return o.file
	}
	return u.File
}
