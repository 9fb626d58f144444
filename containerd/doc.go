// Package containerd models containerd's config.toml and containerd.service
// as typed Go values, validates them for the containerd release that will
// read them, and renders them byte-for-byte deterministically. Subpackages:
// hosts (registry hosts.toml files), release (upstream release files).
//
// # Shape
//
// As every kubenode component: New (options Option) builds a validated
// Config; Parse, Config.Validate and Config.Render read, check and write
// one; NewInstaller (options InstallerOption) plans it. WithVersion and
// every ConfigOption (WithCgroupDriver, WithSandboxImage,
// WithRegistryConfigPath, WithNRI, WithEdit) are taken by both; WithConfig
// gives NewInstaller a Config instead, and WithBinary and WithMirrors are
// its own. DefaultVersion and SupportedVersions are runtime.Versions;
// Recommended and CheckKubernetes are containerd's Kubernetes support
// matrix; Load and Inspect read a node's files.
//
// # One Config, three file layouts
//
// A Config holds what a Kubernetes node needs independent of the config
// version; Render(target) writes it in the layout the target reads:
//
//	containerd 1.6, 1.7   version = 2   one plugin: plugins."io.containerd.grpc.v1.cri"
//	containerd 2.0 - 2.2  version = 3   plugins."io.containerd.cri.v1.runtime" and ."io.containerd.cri.v1.images"
//	containerd 2.3, 2.4   version = 4   as 3, and grpc, ttrpc, debug, metrics become server plugins
//
// Only set fields are written, so containerd applies its own defaults to
// the rest. New pins what must not change between releases: the runc
// runtime with SystemdCgroup, the pause image, registry.config_path. NRI
// stays on in 2.x, as NRI plugins a cluster deploys need; WithNRI(false)
// turns it off, as the end-to-end tests do.
//
// # Extra: every key kubenode does not model
//
// Parse keeps every key the typed fields do not model in Config.Extra, in
// the file's layout (Config.Version); Render writes it back migrated to the
// target's layout (Migrate, as containerd migrates a file at start).
// Comments and key order are lost: render → parse → render is byte-stable.
// Validate warns (field.ErrUnknown) only about keys the target does not
// know: those its own `containerd config default` does not print
// (reference/), outside the tables whose keys are names.
//
// # Validate, by target
//
// Validate(target) reports each problem at its key in the target's layout
// with the bad value: a config version the target cannot read; what a
// release removed (2.0: runtime types io.containerd.runtime.v1.linux and
// io.containerd.runc.v1, systemd_cgroup, CriuPath, aufs, ...; 2.4: cni
// bin_dir, the OTLP keys), an error from then on and a deprecation warning
// from the release RELEASES.md deprecated it in; registry.mirrors next to
// registry.config_path (containerd then runs without its CRI); runc
// runtimes that disagree on SystemdCgroup; malformed images, paths and
// sockets; disabled CRI plugins; fields the target lacks.
//
// # Load
//
// containerd merges the files config.toml's imports name, and theirs,
// breadth first, each once. Only a file's own imports count: the `config
// default` of 2.2 and later lists /etc/containerd/conf.d/*.toml, but a
// config.toml without that line reads no conf.d file. Load merges as the
// target does, checked against the `config dump` of 2.2.9 and 2.4.2:
// plugin tables key by key in 2.x (a later value, false included, wins),
// whole in 1.x; proxy_plugins, stream_processors and timeouts per name;
// lists grow; an empty top-level value replaces nothing. 2.3 and later
// migrate each file to version 4 before merging; 2.0 to 2.2 migrate the
// merged files from the last one's version. Loaded.FileOf names the file
// that set a key.
//
// # Inspect
//
// Inspect is containerd's part of the root package's Lint: it loads the
// node's config, validates it, reports each problem in the file that set
// its key, checks the hosts.toml files, and tells Lint the CRI socket,
// cgroup driver and pause image containerd ends up with.
//
// # Installer
//
// NewInstaller plans /etc/containerd/config.toml, one
// <config_path>/<registry>/hosts.toml per mirrored registry,
// containerd.service (Service) and /etc/crictl.yaml, then enables and
// starts the unit.
package containerd
