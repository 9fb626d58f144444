#!/usr/bin/env bash
# etcd (e2e/checkers/etcd): the real etcd server v3.7.3, embedded with
# go.etcd.io/etcd/server/v3's embed package in a small program, for the
# control plane of e2e/harness.StartControlPlane.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

build_checker etcd 3.7.3 e2e/checkers/etcd -ldflags=-s
