#!/usr/bin/env bash
# Builds crio-checker (e2e/checkers/crio, its own Go module) into
# $KUBENODE_E2E_TOOLS/crio-checker-1.34.0/: a program that loads CRI-O
# drop-ins with CRI-O 1.34.0's own config package and registries.conf with
# containers/image's sysregistriesv2, for the tests in e2e/crio.
#
# The build tags leave out the parts of containers/image and
# containers/storage that need C headers (gpgme, btrfs, devmapper, ostree),
# and CGO_ENABLED=0 needs no C compiler at all, so no apt package is needed.
# A build is skipped when one from the same sources is already there (the
# stamp file holds a hash of the checker's go.mod, go.sum and sources).
set -euo pipefail
cd "$(dirname "$0")/../.."

version=1.34.0
src=e2e/checkers/crio
dir="${KUBENODE_E2E_TOOLS:?}/crio-checker-$version"
out="$dir/crio-checker"
stamp=$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -d' ' -f1)

if [ -x "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "crio-checker $version: up to date at $out"
  exit 0
fi

mkdir -p "$dir"
start=$SECONDS
(
  cd "$src"
  CGO_ENABLED=0 go build -trimpath \
    -tags 'containers_image_openpgp exclude_graphdriver_btrfs exclude_graphdriver_devmapper containers_image_ostree_stub' \
    -o "$out.tmp" .
)
mv "$out.tmp" "$out"
echo "$stamp" > "$out.stamp"
echo "crio-checker $version: built $out in $((SECONDS - start))s"
