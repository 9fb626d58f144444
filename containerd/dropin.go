package containerd

import (
	"path"
	"strings"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// DropInDir is the directory of the drop-in files config.toml imports in
// drop-in mode, the one containerd 2.2's `config default` lists.
const DropInDir = "/etc/containerd/conf.d"

// WithDropIn writes the node's settings as DropInDir/name (a file name
// ending in .toml), and a config.toml that holds only the config version
// and `imports = ["/etc/containerd/conf.d/*.toml"]`, for a node where a
// distribution or another tool owns config.toml: containerd merges each
// imported file into config.toml (each migrated from its own version), so
// the settings of the drop-in win over an earlier file's. Both restart
// containerd when they change. NewInstaller only.
func WithDropIn(name string) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		p := optionPath("drop-in")
		switch {
		case !strings.HasSuffix(name, ".toml") || strings.ContainsAny(name, "/*?[") || name == ".toml":
			return field.ErrorList{field.Invalid(p, name, "a file name ending in .toml, such as 50-kubenode.toml")}.Err()
		case len(name) > runtime.MaxPathElement:
			return field.ErrorList{field.TooLong(p, name, runtime.MaxPathElement)}.Err()
		}
		in.dropIn = name
		return nil
	})
}

// dropInFiles are config.toml and the drop-in that hold config, rendered
// for target, in drop-in mode.
func dropInFiles(target runtime.Version, name string, config []byte, mode runtime.File) ([]runtime.File, error) {
	top, err := (&Config{Imports: []string{path.Join(DropInDir, "*.toml")}}).render(target)
	if err != nil {
		return nil, err
	}
	dropIn := mode
	dropIn.Path, dropIn.Content = path.Join(DropInDir, name), config
	return []runtime.File{{Path: ConfigFile, Mode: 0o644, Content: top, RestartUnits: []string{UnitName}}, dropIn}, nil
}
