#!/usr/bin/env bash
# Builds what the containerd e2e tests (e2e/containerd) run besides Debian's
# containerd 1.6 (containerd.apt): containerd 2.2.9 and 2.4.2 and crictl
# 1.37.0, each from the Go module proxy into $KUBENODE_E2E_TOOLS/<name>-<version>/.
# A tool already built is skipped, so a second run costs nothing.
#
# Only the daemon is built (not ctr, not the shims: the tests start
# containerd and ask its CRI plugin, they run no container). CGO_ENABLED=0
# leaves out the btrfs snapshotter, which needs libbtrfs headers; nothing
# else the tests use needs cgo.
set -euo pipefail

tools="${KUBENODE_E2E_TOOLS:-$HOME/.cache/kubenode-e2e}"
mkdir -p "$tools"

# build NAME VERSION PACKAGE: go install PACKAGE@vVERSION into
# $tools/NAME-VERSION/NAME, unless it is there already.
build() {
  local name=$1 version=$2 pkg=$3
  local dir="$tools/$name-$version"
  if [ -x "$dir/$name" ]; then
    echo "$dir/$name: already built"
    return
  fi
  local start=$SECONDS
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 go install -trimpath -ldflags=-s "$pkg@v$version"
  echo "$dir/$name: built in $((SECONDS - start))s"
}

build crictl 1.37.0 sigs.k8s.io/cri-tools/cmd/crictl &
crictl_pid=$!
build containerd 2.2.9 github.com/containerd/containerd/v2/cmd/containerd
build containerd 2.4.2 github.com/containerd/containerd/v2/cmd/containerd
wait "$crictl_pid"
