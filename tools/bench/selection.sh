#!/usr/bin/env bash
# P6 and P11: selection of 5,000 testers with quotas out of 1,000,000
# ambassadors, the eligible count, and the memory of the services, through
# the real recruitment server. The generated community is kept in /tmp
# between runs (about 1 GB; generating it takes a few minutes).
#
#   tools/bench/run selection [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
"$BUILD/tools/bench/selection_bench" "$@"
