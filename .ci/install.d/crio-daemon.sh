#!/usr/bin/env bash
# CRI-O 1.34.0's daemon, for the pod tests: crio built from crio-checker's
# module (e2e/checkers/crio, whose go.mod names cmd/crio as a tool), with
# the build tags crio-checker (crio.sh) uses ($crio_tags, .ci/lib.sh),
# which need no C headers; and pinns, CRI-O's small C helper that pins
# namespaces, compiled from the module's own source (static, so it runs in
# any root). Both go to $tools/crio-1.34.0/. conmon and runc come from
# Debian (crio-daemon.apt).
#
# Building from a committed go.sum means no module is looked up in the
# checksum database at build time: a lookup there once failed for minutes
# ("404 Not Found" for one of CRI-O's pseudo-versions) and failed the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=1.34.0
module=github.com/cri-o/cri-o
src=e2e/checkers/crio
dir="$tools/crio-$version"
# Rebuilt when the module, this script (its flags), the tags or Go changes.
stamp=$( (cat "$src/go.mod" "$src/go.sum" .ci/install.d/crio-daemon.sh; echo "$crio_tags"; go version) | sha256sum | cut -c1-16)
if [ -x "$dir/crio" ] && [ -x "$dir/pinns" ] && [ "$(cat "$dir/crio.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$dir: already built"
  exit 0
fi
start=$SECONDS
mkdir -p "$dir"
cd "$src"
retry go mod download
CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$dir/crio.tmp" -tags "$crio_tags" "$module/cmd/crio"
pinns_src=$(go list -m -f '{{.Dir}}' "$module")
gcc -O2 -static -o "$dir/pinns.tmp" "$pinns_src"/pinns/src/*.c
mv "$dir/crio.tmp" "$dir/crio"
mv "$dir/pinns.tmp" "$dir/pinns"
echo "$stamp" >"$dir/crio.stamp"
echo "$dir: built in $((SECONDS - start))s"
