// Package runtime is the vocabulary every kubenode component shares: a
// [Plan] of files, system groups and systemd unit actions; the [Installer]
// interface each component implements; [Compose], which merges installers
// and refuses two that write different content to one path; [Version];
// crictl's configuration ([CrictlConfig]); and the checks every component
// needs for values that cross component lines (image references, CRI
// endpoints).
//
// runtime imports no other kubenode package except runtime/field, so every
// component can import it.
package runtime
