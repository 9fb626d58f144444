package crio

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Parse reads a CRI-O drop-in (or a whole crio.conf) as CRI-O's decoder
// does. Keys it does not type are kept in the Extra map of their table,
// keys outside [crio] in TopLevel, so Render writes them back; Validate
// then reports those the target release does not know. A typed key of
// the wrong TOML type is an error, as it is for CRI-O. Comments and key
// order are lost.
func Parse(data []byte) (*Config, error) {
	var doc tree
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("crio drop-in: %w", err)
	}
	var p parser
	c := &Config{}
	crio := p.table(doc, "crio", crioPath)
	c.TopLevel = rest(doc)
	if crio == nil {
		if err := p.errs.Err(); err != nil {
			return nil, err
		}
		return c, nil
	}

	c.Root = p.string(crio, "root", crioPath.Child("root"))
	c.RunRoot = p.string(crio, "runroot", crioPath.Child("runroot"))

	if api := p.table(crio, "api", apiPath); api != nil {
		c.API.Listen = p.string(api, "listen", apiPath.Child("listen"))
		c.API.Extra = rest(api)
	}

	if rt := p.table(crio, "runtime", runtimePath); rt != nil {
		c.Runtime.CgroupManager = runtime.CgroupDriver(p.string(rt, "cgroup_manager", runtimePath.Child("cgroup_manager")))
		c.Runtime.ConmonCgroup = p.string(rt, "conmon_cgroup", runtimePath.Child("conmon_cgroup"))
		c.Runtime.DefaultRuntime = p.string(rt, "default_runtime", runtimePath.Child("default_runtime"))
		// An empty [crio.runtime.runtimes] says nothing: CRI-O keeps the
		// runtimes it had, and Render writes no table for no runtimes.
		if handlers := p.table(rt, "runtimes", runtimesPath); len(handlers) > 0 {
			c.Runtime.Runtimes = map[string]RuntimeHandler{}
			for _, name := range slices.Sorted(maps.Keys(handlers)) {
				hp := runtimesPath.Child(name)
				t := p.table(handlers, name, hp)
				if t == nil {
					continue
				}
				c.Runtime.Runtimes[name] = p.handler(t, hp)
			}
		}
		c.Runtime.Extra = rest(rt)
	}

	if img := p.table(crio, "image", imagePath); img != nil {
		c.Image.PauseImage = p.string(img, "pause_image", imagePath.Child("pause_image"))
		c.Image.PauseImageAuthFile = p.string(img, "pause_image_auth_file", imagePath.Child("pause_image_auth_file"))
		c.Image.PauseCommand = p.optionalString(img, "pause_command", imagePath.Child("pause_command"))
		c.Image.SignaturePolicy = p.string(img, "signature_policy", imagePath.Child("signature_policy"))
		c.Image.InsecureRegistries = p.strings(img, "insecure_registries", imagePath.Child("insecure_registries"))
		c.Image.GlobalAuthFile = p.string(img, "global_auth_file", imagePath.Child("global_auth_file"))
		c.Image.Extra = rest(img)
	}

	if net := p.table(crio, "network", networkPath); net != nil {
		c.Network.NetworkDir = p.string(net, "network_dir", networkPath.Child("network_dir"))
		c.Network.PluginDirs = p.strings(net, "plugin_dirs", networkPath.Child("plugin_dirs"))
		c.Network.Extra = rest(net)
	}

	c.Extra = rest(crio)
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) handler(t tree, hp *field.Path) RuntimeHandler {
	h := RuntimeHandler{
		RuntimePath:                  p.string(t, "runtime_path", hp.Child("runtime_path")),
		RuntimeType:                  RuntimeType(p.string(t, "runtime_type", hp.Child("runtime_type"))),
		RuntimeRoot:                  p.string(t, "runtime_root", hp.Child("runtime_root")),
		RuntimeConfigPath:            p.string(t, "runtime_config_path", hp.Child("runtime_config_path")),
		MonitorPath:                  p.string(t, "monitor_path", hp.Child("monitor_path")),
		MonitorCgroup:                p.string(t, "monitor_cgroup", hp.Child("monitor_cgroup")),
		MonitorEnv:                   p.strings(t, "monitor_env", hp.Child("monitor_env")),
		AllowedAnnotations:           p.strings(t, "allowed_annotations", hp.Child("allowed_annotations")),
		PrivilegedWithoutHostDevices: p.bool(t, "privileged_without_host_devices", hp.Child("privileged_without_host_devices")),
	}
	h.Extra = rest(t)
	return h
}
