#!/usr/bin/env bash
# The CNI plugins a pod network on one node needs, from
# containernetworking/plugins v1.10.0 on the Go module proxy: bridge and
# host-local (the simple bridge network, as cri-containerd-cni ships it),
# loopback (every runtime sets up the pod's lo with it) and portmap (hostPort).
# For e2e/pods; e2e/harness.CNIPlugins finds them. The four are one module at
# one version, so one `go install` builds them together into one directory,
# $tools/cni-plugins-1.10.0/, the layout of /opt/cni/bin.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

version=1.10.0
plugins=(bridge host-local loopback portmap)
dir="$tools/cni-plugins-$version"
missing=0
for p in "${plugins[@]}"; do [ -x "$dir/$p" ] || missing=1; done
if [ "$missing" -eq 0 ]; then
  echo "$dir: already built"
  exit 0
fi
start=$SECONDS
mkdir -p "$dir"
pkgs=()
for p in bridge loopback; do pkgs+=("github.com/containernetworking/plugins/plugins/main/$p@v$version"); done
pkgs+=("github.com/containernetworking/plugins/plugins/ipam/host-local@v$version")
pkgs+=("github.com/containernetworking/plugins/plugins/meta/portmap@v$version")
GOBIN="$dir" CGO_ENABLED=0 go install -trimpath -ldflags=-s "${pkgs[@]}"
echo "$dir: built in $((SECONDS - start))s"
