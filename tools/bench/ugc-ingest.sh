#!/usr/bin/env bash
# P8: 16 clients submitting content through the real ugc server (with
# recruitment, dispatch and Redis) against raw durable SQLite inserts; log
# syncs per submission counted with `perf stat` when perf is installed.
#
#   tools/bench/run ugc-ingest [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
"$BUILD/tools/bench/ugc_ingest_bench" "$@"
