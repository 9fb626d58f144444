#!/usr/bin/env bash
# crio-checker (e2e/checkers/crio): CRI-O 1.34.0's own config package and
# containers/image's sysregistriesv2, for e2e/crio, built with the tags
# that need no C headers ($crio_tags, .ci/lib.sh). It is built after the
# daemon (crio-daemon.sh), with the same tags and flags: 510 of its 514
# modules are the daemon's at the same versions, so it then compiles
# little more than its own code.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh

after_tool "$tools/crio-1.34.0/crio" crio-daemon.sh
build_checker crio-checker 1.34.0 e2e/checkers/crio -tags "$crio_tags"
