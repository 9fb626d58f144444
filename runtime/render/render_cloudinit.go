package render

import (
	"encoding/base64"
	"fmt"
	"unicode"
	"unicode/utf8"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// CloudConfigHeader is the first line cloud-init requires of user data in
// cloud-config format.
const CloudConfigHeader = "#cloud-config\n"

// cloudConfig is the part of cloud-init's #cloud-config schema a plan
// fills.
type cloudConfig struct {
	// Groups is groups: groups the users-groups module creates (with
	// groupadd; cloud-init picks the GID).
	Groups []string `json:"groups,omitempty"`
	// WriteFiles is write_files.
	WriteFiles []cloudFile `json:"write_files,omitempty"`
	// RunCmd is runcmd: commands run once, late in the first boot, each a
	// list of words run without a shell.
	RunCmd [][]string `json:"runcmd,omitempty"`
}

// cloudFile is one write_files entry.
type cloudFile struct {
	// Path is path.
	Path string `json:"path"`
	// Content is content, base64 when Encoding is b64.
	Content string `json:"content"`
	// Encoding is encoding: b64 for content YAML would not carry exactly
	// (see yamlKeeps).
	Encoding string `json:"encoding,omitempty"`
	// Owner is owner, "user:group"; cloud-init's default is root:root.
	Owner string `json:"owner"`
	// Permissions is permissions, an octal string.
	Permissions string `json:"permissions"`
	// Defer is defer (cloud-init 22.3+): write in the final stage, after
	// users and groups exist. Set for files owned by another user or group.
	Defer bool `json:"defer,omitempty"`
}

// CloudInit renders the plan as cloud-init user data: a
// #cloud-config document with groups, write_files (content, permissions,
// owner) and runcmd with the systemctl steps of a first boot (daemon-reload
// when there are unit files, enable, restart the units whose files the
// plan writes, start the others). Files owned by anyone but root are
// written late (defer: true), once the groups exist; runcmd runs later
// still. Content YAML would not carry exactly (yamlKeeps) is written
// base64 (encoding: b64); a path it would not carry is refused, at the
// file's path in the plan (files[i].path).
//
// cloud-init's write_files cannot verify or unpack a download, so a plan's
// artifacts travel as a script: [ArtifactScript] written to
// ArtifactScriptPath and run by the first runcmd entry, before the
// systemctl steps, so every binary is in place when its unit starts.
func CloudInit(p *runtime.Plan, opts ...Option) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var c cloudConfig
	c.Groups = p.Groups
	if err := yamlPaths(p).Err(); err != nil {
		return nil, err
	}
	files, script, err := filesWithScript(p, settingsOf(opts))
	if err != nil {
		return nil, err
	}
	if script != nil {
		c.RunCmd = append(c.RunCmd, []string{"sh", script.Path})
	}
	for _, f := range files {
		cf := cloudFile{
			Path:        f.Path,
			Owner:       f.OwnerName() + ":" + f.GroupName(),
			Permissions: fmt.Sprintf("%04o", uint32(f.Mode.Perm())),
			Defer:       f.OwnerName() != "root" || f.GroupName() != "root",
		}
		if yamlKeeps(string(f.Content)) {
			cf.Content = string(f.Content)
		} else {
			cf.Content, cf.Encoding = base64.StdEncoding.EncodeToString(f.Content), "b64"
		}
		c.WriteFiles = append(c.WriteFiles, cf)
	}
	for _, s := range bootSteps(p) {
		if s.Action == runtime.ActionReload {
			c.RunCmd = append(c.RunCmd, []string{"systemctl", "daemon-reload"})
		} else {
			c.RunCmd = append(c.RunCmd, []string{"systemctl", string(s.Action), s.Unit})
		}
	}
	y, err := yaml.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("cloud-init: %w", err)
	}
	return append([]byte(CloudConfigHeader), y...), nil
}

// yamlKeeps reports whether s comes back exactly from a YAML document
// and its readers (cloud-init reads user data with PyYAML, a YAML 1.1
// parser): valid UTF-8 made of tabs, line feeds and graphic characters.
// The rest is lost or refused somewhere: NEL (U+0085), LS and PS (U+2028,
// U+2029) are line breaks to YAML 1.1, which a plain or folded scalar
// turns into spaces; a carriage return is a line break that YAML
// normalizes; DEL, the other C0 and C1 controls, a byte-order mark and the
// noncharacters U+FFFE and U+FFFF are refused by YAML emitters and readers
// alike.
func yamlKeeps(s string) bool {
	at, _ := yamlLoses(s)
	return at < 0
}

// yamlLoses returns the index in s of the first character yamlKeeps
// refuses and that character (utf8.RuneError for a byte that is not
// UTF-8), or -1.
func yamlLoses(s string) (int, rune) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i, r
			}
		}
		if r != '\t' && r != '\n' && !unicode.IsGraphic(r) {
			return i, r
		}
	}
	return -1, 0
}

// yamlPaths reports every file path of the plan that YAML would not give
// back exactly, naming the character.
func yamlPaths(p *runtime.Plan) field.ErrorList {
	var errs field.ErrorList
	for i, f := range p.Files {
		at, r := yamlLoses(f.Path)
		if at < 0 {
			continue
		}
		why := fmt.Sprintf("holds %U, which YAML readers (cloud-init's) would not give back, so cloud-init cannot write this path", r)
		if r == utf8.RuneError {
			why = fmt.Sprintf("holds the byte %#x, which is not UTF-8 and YAML cannot carry", f.Path[at])
		}
		errs = append(errs, field.Invalid(field.NewPath("files").Index(i).Child("path"), f.Path, why))
	}
	return errs
}
