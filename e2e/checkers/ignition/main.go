// Command ignition-check parses an Ignition config with Ignition's own
// loader (github.com/coreos/ignition/v2/config: Parse accepts every
// released spec version, translates it to the newest and validates it, as
// Ignition does on first boot) and prints, as JSON, whether it parsed, the report, and the
// files, units and groups it holds, so kubenode's e2e tests can check a
// rendered config without importing Ignition into their module.
//
// Usage: ignition-check FILE
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/coreos/ignition/v2/config"
	"github.com/vincent-petithory/dataurl"
)

// result is what ignition-check prints.
type result struct {
	// Error is Parse's error, "" when it parsed.
	Error string `json:"error"`
	// Report is Parse's report (warnings and errors), "" when empty.
	Report string `json:"report"`
	// Version is the config's ignition.version.
	Version string `json:"version"`
	// Files maps each storage file's path to its decoded contents, mode
	// and owner.
	Files map[string]file `json:"files"`
	// Units maps each systemd unit to its contents, drop-ins and enabled.
	Units map[string]unit `json:"units"`
	// Groups lists passwd.groups names, with "(system)" when system.
	Groups []string `json:"groups"`
}

type file struct {
	Contents  string `json:"contents"`
	Mode      int    `json:"mode"`
	User      string `json:"user"`
	Group     string `json:"group"`
	Overwrite bool   `json:"overwrite"`
}

type unit struct {
	Contents string            `json:"contents"`
	Dropins  map[string]string `json:"dropins"`
	Enabled  bool              `json:"enabled"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ignition-check:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: ignition-check FILE")
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	cfg, rpt, err := config.Parse(raw)
	res := result{Report: rpt.String(), Files: map[string]file{}, Units: map[string]unit{}}
	if err != nil {
		res.Error = err.Error()
		return json.NewEncoder(w).Encode(res)
	}
	res.Version = cfg.Ignition.Version
	for _, f := range cfg.Storage.Files {
		out := file{Overwrite: f.Overwrite != nil && *f.Overwrite}
		if f.Mode != nil {
			out.Mode = *f.Mode
		}
		if f.User.Name != nil {
			out.User = *f.User.Name
		}
		if f.Group.Name != nil {
			out.Group = *f.Group.Name
		}
		if f.Contents.Source != nil {
			out.Contents = decode(*f.Contents.Source)
		}
		res.Files[f.Path] = out
	}
	for _, u := range cfg.Systemd.Units {
		out := unit{Dropins: map[string]string{}, Enabled: u.Enabled != nil && *u.Enabled}
		if u.Contents != nil {
			out.Contents = *u.Contents
		}
		for _, d := range u.Dropins {
			if d.Contents != nil {
				out.Dropins[d.Name] = *d.Contents
			}
		}
		res.Units[u.Name] = out
	}
	for _, g := range cfg.Passwd.Groups {
		name := g.Name
		if g.System != nil && *g.System {
			name += " (system)"
		}
		res.Groups = append(res.Groups, name)
	}
	return json.NewEncoder(w).Encode(res)
}

// decode returns a data URL's bytes as text.
func decode(source string) string {
	u, err := dataurl.DecodeString(source)
	if err != nil {
		return "undecodable: " + err.Error()
	}
	return string(u.Data)
}
