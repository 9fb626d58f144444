#!/usr/bin/env bash
# kubeadm-checker (e2e/checkers/kubeadm): kubeadm's own config loading,
# defaulting and validation of a JoinConfiguration and its patch loader,
# from k8s.io/kubernetes v1.37.2, for e2e/capi. Most of what it compiles
# kubelet-checker compiles too: it waits for that build (kubelet.sh, run
# beside it) and then builds from the warm build cache, instead of
# compiling the same packages at the same time on a cold machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

after_tool "$tools/kubelet-checker-1.37.2/kubelet-checker" kubelet.sh
build_checker kubeadm-checker 1.37.2 e2e/checkers/kubeadm -ldflags="-s -w"
