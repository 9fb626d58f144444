// Package containerd models containerd's config.toml, its registry
// hosts.toml files and containerd.service as typed Go values, validates them
// against the containerd release that will read them, and renders them
// byte-for-byte deterministically.
//
// # One Config, three file layouts
//
// A Config holds what a Kubernetes node needs (root, state, sockets, the
// CRI runtimes with their SystemdCgroup, CNI directories, the pause image,
// registry.config_path, image pull settings, disabled plugins, imports, NRI)
// independent of the config version. Render(target) writes it in the layout
// the target reads:
//
//	containerd 1.6, 1.7   version = 2   one plugin: plugins."io.containerd.grpc.v1.cri"
//	containerd 2.0 - 2.2  version = 3   plugins."io.containerd.cri.v1.runtime" and ."io.containerd.cri.v1.images"
//	containerd 2.3, 2.4   version = 4   as 3, and grpc, ttrpc, debug, metrics become server plugins
//
// Render writes only the fields that are set, so containerd applies its own
// defaults to the rest. New pins what a node must not leave to defaults
// that change between releases: the runc runtime with SystemdCgroup, the
// pause image and registry.config_path.
//
// # Extra: every key kubenode does not model
//
// Parse reads a version 2, 3 or 4 file, such as the output of `containerd
// config default`, into the typed fields and keeps every other key in
// Config.Extra, in the file's layout (Config.Version). Render writes Extra
// back, migrated to the target's layout by Migrate the way containerd
// migrates a file at start (sandbox_image becomes pinned_images.sandbox, the
// registry and image settings move to the images plugin, the rest of the
// CRI settings to the runtime plugin; in version 4 grpc, ttrpc, debug and
// metrics become server plugins). Comments and key order are not kept:
// render → parse → render is byte-stable, parse → render is equivalent.
//
// An Extra key is not "unknown" merely because kubenode does not model it.
// Validate warns (field.ErrUnknown) only about keys the target release does
// not know, judged by the keys the release's own `containerd config
// default` prints (embedded under reference/), plus the tables whose keys
// are names (a runtime's options, registry mirrors, timeouts, ...). So a
// full default config parses and validates for its own release without a
// warning.
//
// # Validate, by target
//
// Validate(target) returns errors apart from warnings, each with its key in
// the target's layout and the bad value:
//
//   - a config version the target cannot read, and config version 1;
//   - what containerd 2.0 removed (runtime types io.containerd.runtime.v1.linux
//     and io.containerd.runc.v1, systemd_cgroup, untrusted_workload_runtime,
//     default_runtime, runtime_engine, runtime_root, CriuPath, aufs, ...):
//     an error for 2.x, a deprecation warning for 1.6 and 1.7 from the
//     release upstream deprecated it in (RELEASES.md), so CriuPath warns on
//     1.7 only; what 2.4 removed (cni bin_dir, the OTLP tracing keys) is an
//     error for 2.4, except enable_cdi = false, a warning there (2.4 ignores
//     it and runs CDI);
//   - registry.mirrors together with registry.config_path: containerd
//     refuses it quietly and runs without its CRI plugin;
//   - runc runtimes that disagree on SystemdCgroup, since containerd reports
//     one cgroup driver to the kubelet;
//   - malformed image references, paths, socket paths too long to bind,
//     disabled CRI plugins, and fields the target does not have yet.
//
// # NRI
//
// containerd 2.x enables NRI by default and creates /var/run/nri/nri.sock.
// kubenode keeps that default (DisableNRI nil) because NRI plugins a cluster
// deploys rely on it; WithNRI(false) turns it off, as the end-to-end tests
// do to keep the host untouched.
//
// # Installer
//
// NewInstaller plans /etc/containerd/config.toml, one
// <config_path>/<registry>/hosts.toml per mirrored registry (see Hosts and
// HostsFromMirrors), /etc/systemd/system/containerd.service (Service), and
// /etc/crictl.yaml for the CRI socket, then enables and starts the unit.
package containerd
