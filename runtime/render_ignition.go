package runtime

import (
	"encoding/base64"
	"encoding/json"
	"path"
	"strings"
)

// IgnitionVersion is the Ignition config spec RenderIgnition writes.
const IgnitionVersion = "3.4.0"

// ignitionConfig is the part of the Ignition v3 spec a plan fills.
type ignitionConfig struct {
	// Ignition is ignition: the spec version.
	Ignition ignitionMeta `json:"ignition"`
	// Passwd is passwd: groups to create.
	Passwd *ignitionPasswd `json:"passwd,omitempty"`
	// Storage is storage: files to write.
	Storage *ignitionStorage `json:"storage,omitempty"`
	// Systemd is systemd: units with their contents, drop-ins and whether
	// they are enabled.
	Systemd *ignitionSystemd `json:"systemd,omitempty"`
}

type ignitionMeta struct {
	// Version is ignition.version.
	Version string `json:"version"`
}

type ignitionPasswd struct {
	// Groups is passwd.groups.
	Groups []ignitionGroup `json:"groups"`
}

type ignitionGroup struct {
	// Name is passwd.groups[].name.
	Name string `json:"name"`
	// System is passwd.groups[].system: a GID from the system range.
	System bool `json:"system,omitempty"`
}

type ignitionStorage struct {
	// Files is storage.files.
	Files []ignitionFile `json:"files"`
}

type ignitionFile struct {
	// Path is storage.files[].path.
	Path string `json:"path"`
	// Overwrite is overwrite: replace what the image has there.
	Overwrite bool `json:"overwrite"`
	// Mode is mode, the permission bits as a decimal number.
	Mode int `json:"mode"`
	// User and Group are user.name and group.name.
	User  ignitionName `json:"user"`
	Group ignitionName `json:"group"`
	// Contents is contents.source, a data URL.
	Contents ignitionResource `json:"contents"`
}

type ignitionName struct {
	// Name is a user or group name.
	Name string `json:"name"`
}

type ignitionResource struct {
	// Source is source: here always a base64 data URL.
	Source string `json:"source"`
}

type ignitionSystemd struct {
	// Units is systemd.units.
	Units []*ignitionUnit `json:"units"`
}

type ignitionUnit struct {
	// Name is the unit name.
	Name string `json:"name"`
	// Enabled is enabled; nil leaves the unit as the image has it.
	Enabled *bool `json:"enabled,omitempty"`
	// Contents is contents: the unit file, written to /etc/systemd/system.
	Contents *string `json:"contents,omitempty"`
	// Dropins is dropins: files in /etc/systemd/system/<name>.d.
	Dropins []ignitionDropin `json:"dropins,omitempty"`
}

type ignitionDropin struct {
	// Name is the drop-in's file name.
	Name string `json:"name"`
	// Contents is the drop-in.
	Contents *string `json:"contents,omitempty"`
}

// RenderIgnition renders the plan as an Ignition v3 config (spec
// IgnitionVersion), for nodes provisioned with Ignition (Fedora CoreOS,
// Flatcar): passwd.groups (system groups), storage.files (base64 data URLs,
// mode, owner, overwrite) and systemd.units. A unit file or drop-in under
// /etc/systemd/system that is 0644 root:root becomes a unit's contents or
// dropins, as Ignition writes them exactly so; any other file, unit files
// elsewhere included, is a storage file. Ignition runs before the first
// boot, so there is nothing to reload or restart: a unit the plan enables
// or starts is marked enabled, and boot starts it.
func RenderIgnition(p *Plan) ([]byte, error) {
	if err := validateForApply(p); err != nil {
		return nil, err
	}
	c := ignitionConfig{Ignition: ignitionMeta{Version: IgnitionVersion}}
	for _, g := range p.Groups {
		if c.Passwd == nil {
			c.Passwd = &ignitionPasswd{}
		}
		c.Passwd.Groups = append(c.Passwd.Groups, ignitionGroup{Name: g, System: true})
	}
	var units []*ignitionUnit
	unit := func(name string) *ignitionUnit {
		for _, u := range units {
			if u.Name == name {
				return u
			}
		}
		u := &ignitionUnit{Name: name}
		units = append(units, u)
		return u
	}
	for _, f := range p.Files {
		if asIgnitionUnit(f) {
			content := string(f.Content)
			dir, base := path.Split(f.Path)
			if dir == "/etc/systemd/system/" {
				unit(base).Contents = &content
			} else {
				u := unit(strings.TrimSuffix(path.Base(dir), ".d"))
				u.Dropins = append(u.Dropins, ignitionDropin{Name: base, Contents: &content})
			}
			continue
		}
		if c.Storage == nil {
			c.Storage = &ignitionStorage{}
		}
		c.Storage.Files = append(c.Storage.Files, ignitionFile{
			Path:      f.Path,
			Overwrite: true,
			Mode:      int(f.Mode.Perm()),
			User:      ignitionName{Name: owner(f.Owner)},
			Group:     ignitionName{Name: owner(f.Group)},
			Contents:  ignitionResource{Source: "data:;base64," + base64.StdEncoding.EncodeToString(f.Content)},
		})
	}
	enabled := true
	for _, a := range p.Units {
		unit(a.Unit).Enabled = &enabled
	}
	if len(units) > 0 {
		c.Systemd = &ignitionSystemd{Units: units}
	}
	out, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// asIgnitionUnit reports whether Ignition's systemd section writes this
// file exactly: a unit or drop-in under /etc/systemd/system, 0644 and owned
// by root.
func asIgnitionUnit(f File) bool {
	if f.Mode.Perm() != 0o644 || owner(f.Owner) != "root" || owner(f.Group) != "root" || UnitOfPath(f.Path) == "" {
		return false
	}
	dir := path.Dir(f.Path)
	return dir == "/etc/systemd/system" || path.Dir(dir) == "/etc/systemd/system"
}
