// Package flagtable is what kubenode knows of every kubelet flag from
// Kubernetes 1.24 to 1.37: when it was added, deprecated and removed, the
// config key that replaces it, whether it may stand alone, and what to use
// instead. Each entry says where it was confirmed; the kubelet package
// validates flags with it.
package flagtable
