// Package realcheck runs the real programs that read kubenode's files, for
// every end-to-end test that needs them: a containerd under a temp dir
// asked through crictl, Debian's dockerd and a current one in a private
// mount namespace, cri-dockerd on either, CRI-O's config loader
// (crio-checker) and the kubelet's own loader and flag set
// (kubelet-checker). Each program is found once here, started once here
// and asked once here; the component packages and e2e/node only say what
// they expect it to report.
//
// Programs come from PATH and from harness.ToolsDir, where the
// .ci/install.d scripts put them; a missing one stops the test through
// testenv.Missing, so it fails on CI and skips elsewhere.
package realcheck
