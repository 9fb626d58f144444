// Package release is what a node needs to run containerd from upstream
// release files rather than a distribution package: containerd's tarball,
// runc and the CNI plugins, each a runtime.Artifact that runtime/apply
// fetches, verifies and installs.
//
// Each artifact is verified by the checksum file its project publishes
// beside it, unless a pinned digest is given (upstream.WithSHA256);
// upstream.WithMirror replaces the download base, for a node that
// cannot reach GitHub.
package release
