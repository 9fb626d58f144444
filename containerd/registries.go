package containerd

import (
	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// WithRegistryHosts plans how containerd reaches each registry: a
// hosts.toml under registry.config_path with its server (http:// for a
// plain-HTTP one), mirrors, ca, client and skip_verify, beside the
// certificate files (hosts.FromRegistry), all read per pull, so a change
// restarts nothing. Credentials go where containerd reads them, the CRI
// image plugin's registry.configs."<host>".auth in config.toml, which then
// has mode 0600 and restarts containerd when it changes; containerd has
// deprecated that table (Validate warns; containerd's own warning names a
// removal release that has moved with each release: 2.1 in 1.7.35, 2.3 in
// 2.2.9, 2.7 in 2.4.2) and keeps it until a secret plugin replaces it.
// With it, containerd 2.x pulls without its transfer service ("Falling
// back to local image pull mode"). The credentials are the registry's own:
// containerd does not send them to its mirrors. NewInstaller only.
func WithRegistryHosts(regs []runtime.Registry) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		var errs field.ErrorList
		for i, r := range regs {
			errs = append(errs, r.Validate(optionPath("registries").Index(i))...)
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		in.registries = regs
		return nil
	})
}

// registryFiles are the hosts.toml and certificate files of the
// registries under configPath.
func registryFiles(configPath string, regs []runtime.Registry) ([]runtime.File, error) {
	var out []runtime.File
	for _, r := range regs {
		h, certs, err := hosts.FromRegistry(configPath, r)
		if err != nil {
			return nil, err
		}
		f, err := h.PlanFile(configPath)
		if err != nil {
			return nil, err
		}
		out = append(append(out, f), certs...)
	}
	return out, nil
}

// withAuths returns cfg with the registries' credentials in its
// registry.configs, or cfg itself when none has any. The credentials are
// in the layout of cfg's Extra: its own version's, or the target's for a
// Config New built.
func withAuths(cfg *Config, target runtime.Version, regs []runtime.Registry) (*Config, bool, error) {
	var out *Config
	for _, r := range regs {
		if r.Auth == nil {
			continue
		}
		if out == nil {
			out = cfg.Clone()
			if out.Extra == nil {
				out.Extra = tree{}
			}
		}
		version := out.Version
		if version == 0 {
			version, _ = ConfigVersion(target)
		}
		auth := tree{}
		if r.Auth.IdentityToken != "" {
			auth["identitytoken"] = r.Auth.IdentityToken.Reveal()
		} else {
			auth["username"], auth["password"] = r.Auth.Username, r.Auth.Password.Reveal()
		}
		k := layouts[version].registry().Child("configs", r.Host, "auth")
		if err := tomltree.Set(out.Extra, k, auth); err != nil {
			return nil, false, err
		}
	}
	if out == nil {
		return cfg, false, nil
	}
	return out, true, nil
}
