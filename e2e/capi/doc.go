// Package capi checks kubenode's Cluster API and kubeadm renderings with
// the programs that read them: Cluster API's own types and validation
// (capi-checker), kubeadm's config loader, defaulting, validation and
// patch loader (kubeadm-checker), and the node tree the template's files
// and commands make, against Apply's.
package capi
