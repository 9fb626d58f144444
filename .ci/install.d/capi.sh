#!/usr/bin/env bash
# capi-checker (e2e/checkers/capi): Cluster API's own bootstrap and
# control-plane types (sigs.k8s.io/cluster-api/api), their strict decode,
# the bounds of their CRD schema and the checks of the KubeadmConfig
# webhook, and the files its cloud-init user data writes, for e2e/capi.
# Its version is the Cluster API release it links.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=$(cd e2e/checkers/capi && go list -m -f '{{.Version}}' sigs.k8s.io/cluster-api/api)
build_checker capi-checker "${version#v}" e2e/checkers/capi -ldflags=-s
