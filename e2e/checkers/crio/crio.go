package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/BurntSushi/toml"
	"github.com/cri-o/cri-o/pkg/config"
)

// crioReport is what CRI-O read from the drop-ins: the values kubenode
// renders, after CRI-O's own defaulting and translation (conmon_cgroup is
// copied into every oci runtime's monitor_cgroup by Validate).
type crioReport struct {
	Root               string                   `json:"root"`
	RunRoot            string                   `json:"runroot"`
	CgroupManager      string                   `json:"cgroup_manager"`
	ConmonCgroup       string                   `json:"conmon_cgroup"`
	DefaultRuntime     string                   `json:"default_runtime"`
	Runtimes           map[string]runtimeReport `json:"runtimes"`
	PauseImage         string                   `json:"pause_image"`
	PauseImageAuthFile string                   `json:"pause_image_auth_file"`
	PauseCommand       string                   `json:"pause_command"`
	SignaturePolicy    string                   `json:"signature_policy"`
	InsecureRegistries []string                 `json:"insecure_registries"`
	GlobalAuthFile     string                   `json:"global_auth_file"`
	NetworkDir         string                   `json:"network_dir"`
	PluginDirs         []string                 `json:"plugin_dirs"`
	Listen             string                   `json:"listen"`
	// Template is CRI-O's WriteTemplate(true) output for the loaded
	// configuration: every key it documents, with its value.
	Template string `json:"template"`
	// TemplateKeys are the dotted keys of Template (tables included), as
	// CRI-O's TOML library reads it.
	TemplateKeys []string `json:"template_keys"`
	// Keys lists, per drop-in, its dotted keys (tables included).
	Keys map[string][]string `json:"keys"`
	// Undecoded lists, per drop-in, the keys CRI-O's decoder did not use:
	// CRI-O ignores them without a word.
	Undecoded map[string][]string `json:"undecoded"`
	// HandlerErrors are, per runtime handler, what CRI-O's host-independent
	// handler checks (runtime type, allowed annotations, no_sync_log)
	// refuse: at start CRI-O drops such a handler, or fails when it is the
	// default one.
	HandlerErrors map[string]string `json:"handler_errors"`
}

type runtimeReport struct {
	RuntimePath       string   `json:"runtime_path"`
	RuntimeType       string   `json:"runtime_type"`
	RuntimeRoot       string   `json:"runtime_root"`
	RuntimeConfigPath string   `json:"runtime_config_path"`
	MonitorPath       string   `json:"monitor_path"`
	MonitorCgroup     string   `json:"monitor_cgroup"`
	MonitorEnv        []string `json:"monitor_env"`
	// PrivilegedWithoutHostDevices and AllowedAnnotations are
	// privileged_without_host_devices and allowed_annotations.
	PrivilegedWithoutHostDevices bool     `json:"privileged_without_host_devices,omitempty"`
	AllowedAnnotations           []string `json:"allowed_annotations,omitempty"`
}

// loadCrio loads the drop-ins in order as CRI-O does and validates the
// result without touching the host.
func loadCrio(ctx context.Context, files []string) (*crioReport, error) {
	c, err := config.DefaultConfig()
	if err != nil {
		return nil, fmt.Errorf("default config: %w", err)
	}
	keys, undecoded := map[string][]string{}, map[string][]string{}
	for _, f := range files {
		if err := c.UpdateFromFile(ctx, f); err != nil {
			return nil, err
		}
		all, unused, err := decodeKeys(f)
		if err != nil {
			return nil, err
		}
		keys[f], undecoded[f] = all, unused
	}
	if err := c.Validate(false); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	var tpl bytes.Buffer
	if err := c.WriteTemplate(true, &tpl); err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	var anyTemplate map[string]any
	tmd, err := toml.Decode(tpl.String(), &anyTemplate)
	if err != nil {
		return nil, fmt.Errorf("read back the template: %w", err)
	}
	r := &crioReport{
		Root:               c.Root,
		RunRoot:            c.RunRoot,
		CgroupManager:      c.CgroupManagerName,
		ConmonCgroup:       c.ConmonCgroup,
		DefaultRuntime:     c.DefaultRuntime,
		Runtimes:           map[string]runtimeReport{},
		PauseImage:         c.PauseImage,
		PauseImageAuthFile: c.PauseImageAuthFile,
		PauseCommand:       c.PauseCommand,
		SignaturePolicy:    c.SignaturePolicyPath,
		InsecureRegistries: c.InsecureRegistries,
		GlobalAuthFile:     c.GlobalAuthFile,
		NetworkDir:         c.NetworkDir,
		PluginDirs:         c.PluginDirs,
		Listen:             c.Listen,
		Template:           tpl.String(),
		TemplateKeys:       keyStrings(tmd.Keys()),
		Keys:               keys,
		Undecoded:          undecoded,
		HandlerErrors:      map[string]string{},
	}
	for name, h := range c.Runtimes {
		r.Runtimes[name] = runtimeReport{
			RuntimePath:       h.RuntimePath,
			RuntimeType:       h.RuntimeType,
			RuntimeRoot:       h.RuntimeRoot,
			RuntimeConfigPath: h.RuntimeConfigPath,
			MonitorPath:       h.MonitorPath,
			MonitorCgroup:     h.MonitorCgroup,
			MonitorEnv:        h.MonitorEnv,

			PrivilegedWithoutHostDevices: h.PrivilegedWithoutHostDevices,
			AllowedAnnotations:           h.AllowedAnnotations,
		}
		if err := handlerChecks(name, h); err != nil {
			r.HandlerErrors[name] = err.Error()
		}
	}
	return r, nil
}

// decodeTarget has the shape of CRI-O's own (unexported) tomlConfig, built
// from the exported config types, so decoding a file into it uses exactly
// the keys CRI-O's decoder knows. [crio.nri] is kept as a Primitive and
// decoded into CRI-O's NRI config (an internal type reached through a
// default Config).
type decodeTarget struct {
	Crio struct {
		config.RootConfig
		API     struct{ config.APIConfig }     `toml:"api"`
		Runtime struct{ config.RuntimeConfig } `toml:"runtime"`
		Image   struct{ config.ImageConfig }   `toml:"image"`
		Network struct{ config.NetworkConfig } `toml:"network"`
		Metrics struct{ config.MetricsConfig } `toml:"metrics"`
		Tracing struct{ config.TracingConfig } `toml:"tracing"`
		Stats   struct{ config.StatsConfig }   `toml:"stats"`
		NRI     toml.Primitive                 `toml:"nri"`
	} `toml:"crio"`
}

// decodeKeys returns every key of a file and those CRI-O's decoder leaves
// unused.
func decodeKeys(path string) (all, unused []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	fresh, err := config.DefaultConfig()
	if err != nil {
		return nil, nil, err
	}
	var t decodeTarget
	md, err := toml.Decode(string(data), &t)
	if err != nil {
		return nil, nil, fmt.Errorf("decode %s: %w", path, err)
	}
	if md.IsDefined("crio", "nri") {
		if err := md.PrimitiveDecode(t.Crio.NRI, fresh.NRI); err != nil {
			return nil, nil, fmt.Errorf("decode %s [crio.nri]: %w", path, err)
		}
	}
	return keyStrings(md.Keys()), keyStrings(md.Undecoded()), nil
}

// keyStrings prints keys dotted, quoting parts as TOML needs.
func keyStrings(keys []toml.Key) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.String())
	}
	return out
}

// handlerChecks runs the checks of CRI-O's RuntimeHandler.Validate that
// need no host: the others stat the runtime binary and its config file.
func handlerChecks(name string, h *config.RuntimeHandler) error {
	if err := h.ValidateRuntimeType(name); err != nil {
		return err
	}
	if err := h.ValidateRuntimeAllowedAnnotations(); err != nil {
		return err
	}
	return h.ValidateNoSyncLog()
}
