package verify

import (
	"encoding/json"
	"maps"
	"slices"
)

// infoConfig is the part of a runtime's verbose Status info["config"] that
// Node reads. containerd publishes its CRI config there (1.6 and 1.7 with
// sandboxImage and registry.configPath; 2.x without either, which moved to
// its image plugin), CRI-O {"sandboxImage", "crio": its runtime config},
// cri-dockerd {"sandboxImage"}.
type infoConfig struct {
	SandboxImage string `json:"sandboxImage"`
	Containerd   *struct {
		DefaultRuntimeName string                       `json:"defaultRuntimeName"`
		Runtimes           map[string]containerdRuntime `json:"runtimes"`
	} `json:"containerd"`
	Registry *struct {
		ConfigPath *string `json:"configPath"`
	} `json:"registry"`
	CRIO *struct {
		DefaultRuntime    string                     `json:"DefaultRuntime"`
		CgroupManagerName string                     `json:"CgroupManagerName"`
		Runtimes          map[string]json.RawMessage `json:"Runtimes"`
	} `json:"crio"`
}

// containerdRuntime is one runtime of containerd's CRI config as its
// verbose info prints it.
type containerdRuntime struct {
	RuntimeType string `json:"runtimeType"`
	Options     *struct {
		SystemdCgroup *bool `json:"SystemdCgroup"`
	} `json:"options"`
}

// systemdCgroup is the runtime's SystemdCgroup option, false when unset.
func (r containerdRuntime) systemdCgroup() bool {
	return r.Options != nil && r.Options.SystemdCgroup != nil && *r.Options.SystemdCgroup
}

// parseInfoConfig decodes info["config"]; a runtime that publishes none,
// or something else, gives the zero infoConfig.
func parseInfoConfig(info map[string]string) infoConfig {
	var c infoConfig
	if s, ok := info["config"]; ok {
		_ = json.Unmarshal([]byte(s), &c)
	}
	return c
}

// sortedKeys returns m's keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
