// Package e2e is kubenode's end-to-end test module: every file the library
// renders is handed to the program that reads it (systemd-analyze, a real
// systemd, containerd, dockerd, cri-dockerd, CRI-O's config loader, the
// kubelet's own loader and flags). It is a module of its own so that its
// heavy test-only dependencies never reach the library's go.mod.
//
// Run it with `cd e2e && go test ./...`. Programs it needs are found on PATH
// or under $KUBENODE_E2E_TOOLS (default ~/.cache/kubenode-e2e), where
// .ci/run installs them. Without CI=true a missing program skips its test;
// with CI=true it fails it.
package e2e
