#!/usr/bin/env bash
# kube-apiserver (e2e/checkers/apiserver): the real kube-apiserver of
# k8s.io/kubernetes v1.37.2, for the control plane of
# e2e/harness.StartControlPlane, which the kubelet of e2e/pods joins. It
# shares most of its modules and packages with the kubelet checker (1,478
# of its 2,080 packages), so it waits for that build (kubelet.sh, run beside
# it) and then compiles only the rest. The version stamp makes
# `kube-apiserver --version` and /version print the release, as the real
# build does.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=1.37.2
after_tool "$tools/kubelet-checker-$version/kubelet-checker" kubelet.sh
build_checker kube-apiserver "$version" e2e/checkers/apiserver \
  -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$version"
