// Package crio checks package crio's output with CRI-O's own code: the
// crio-checker program (e2e/checkers/crio, built by .ci/install.d/crio.sh)
// loads every rendered drop-in with github.com/cri-o/cri-o/pkg/config
// v1.34.0 (DefaultConfig, UpdateFromFile, Validate(false)) and every
// rendered registries.conf with containers/image v5.35.0's
// sysregistriesv2, and reports what they read; it also loads a host's
// certs.d directory with containers/image's loader (client certificates,
// and whether a server certificate verifies against its CAs) and looks
// registries up in an auth file as CRI-O's global_auth_file is read,
// reporting digests of the secrets, never the values.
//
// The cri-o module v1.34.0 on the Go module proxy is commit 5dd0877 of
// 2025-05-14, cut when main opened for 1.34: its config package has the
// keys of 1.33 less privileged_seccomp_profile, not the four the 1.34.0
// release tag added (short_name_mode, exec_cpu_affinity,
// stream_websockets, a handler's seccomp_profile). The drop-ins kubenode
// writes use none of them.
package crio
