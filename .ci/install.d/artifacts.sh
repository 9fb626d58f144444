#!/usr/bin/env bash
# Builds what e2e/artifacts runs besides Debian's packages (artifacts.apt):
# crictl 1.37.0, the real binary the tests serve inside cri-tools' release
# layout and run once installed, and the Ignition checker
# (e2e/checkers/ignition). apply.sh and containerd.sh build the same tools
# into the same directories; whichever runs first builds them, and each is
# skipped when already there, so a second run costs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools="${KUBENODE_E2E_TOOLS:-$HOME/.cache/kubenode-e2e}"
mkdir -p "$tools"

crictl_dir="$tools/crictl-1.37.0"
if [ -x "$crictl_dir/crictl" ]; then
  echo "$crictl_dir/crictl: already built"
else
  start=$SECONDS
  mkdir -p "$crictl_dir"
  GOBIN="$crictl_dir" CGO_ENABLED=0 go install -trimpath -ldflags=-s sigs.k8s.io/cri-tools/cmd/crictl@v1.37.0
  echo "$crictl_dir/crictl: built in $((SECONDS - start))s"
fi

ignition_version=$(cd e2e/checkers/ignition && go list -m -f '{{.Version}}' github.com/coreos/ignition/v2)
ignition_dir="$tools/ignition-check-${ignition_version#v}"
if [ -x "$ignition_dir/ignition-check" ]; then
  echo "$ignition_dir/ignition-check: already built"
else
  start=$SECONDS
  mkdir -p "$ignition_dir"
  (cd e2e/checkers/ignition && CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$ignition_dir/ignition-check" .)
  echo "$ignition_dir/ignition-check: built in $((SECONDS - start))s"
fi
