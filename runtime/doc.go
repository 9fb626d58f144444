// Package runtime is the vocabulary every kubenode component shares: a
// [Plan] of files, system groups and systemd unit actions; the [Installer]
// interface each component implements; [Compose], which merges installers
// and refuses two that write different content to one path; [Version];
// crictl's configuration ([CrictlConfig]); and the checks every component
// needs for values that cross component lines (image references, CRI
// endpoints, cgroup drivers, registry mirrors).
//
// A plan reaches a node in one of two ways. [Apply] writes it under a root
// directory — / on a live node, an image root for an offline build —
// confined, atomically per file, idempotently, with backups and rollback,
// and takes its unit actions through a [Manager] (the systemd package has
// one over D-Bus, one for unbooted roots and a recorder). Or [Plan.Render]
// turns it into a document a provisioning system ships: a POSIX shell
// script, a cloud-config, an Ignition config or a tar archive.
//
// A plan may also carry release [Artifact]s — the containerd, runc, CNI,
// Docker, cri-dockerd, crictl and kubelet binaries a node runs — each with
// its URL, its SHA-256 and the archive members it installs where. Apply
// downloads them into a cache, verifies them before extracting anything,
// refuses members that would escape their destination, and installs them
// with the same atomicity and rollback as files; every renderer carries
// them too.
//
// runtime imports no other kubenode package except runtime/field, so every
// component can import it.
package runtime
