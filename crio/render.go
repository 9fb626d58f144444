package crio

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// Paths of the tables, in the file's own key syntax.
var (
	crioPath     = field.NewTOMLPath("crio")
	apiPath      = crioPath.Child("api")
	runtimePath  = crioPath.Child("runtime")
	runtimesPath = runtimePath.Child("runtimes")
	imagePath    = crioPath.Child("image")
	networkPath  = crioPath.Child("network")
)

// The keys Config types, by table: Extra must not hold them too.
var typedKeys = map[string][]string{
	"":             {"crio"},
	"crio":         {"root", "runroot", "api", "runtime", "image", "network"},
	"crio.api":     {"listen"},
	"crio.runtime": {"cgroup_manager", "conmon_cgroup", "default_runtime", "runtimes"},
	runtimesTable + ".*": {"runtime_path", "runtime_type", "runtime_root", "runtime_config_path",
		"monitor_path", "monitor_cgroup", "monitor_env", "allowed_annotations", "privileged_without_host_devices"},
	"crio.image": {"pause_image", "pause_image_auth_file", "pause_command", "signature_policy", "insecure_registries",
		"global_auth_file"},
	"crio.network": {"network_dir", "plugin_dirs"},
}

// Render encodes the drop-in through go-toml/v2: keys sorted, tables after
// plain keys, so the output is the same bytes for the same Config. It
// refuses only what cannot be written faithfully (an Extra key that a
// typed field also writes, a value TOML cannot hold); Validate judges the
// values for a CRI-O release, and New and NewInstaller call it.
func (c *Config) Render() ([]byte, error) {
	if errs := c.structure(); len(errs) > 0 {
		return nil, errs.Err()
	}
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(false)
	if err := enc.Encode(c.document()); err != nil {
		return nil, fmt.Errorf("crio drop-in: %w", err)
	}
	return buf.Bytes(), nil
}

// structure reports what would make Render write something else than c
// says: Extra keys that collide with typed ones, and values TOML cannot
// hold.
func (c *Config) structure() field.ErrorList {
	var errs field.ErrorList
	collide := func(p *field.Path, table string, extra tree) {
		for _, k := range typedKeys[table] {
			if _, ok := extra[k]; ok {
				errs = append(errs, field.Conflict(p.Child(k), k, "set in Extra but typed in Config: set the field instead"))
			}
		}
		errs = append(errs, tomltree.CheckValues(extra, p)...)
	}
	for _, k := range typedKeys[""] {
		if _, ok := c.TopLevel[k]; ok {
			errs = append(errs, field.Conflict(field.NewTOMLPath(k), k, "TopLevel must not hold the [crio] table: use the fields and Extra"))
		}
	}
	errs = append(errs, tomltree.CheckValues(c.TopLevel, nil)...)
	collide(crioPath, "crio", c.Extra)
	collide(apiPath, "crio.api", c.API.Extra)
	collide(runtimePath, "crio.runtime", c.Runtime.Extra)
	for _, name := range slices.Sorted(maps.Keys(c.Runtime.Runtimes)) {
		collide(runtimesPath.Child(name), runtimesTable+".*", c.Runtime.Runtimes[name].Extra)
	}
	collide(imagePath, "crio.image", c.Image.Extra)
	collide(networkPath, "crio.network", c.Network.Extra)
	return errs
}

// document builds the TOML tree of the drop-in.
func (c *Config) document() tree {
	crio := startFrom(c.Extra)
	setString(crio, "root", c.Root)
	setString(crio, "runroot", c.RunRoot)

	api := startFrom(c.API.Extra)
	setString(api, "listen", c.API.Listen)
	setTable(crio, "api", api)

	rt := startFrom(c.Runtime.Extra)
	setString(rt, "cgroup_manager", string(c.Runtime.CgroupManager))
	setString(rt, "conmon_cgroup", c.Runtime.ConmonCgroup)
	setString(rt, "default_runtime", c.Runtime.DefaultRuntime)
	if len(c.Runtime.Runtimes) > 0 {
		handlers := tree{}
		for name, h := range c.Runtime.Runtimes {
			handlers[name] = h.document()
		}
		rt["runtimes"] = handlers
	}
	setTable(crio, "runtime", rt)

	img := startFrom(c.Image.Extra)
	setString(img, "pause_image", c.Image.PauseImage)
	setString(img, "pause_image_auth_file", c.Image.PauseImageAuthFile)
	if c.Image.PauseCommand != nil {
		img["pause_command"] = *c.Image.PauseCommand
	}
	setString(img, "signature_policy", c.Image.SignaturePolicy)
	setStrings(img, "insecure_registries", c.Image.InsecureRegistries)
	setString(img, "global_auth_file", c.Image.GlobalAuthFile)
	setTable(crio, "image", img)

	net := startFrom(c.Network.Extra)
	setString(net, "network_dir", c.Network.NetworkDir)
	setStrings(net, "plugin_dirs", c.Network.PluginDirs)
	setTable(crio, "network", net)

	doc := startFrom(c.TopLevel)
	doc["crio"] = crio
	return doc
}

// document builds the tree of one runtimes table. A handler with nothing
// set is still written, as an empty table: it defines the handler.
func (h RuntimeHandler) document() tree {
	t := startFrom(h.Extra)
	setString(t, "runtime_path", h.RuntimePath)
	setString(t, "runtime_type", string(h.RuntimeType))
	setString(t, "runtime_root", h.RuntimeRoot)
	setString(t, "runtime_config_path", h.RuntimeConfigPath)
	setString(t, "monitor_path", h.MonitorPath)
	setString(t, "monitor_cgroup", h.MonitorCgroup)
	setStrings(t, "monitor_env", h.MonitorEnv)
	setStrings(t, "allowed_annotations", h.AllowedAnnotations)
	if h.PrivilegedWithoutHostDevices {
		t["privileged_without_host_devices"] = true
	}
	return t
}
