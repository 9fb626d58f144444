#!/usr/bin/env bash
# CRI-O 1.34.0's daemon, for the pod tests: crio built from the Go module
# proxy with the build tags crio-checker (crio.sh) already uses, which leave
# out the parts of containers/image and containers/storage that need C
# headers (gpgme, btrfs, devmapper, ostree), and pinns, CRI-O's small C
# helper that pins namespaces, compiled from the module's own source
# (static, so it runs in any root). Both go to $tools/crio-1.34.0/.
# conmon and runc come from Debian (crio-daemon.apt).
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=1.34.0
module=github.com/cri-o/cri-o
dir="$tools/crio-$version"
if [ -x "$dir/crio" ] && [ -x "$dir/pinns" ]; then
  echo "$dir: already built"
  exit 0
fi
start=$SECONDS
mkdir -p "$dir"
# Built from a module made for it, as go_build_module does: `go install
# PKG@VERSION` asks the proxy for CRI-O's version list (to look for a
# deprecation notice), which the proxy here refuses with 403.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init kubenode.invalid/build >/dev/null 2>&1
go get "$module/cmd/crio@v$version"
CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$dir/crio.tmp" \
  -tags 'containers_image_openpgp exclude_graphdriver_btrfs exclude_graphdriver_devmapper containers_image_ostree_stub' \
  "$module/cmd/crio"
src=$(go list -m -f '{{.Dir}}' "$module")
gcc -O2 -static -o "$dir/pinns.tmp" "$src"/pinns/src/*.c
mv "$dir/crio.tmp" "$dir/crio"
mv "$dir/pinns.tmp" "$dir/pinns"
echo "$dir: built in $((SECONDS - start))s"
