#!/usr/bin/env bash
# Builds cri-dockerd v0.4.0 for e2e/cridockerd, which runs it on the flags
# kubenode renders. The Go module proxy refuses `go install` for this module
# (its go.mod has replace directives), so it is built from its downloaded
# module source, copied out of the read-only module cache.
# Idempotent: does nothing when a binary that reports this version is there.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=0.4.0
out="$tools/cri-dockerd-$version/cri-dockerd"
if [ -x "$out" ] && "$out" --version 2>/dev/null | grep -q "^cri-dockerd $version "; then
  echo "cri-dockerd $version: already built at $out"
  exit 0
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

info=$(cd "$work" && go mod download -json "github.com/Mirantis/cri-dockerd@v$version")
src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")
commit=$(sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{7\}\).*/\1/p' <<<"$info")
if [ -z "$src" ] || [ ! -d "$src" ]; then
  echo "cri-dockerd $version: module download failed" >&2
  exit 1
fi
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"

mkdir -p "$(dirname "$out")"
# The version is stamped as cri-dockerd's Makefile does, so --version
# prints "cri-dockerd 0.4.0 (<commit>)".
pkg=github.com/Mirantis/cri-dockerd/cmd/version
(cd "$work/src" && go build -mod=mod -trimpath \
  -ldflags="-s -X $pkg.Version=$version -X $pkg.GitCommit=${commit:-v$version}" -o "$out.tmp" .)
mv "$out.tmp" "$out"
"$out" --version
