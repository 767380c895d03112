#!/usr/bin/env bash
# P7: 16 clients allocating samples to 10,000 testers on one hot SKU, then on
# 1,000 SKUs, through the real dispatch and recruitment servers and Redis;
# raw single-row SQLite transactions as the reference.
#
#   tools/bench/run allocation [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
"$BUILD/tools/bench/allocation_bench" "$@"
