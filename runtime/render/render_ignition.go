package render

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// IgnitionVersion is the Ignition config spec Ignition writes.
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
	// Source is source: a base64 data URL, or an artifact's http(s) URL.
	Source string `json:"source"`
	// Verification is verification, set for a remote source.
	Verification *ignitionVerification `json:"verification,omitempty"`
}

type ignitionVerification struct {
	// Hash is verification.hash: "sha256-<hex>".
	Hash string `json:"hash"`
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

// Ignition renders the plan as an Ignition v3 config (spec
// IgnitionVersion), for nodes provisioned with Ignition (Fedora CoreOS,
// Flatcar): passwd.groups (system groups), storage.files (base64 data URLs,
// mode, owner, overwrite) and systemd.units, enabled when the plan enables
// or starts them. A path that is not UTF-8 is refused, since JSON cannot
// carry it, and a unit whose content is not UTF-8 is a storage file, whose
// content travels base64. Pinned release files are Ignition remote
// sources; the rest of the artifacts is installed on first boot by
// [ArtifactScript] (see the package documentation, "Ignition").
func Ignition(p *runtime.Plan, opts ...Option) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := jsonPaths(p).Err(); err != nil {
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
			User:      ignitionName{Name: f.OwnerName()},
			Group:     ignitionName{Name: f.GroupName()},
			Contents:  ignitionResource{Source: "data:;base64," + base64.StdEncoding.EncodeToString(f.Content)},
		})
	}
	enabled := true
	files, helper, err := ignitionArtifacts(p, settingsOf(opts))
	if err != nil {
		return nil, err
	}
	if len(files) > 0 && c.Storage == nil {
		c.Storage = &ignitionStorage{}
	}
	if c.Storage != nil {
		c.Storage.Files = append(c.Storage.Files, files...)
	}
	if helper != nil {
		u := unit(ArtifactUnitName)
		u.Contents, u.Enabled = helper, &enabled
	}
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
// file exactly: a unit or drop-in under /etc/systemd/system, 0644, owned
// by root, its content UTF-8 (a JSON string cannot carry other bytes).
func asIgnitionUnit(f runtime.File) bool {
	if !utf8.Valid(f.Content) || f.Mode.Perm() != 0o644 || f.OwnerName() != "root" || f.GroupName() != "root" || runtime.UnitOfPath(f.Path) == "" {
		return false
	}
	dir := path.Dir(f.Path)
	return dir == "/etc/systemd/system" || path.Dir(dir) == "/etc/systemd/system"
}

// ArtifactUnitName is the oneshot unit that, in an Ignition config, runs
// the artifact script on first boot.
const ArtifactUnitName = "kubenode-artifacts.service"

// artifactDoneStamp marks that the artifact script ran, so the unit runs it
// once.
const artifactDoneStamp = "/var/lib/kubenode/install-artifacts.done"

// ignitionArtifacts returns the storage files Ignition fetches and verifies
// itself and, when some artifact needs the script, the helper unit's
// contents with the script among the files.
func ignitionArtifacts(p *runtime.Plan, s settings) ([]ignitionFile, *string, error) {
	var files []ignitionFile
	var scripted []runtime.Artifact
	remote := func(path string, mode int, a runtime.Artifact) ignitionFile {
		return ignitionFile{
			Path: path, Overwrite: true, Mode: mode,
			User: ignitionName{Name: "root"}, Group: ignitionName{Name: "root"},
			Contents: ignitionResource{Source: a.URL, Verification: &ignitionVerification{Hash: "sha256-" + a.SHA256}},
		}
	}
	for _, a := range p.Artifacts {
		switch {
		case a.SHA256 != "" && a.Format == runtime.ArchiveBinary:
			m := a.Members[0]
			files = append(files, remote(m.Path, int(m.Mode.Perm()), a))
		case a.SHA256 != "":
			files = append(files, remote(runtime.ArtifactCacheDir+"/"+a.SHA256, 0o644, a))
			scripted = append(scripted, a)
		default:
			scripted = append(scripted, a)
		}
	}
	script, err := artifactScriptFile(p, scripted, s)
	if err != nil || script == nil {
		return files, nil, err
	}
	if p.File("/etc/systemd/system/"+ArtifactUnitName) != nil {
		return nil, nil, fmt.Errorf("%s runs the artifact script; the plan writes a unit of that name", ArtifactUnitName)
	}
	files = append(files, ignitionFile{
		Path: script.Path, Overwrite: true, Mode: int(script.Mode),
		User: ignitionName{Name: "root"}, Group: ignitionName{Name: "root"},
		Contents: ignitionResource{Source: "data:;base64," + base64.StdEncoding.EncodeToString(script.Content)},
	})
	contents, err := artifactUnit(p)
	return files, &contents, err
}

// artifactUnit is the oneshot unit that runs the artifact script once,
// before the plan's units and those its binaries restart.
func artifactUnit(p *runtime.Plan) (string, error) {
	var before []string
	for _, a := range p.Units {
		if !slices.Contains(before, a.Unit) {
			before = append(before, a.Unit)
		}
	}
	for _, a := range p.Artifacts {
		for _, m := range a.Members {
			for _, u := range m.RestartUnits {
				if !slices.Contains(before, u) {
					before = append(before, u)
				}
			}
		}
	}
	opts := []*unit.UnitOption{
		unit.NewUnitOption("Unit", "Description", "Install the release binaries of the kubenode plan"),
		unit.NewUnitOption("Unit", "Wants", "network-online.target"),
		unit.NewUnitOption("Unit", "After", "network-online.target"),
	}
	if len(before) > 0 {
		opts = append(opts, unit.NewUnitOption("Unit", "Before", strings.Join(before, " ")))
	}
	opts = append(opts,
		unit.NewUnitOption("Unit", "ConditionPathExists", "!"+artifactDoneStamp),
		unit.NewUnitOption("Service", "Type", "oneshot"),
		unit.NewUnitOption("Service", "RemainAfterExit", "yes"),
		unit.NewUnitOption("Service", "ExecStart", "/bin/sh "+ArtifactScriptPath),
		unit.NewUnitOption("Service", "ExecStartPost", "/bin/touch "+artifactDoneStamp),
		unit.NewUnitOption("Install", "WantedBy", "multi-user.target"),
	)
	data, err := io.ReadAll(unit.Serialize(opts))
	return string(data), err
}

// jsonPaths reports every path of the plan, a file's or a member's, that
// is not UTF-8: encoding/json would write U+FFFD for its bytes, and
// Ignition would write another file.
func jsonPaths(p *runtime.Plan) field.ErrorList {
	var errs field.ErrorList
	for i, f := range p.Files {
		if !utf8.ValidString(f.Path) {
			errs = append(errs, field.Invalid(field.NewPath("files").Index(i).Child("path"), f.Path, "is not UTF-8, which an Ignition config (JSON) cannot carry"))
		}
	}
	for i, a := range p.Artifacts {
		for j, m := range a.Members {
			if !utf8.ValidString(m.Path) {
				errs = append(errs, field.Invalid(field.NewPath("artifacts").Index(i).Child("members").Index(j).Child("path"), m.Path, "is not UTF-8, which an Ignition config (JSON) cannot carry"))
			}
		}
	}
	return errs
}
