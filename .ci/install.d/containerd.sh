#!/usr/bin/env bash
# containerd 1.7.35, 2.2.9 and 2.4.2 from the Go module proxy, for
# e2e/containerd and e2e/node (Debian's 1.6 comes from containerd.apt).
# 1.7's go.mod has exclude directives, which `go install` refuses, so it is
# built from a module of its own. Only the daemon is built: the
# tests start containerd and ask its CRI plugin; they run no container.
# Without cgo the btrfs snapshotter is left out, which nothing here uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

go_install containerd 2.2.9 github.com/containerd/containerd/v2/cmd/containerd
go_install containerd 2.4.2 github.com/containerd/containerd/v2/cmd/containerd
go_build_module containerd 1.7.35 github.com/containerd/containerd/cmd/containerd
