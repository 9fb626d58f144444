package render

import (
	"encoding/base64"
	"fmt"
	"unicode/utf8"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
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
	// Encoding is encoding: b64 for content that is not UTF-8 text.
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
// still.
//
// cloud-init's write_files cannot verify or unpack a download, so a plan's
// artifacts travel as a script: [ArtifactScript] written to
// ArtifactScriptPath and run by the first runcmd entry, before the
// systemctl steps, so every binary is in place when its unit starts.
func CloudInit(p *runtime.Plan) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var c cloudConfig
	c.Groups = p.Groups
	files, script, err := filesWithScript(p)
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
		if utf8.Valid(f.Content) {
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
		return nil, err
	}
	return append([]byte(CloudConfigHeader), y...), nil
}
