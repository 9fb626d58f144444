#!/usr/bin/env bash
# kubelet-checker (e2e/checkers/kubelet): the kubelet's own config loader,
# validation and command from k8s.io/kubernetes v1.37.2, for e2e/kubelet.
# Cold, it is the longest build of CI (most of the kubelet). The version
# stamp makes `kubelet --version` print the release, as the real build does.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=1.37.2
build_checker kubelet-checker "$version" e2e/checkers/kubelet \
  -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$version"
