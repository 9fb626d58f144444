#!/usr/bin/env bash
# Builds kubelet-checker (e2e/checkers/kubelet), the kubelet's own config
# loader, validation and command from k8s.io/kubernetes v1.37.2, into
# $KUBENODE_E2E_TOOLS/kubelet-checker-1.37.2/ for the tests in e2e/kubelet.
# It is skipped when that build is already there for the checker's current
# sources. Cold, on 2 cores, the build is the slow part of this script (it
# compiles most of the kubelet); see the report in the kubelet issue for
# measured times.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=1.37.2
src=e2e/checkers/kubelet
dest="${KUBENODE_E2E_TOOLS:-$HOME/.cache/kubenode-e2e}/kubelet-checker-$version"
bin="$dest/kubelet-checker"

# The stamp ties the binary to the checker's sources and the Go toolchain.
stamp=$( (cat "$src/go.mod" "$src/go.sum" "$src"/*.go; go version) | sha256sum | cut -c1-16)
if [ -x "$bin" ] && [ "$(cat "$dest/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "kubelet-checker $version: already built ($bin)"
  exit 0
fi

mkdir -p "$dest"
start=$SECONDS
# -trimpath and -s -w keep the link small; the version stamp makes
# `kubelet --version` print the release the checker is built from, as the
# real kubelet's build does.
(cd "$src" && go build -trimpath \
  -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$version" \
  -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "$stamp" > "$dest/stamp"
echo "kubelet-checker $version: built in $((SECONDS - start))s"
