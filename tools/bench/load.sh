#!/usr/bin/env bash
# Sustained load: the fault suite's mixed workload at a fixed offered rate
# (open loop) against the four services and Redis as real processes, with
# faults at fixed times; throughput per minute, latency and errors per RPC,
# memory of each service; the fault suite's invariants checked after.
#
#   tools/bench/run load [--offered_per_s=600] [--seconds=180]
#                        [--warmup_seconds=30] [--faults=on|off|names]
#                        [--clients=N] [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
"$BUILD/tools/bench/load_bench" "$@"
