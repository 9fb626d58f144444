#!/usr/bin/env bash
# The Ignition checker (e2e/checkers/ignition): Ignition's own config.Parse,
# for e2e/apply and e2e/artifacts. Its version is the Ignition release it
# links.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=$(cd e2e/checkers/ignition && go list -m -f '{{.Version}}' github.com/coreos/ignition/v2)
build_checker ignition-check "${version#v}" e2e/checkers/ignition -ldflags=-s
