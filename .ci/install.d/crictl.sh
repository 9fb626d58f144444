#!/usr/bin/env bash
# crictl 1.37.0 from the Go module proxy: e2e/containerd and e2e/apply ask
# CRI through it, and e2e/artifacts serves it in cri-tools' release layout.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

go_install crictl 1.37.0 sigs.k8s.io/cri-tools/cmd/crictl
