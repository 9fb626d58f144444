package apply

import (
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/kubenode/kubenode/runtime"
)

// Change says what Apply did, or in a dry run would do, to one file.
type Change string

// The changes a file can see.
const (
	// ChangeCreated: the file did not exist.
	ChangeCreated Change = "created"
	// ChangeUpdated: its content, mode or owner differed; it was replaced.
	ChangeUpdated Change = "updated"
	// ChangeUnchanged: it already matched and was not touched.
	ChangeUnchanged Change = "unchanged"
)

// FileResult is what happened to one file.
type FileResult struct {
	// Path is the node path.
	Path string
	// Change is created, updated or unchanged.
	Change Change
	// Diff is the unified diff of the content ("" when the content is the
	// same), from /dev/null for a created file.
	Diff string
	// Mode and Owner ("user:group") are what the plan asks for; OldMode and
	// OldOwner what was there (zero and "" for a created file). When Apply
	// does not run as root it neither sets nor compares owners, and
	// OldOwner is Owner.
	Mode, OldMode   fs.FileMode
	Owner, OldOwner string
	// Backup is the node path of the copy of the replaced file, "" when
	// nothing was replaced (or in a dry run).
	Backup string
}

// UnitStep is one systemd step Apply took or, in a dry run, would take.
type UnitStep struct {
	// Unit is the unit name; empty for daemon-reload.
	Unit string
	// Action is daemon-reload, enable, start or restart.
	Action runtime.Action
	// Skipped is true when the step was not taken: Apply had no Manager,
	// or the Manager cannot act (a root that is not booted).
	Skipped bool
}

// ArtifactResult is what Apply did with one release artifact.
type ArtifactResult struct {
	// Name and URL are the artifact's.
	Name, URL string
	// SHA256 is the digest the file was verified against.
	SHA256 string
	// Source says where the verified file came from: "cache", "download",
	// or "" in a dry run when the cache does not hold it (then each
	// member's new content is unknown: one that exists is reported
	// updated).
	Source string
	// Members lists what happened to each member, in order.
	Members []MemberResult
}

// MemberResult is what happened to one installed binary.
type MemberResult struct {
	// Path is the node path.
	Path string
	// Change is created, updated or unchanged.
	Change Change
	// SHA256 is the member's content digest ("" when unknown in a dry run);
	// OldSHA256 that of the file it replaced ("" when there was none).
	SHA256, OldSHA256 string
	// Mode is the plan's, OldMode what was there.
	Mode, OldMode fs.FileMode
	// Backup is the node path of the replaced binary's backup.
	Backup string
}

// Result is what Apply did, or in a dry run would do.
type Result struct {
	// DryRun is true when nothing was written or acted on.
	DryRun bool
	// Files lists every plan file in plan order, after the system group
	// files (/etc/group, /etc/gshadow) Apply changed when Root is not /.
	Files []FileResult
	// Artifacts lists every plan artifact in plan order, with what became
	// of each member.
	Artifacts []ArtifactResult
	// Groups lists the system groups created.
	Groups []string
	// Units lists the systemd steps in the order taken.
	Units []UnitStep
	// BackupDir is the node path holding the replaced files' backups, ""
	// when none was replaced.
	BackupDir string
}

// Changed reports whether any file or group changed or any unit step was
// taken (or would be, in a dry run).
func (r *Result) Changed() bool {
	for _, f := range r.Files {
		if f.Change != ChangeUnchanged {
			return true
		}
	}
	for _, a := range r.Artifacts {
		for _, m := range a.Members {
			if m.Change != ChangeUnchanged {
				return true
			}
		}
	}
	for _, u := range r.Units {
		if !u.Skipped {
			return true
		}
	}
	return len(r.Groups) > 0
}

// Report prints the result for a person: each changed file with its diff,
// each artifact with its installed binaries, the groups, then the unit
// steps. In a dry run every line says "would".
func (r *Result) Report(w io.Writer) error {
	var b strings.Builder
	would := ""
	if r.DryRun {
		would = "would "
	}
	for _, f := range r.Files {
		if f.Change == ChangeUnchanged {
			fmt.Fprintf(&b, "unchanged %s\n", f.Path)
			continue
		}
		fmt.Fprintf(&b, "%s%s %s (%04o %s)\n", would, verb(f.Change), f.Path, uint32(f.Mode.Perm()), f.Owner)
		if f.Change == ChangeUpdated && (f.OldMode != f.Mode || f.OldOwner != f.Owner) {
			fmt.Fprintf(&b, "  was %04o %s\n", uint32(f.OldMode.Perm()), f.OldOwner)
		}
		if f.Backup != "" {
			fmt.Fprintf(&b, "  backup %s\n", f.Backup)
		}
		b.WriteString(f.Diff)
	}
	for _, a := range r.Artifacts {
		switch a.Source {
		case "download":
			fmt.Fprintf(&b, "downloaded %s (sha256 %s)\n", a.URL, a.SHA256)
		case "cache":
			fmt.Fprintf(&b, "cached %s (sha256 %s)\n", a.URL, a.SHA256)
		default:
			fmt.Fprintf(&b, "would download %s\n", a.URL)
		}
		for _, m := range a.Members {
			if m.Change == ChangeUnchanged {
				fmt.Fprintf(&b, "unchanged %s\n", m.Path)
				continue
			}
			fmt.Fprintf(&b, "%sinstall %s (%04o root:root)", would, m.Path, uint32(m.Mode.Perm()))
			if m.SHA256 != "" {
				fmt.Fprintf(&b, " sha256 %s", m.SHA256)
			}
			b.WriteString("\n")
			if m.Backup != "" {
				fmt.Fprintf(&b, "  backup %s\n", m.Backup)
			}
		}
	}
	for _, g := range r.Groups {
		fmt.Fprintf(&b, "%screate group %s\n", would, g)
	}
	for _, u := range r.Units {
		line := strings.TrimSpace(string(u.Action) + " " + u.Unit)
		if u.Skipped {
			fmt.Fprintf(&b, "skipped %s\n", line)
		} else {
			fmt.Fprintf(&b, "%s%s\n", would, line)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func verb(c Change) string {
	if c == ChangeCreated {
		return "create"
	}
	return "update"
}
