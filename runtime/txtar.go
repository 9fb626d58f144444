package runtime

import (
	"fmt"
	"strings"

	"golang.org/x/tools/txtar"
	"sigs.k8s.io/yaml"
)

// SummaryName is the txtar section that holds a plan's modes, owners,
// groups and unit actions. It has no leading slash, so no node path can
// collide with it.
const SummaryName = "plan.yaml"

// planSummary is what a plan holds besides file contents, as YAML.
type planSummary struct {
	Files     []fileSummary     `json:"files,omitempty"`
	Artifacts []artifactSummary `json:"artifacts,omitempty"`
	Groups    []string          `json:"groups,omitempty"`
	Units     []unitSummary     `json:"units,omitempty"`
}

// artifactSummary is an artifact as plan.yaml shows it.
type artifactSummary struct {
	Name        string          `json:"name"`
	URL         string          `json:"url"`
	SHA256      string          `json:"sha256,omitempty"`
	ChecksumURL string          `json:"checksumURL,omitempty"`
	Format      ArchiveFormat   `json:"format"`
	Members     []memberSummary `json:"members"`
}

type memberSummary struct {
	Name    string   `json:"name,omitempty"` // the archive entry; none for a plain binary
	Path    string   `json:"path"`
	Mode    string   `json:"mode"`
	Restart []string `json:"restart,omitempty"`
}

type fileSummary struct {
	Path    string   `json:"path"`
	Mode    string   `json:"mode"`
	Owner   string   `json:"owner"`
	Group   string   `json:"group"`
	Restart []string `json:"restart,omitempty"` // units a change restarts
}

type unitSummary struct {
	Unit   string `json:"unit"`
	Action Action `json:"action"`
}

// Txtar renders the plan as a txtar archive: a section per file, named by
// its node path, in plan order, then a plan.yaml section with the modes,
// owners, artifacts, groups and unit actions. It is what golden tests pin
// (runtime/plantest) and the examples print. A file of a secret's mode
// (SecretMode) shows as RedactedContent. txtar cannot carry a file
// whose last line lacks a newline, nor a "-- name --" line.
func (p *Plan) Txtar() ([]byte, error) {
	var a txtar.Archive
	sum := planSummary{Groups: p.Groups}
	for _, f := range p.Files {
		content := f.Content
		if SecretMode(f.Mode) {
			content = RedactedContent(content) // a golden file holds no secret
		}
		if !txtarSafe(content) {
			return nil, fmt.Errorf("txtar: %s: content must end in a newline and hold no \"-- name --\" line", f.Path)
		}
		a.Files = append(a.Files, txtar.File{Name: f.Path, Data: content})
		sum.Files = append(sum.Files, fileSummary{
			Path: f.Path, Mode: fmt.Sprintf("%04o", uint32(f.Mode.Perm())), Owner: f.OwnerName(), Group: f.GroupName(),
			Restart: f.RestartUnits,
		})
	}
	for _, ar := range p.Artifacts {
		as := artifactSummary{Name: ar.Name, URL: ar.URL, SHA256: ar.SHA256, Format: ar.Format}
		if ar.SHA256 == "" {
			as.ChecksumURL = ar.ChecksumURL
		}
		for _, m := range ar.Members {
			as.Members = append(as.Members, memberSummary{Name: m.Name, Path: m.Path, Mode: fmt.Sprintf("%04o", uint32(m.Mode.Perm())), Restart: m.RestartUnits})
		}
		sum.Artifacts = append(sum.Artifacts, as)
	}
	for _, u := range p.Units {
		sum.Units = append(sum.Units, unitSummary(u))
	}
	y, err := yaml.Marshal(sum)
	if err != nil {
		return nil, err
	}
	a.Files = append(a.Files, txtar.File{Name: SummaryName, Data: y})
	return txtar.Format(&a), nil
}

// TxtarFiles splits a txtar archive made by [Plan.Txtar] back into its
// sections by name, for tests that compare one file at a time.
func TxtarFiles(data []byte) map[string]string {
	a := txtar.Parse(data)
	out := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		out[f.Name] = string(f.Data)
	}
	return out
}

// txtarSafe reports whether content survives a txtar round trip.
func txtarSafe(content []byte) bool {
	s := string(content)
	if s != "" && !strings.HasSuffix(s, "\n") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
			return false
		}
	}
	return true
}
