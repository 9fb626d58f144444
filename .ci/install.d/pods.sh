#!/usr/bin/env bash
# containerd's runc shim (containerd-shim-runc-v2) of 2.2.9 and 2.4.2, for
# e2e/pods, which runs pods on those containerds (containerd.sh builds only
# the daemons). A shim must match its daemon: containerd 2.4 cannot start
# Debian's 1.6 shim ("io.containerd.runc.v2: type with url … not found").
# Each shim is built after its daemon: the two are one module, so the shim
# then compiles from the build cache instead of compiling the same packages
# at the same time.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

after_tool "$tools/containerd-2.2.9/containerd" containerd.sh
go_install containerd-shim-runc-v2 2.2.9 github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2
after_tool "$tools/containerd-2.4.2/containerd" containerd.sh
go_install containerd-shim-runc-v2 2.4.2 github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2
