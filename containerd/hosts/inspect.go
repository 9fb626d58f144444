package hosts

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/kubenode/kubenode/runtime/inspect"
)

// Inspect lints every <dir>/<registry>/hosts.toml on a node under
// configPath, containerd's registry.config_path, which may name several
// directories separated by ":".
func Inspect(node *inspect.Node, configPath string) *inspect.Report {
	r := &inspect.Report{}
	for _, dir := range strings.Split(configPath, ":") {
		if dir == "" {
			continue
		}
		for _, regDir := range node.List(dir, "*") {
			file := path.Join(regDir, FileName)
			data, err := node.Read(file)
			if errors.Is(err, fs.ErrNotExist) {
				continue // a directory without hosts.toml is no registry's
			}
			if err != nil {
				r.AddReadErr(file, err)
				continue
			}
			h, err := Parse(path.Base(regDir), data)
			if err == nil {
				err = h.Validate()
			}
			r.AddErr(file, err)
		}
	}
	return r
}
