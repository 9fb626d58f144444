#!/usr/bin/env bash
# Builds, from their Go module source, the Docker programs e2e needs beside
# Debian's dockerd 20.10 (docker.apt):
# - cri-dockerd v0.4.0 and v0.4.3, for e2e/cridockerd and e2e/node, which
#   run them on the flags kubenode renders. 0.4.0 needs Docker's API 1.42
#   (Engine 23.0) and runs on the dockerd built below; 0.4.3 was cut from
#   the release/0.3 branch, asks for API 1.26 and runs on Debian's 20.10
#   (the Go module proxy answers 403 for 0.3.x tags such as 0.3.16 and
#   0.3.21). The proxy refuses `go install` for this module (its go.mod has
#   replace directives).
# - dockerd 28.5.2, for e2e/docker, which runs `dockerd --validate` on the
#   daemon.json kubenode renders for current releases (20.10 has no
#   --validate and knows none of the keys added since), and for
#   e2e/cridockerd and e2e/node, which start it under cri-dockerd 0.4.0.
#   moby has no go.mod: its vendor.mod and vendor.sum become one, and the
#   dependencies come from the Go module proxy. Built without cgo:
#   --validate needs no graph driver, and overlay2, the one the started
#   daemons use, needs no cgo.
# Each is built from its downloaded module source, copied out of the
# read-only module cache. Idempotent: a program is not built again when a
# binary that reports its version is there.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

# module_source MODULE@VERSION DIR: a writable copy of the module's source
# in DIR; prints the module's commit hash (its first 7 digits), if any.
module_source() {
  local info src
  info=$(cd "$work" && go mod download -json "$1")
  src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")
  if [ -z "$src" ] || [ ! -d "$src" ]; then
    echo "$1: module download failed" >&2
    return 1
  fi
  cp -r "$src" "$2"
  chmod -R u+w "$2"
  sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{7\}\).*/\1/p' <<<"$info"
}

# build_cri_dockerd VERSION: cri-dockerd VERSION into
# $tools/cri-dockerd-VERSION/, with the version stamped as cri-dockerd's
# Makefile does, so --version prints "cri-dockerd VERSION (<commit>)".
build_cri_dockerd() {
  local version=$1 commit pkg
  local out="$tools/cri-dockerd-$version/cri-dockerd"
  if [ -x "$out" ] && "$out" --version 2>/dev/null | grep -q "^cri-dockerd $version "; then
    echo "cri-dockerd $version: already built at $out"
    return
  fi
  commit=$(module_source "github.com/Mirantis/cri-dockerd@v$version" "$work/cri-dockerd-$version")
  mkdir -p "$(dirname "$out")"
  pkg=github.com/Mirantis/cri-dockerd/cmd/version
  (cd "$work/cri-dockerd-$version" && go build -mod=mod -trimpath \
    -ldflags="-s -X $pkg.Version=$version -X $pkg.GitCommit=${commit:-v$version}" -o "$out.tmp" .)
  mv "$out.tmp" "$out"
  "$out" --version
}

build_cri_dockerd 0.4.0
build_cri_dockerd 0.4.3

version=28.5.2
out="$tools/dockerd-$version/dockerd"
if [ -x "$out" ] && "$out" --version 2>/dev/null | grep -q "^Docker version $version,"; then
  echo "dockerd $version: already built at $out"
else
  module_source "github.com/docker/docker@v$version+incompatible" "$work/moby" >/dev/null
  cp "$work/moby/vendor.mod" "$work/moby/go.mod"
  cp "$work/moby/vendor.sum" "$work/moby/go.sum"
  # The module zip holds vendor/modules.txt but no vendored code.
  rm -rf "$work/moby/vendor"
  mkdir -p "$(dirname "$out")"
  (cd "$work/moby" && CGO_ENABLED=0 go build -mod=mod -trimpath \
    -ldflags="-s -X github.com/docker/docker/dockerversion.Version=$version" -o "$out.tmp" ./cmd/dockerd)
  mv "$out.tmp" "$out"
  "$out" --version
fi
