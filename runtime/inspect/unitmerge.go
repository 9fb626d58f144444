package inspect

import (
	"reflect"

	"github.com/kubenode/kubenode/systemd"
)

// origin is where one value of an effective unit was written: a file and
// the index of the value in that file's list for the key (-1 for a single
// value).
type origin struct {
	file  string
	index int
}

// ignoredLine is an empty assignment systemd ignores: the file, the key
// and the line's index in that file's list for the key.
type ignoredLine struct {
	file, key string
	index     int
}

// apply adds one file's sections to the effective unit the way systemd
// reads a unit file and then its drop-ins: every list grows, an empty
// assignment resets a list (except a dependency's, which systemd cannot
// reset), and a single value is replaced. It works on the section structs
// by field, since systemd applies that one rule to every key.
// applyTo applies one typed section of a file, src when it has one, to
// the effective unit's *dst, creating it on first use.
func applyTo[T any](u *Unit, section, file string, dst **T, src *T) {
	if src == nil {
		return
	}
	if *dst == nil {
		*dst = new(T)
	}
	u.applySection(section, file, reflect.ValueOf(*dst).Elem(), reflect.ValueOf(src).Elem())
}

func (u *Unit) apply(file string, s *systemd.Sections) {
	dst := &u.Effective.Sections
	applyTo(u, "Unit", file, &dst.Unit, s.Unit)
	applyTo(u, "Service", file, &dst.Service, s.Service)
	applyTo(u, "Socket", file, &dst.Socket, s.Socket)
	applyTo(u, "Install", file, &dst.Install, s.Install)
	for _, sec := range s.Extra {
		u.origins[sec.Name] = append(u.origins[sec.Name], origin{file: file, index: -1})
		merged := false
		for i := range dst.Extra {
			if dst.Extra[i].Name == sec.Name {
				dst.Extra[i].Options = append(dst.Extra[i].Options, sec.Options...)
				merged = true
			}
		}
		if !merged {
			dst.Extra = append(dst.Extra, systemd.Section{Name: sec.Name, Options: append([]systemd.Option(nil), sec.Options...)})
		}
	}
}

func (u *Unit) applySection(section, file string, dst, src reflect.Value) {
	u.origins[section] = append(u.origins[section], origin{file: file, index: -1})
	for i := 0; i < src.NumField(); i++ {
		name := src.Type().Field(i).Name
		sv, dv := src.Field(i), dst.Field(i)
		if opts, ok := sv.Interface().([]systemd.Option); ok {
			// Raw options are reported at their own key name.
			for j, o := range opts {
				dv.Set(reflect.Append(dv, reflect.ValueOf(o)))
				key := section + "." + o.Name
				u.origins[key] = append(u.origins[key], origin{file: file, index: j})
			}
			continue
		}
		key := section + "." + name
		if sv.Kind() != reflect.Slice {
			if !sv.IsZero() {
				dv.Set(sv)
				u.origins[key] = []origin{{file: file, index: -1}}
			}
			continue
		}
		for j := 0; j < sv.Len(); j++ {
			el := sv.Index(j)
			if el.IsZero() {
				if section == "Unit" && systemd.IsDependency(name) {
					u.ignored = append(u.ignored, ignoredLine{file: file, key: name, index: j})
					continue
				}
				dv.Set(reflect.Zero(dv.Type()))
				u.origins[key] = nil
				continue
			}
			dv.Set(reflect.Append(dv, el))
			u.origins[key] = append(u.origins[key], origin{file: file, index: j})
		}
	}
}
