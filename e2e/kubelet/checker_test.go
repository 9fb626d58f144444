// Package kubelet_test checks the kubelet package's files with the
// kubelet's own code: kubelet-checker (e2e/checkers/kubelet, built by
// .ci/install.d/kubelet.sh from k8s.io/kubernetes v1.37.2) loads and
// validates every rendered KubeletConfiguration, and runs the real kubelet
// command so its flag set parses every rendered flag; systemd-analyze
// verifies the units.
package kubelet_test

import "github.com/kubenode/kubenode/e2e/realcheck"

// CheckerVersion is the Kubernetes release the checker is built from.
const CheckerVersion = realcheck.KubeletCheckerVersion
