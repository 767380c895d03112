#!/usr/bin/env bash
# P1-P4: tier lookups through libs/tiers against raw hiredis calls, on a
# redis-server started here on a free port (no persistence); P5: GetTier on
# the real recruitment server against an empty RPC.
#
#   tools/bench/run tiers [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
DIR="$(mktemp -d /tmp/nano-bench-tiers.XXXXXX)"
readonly DIR
port=$((20000 + RANDOM % 20000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$DIR" --daemonize no >"$DIR/redis.log" 2>&1 &
REDIS=$!
trap 'kill "$REDIS" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DIR"' EXIT
until [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]]; do sleep 0.1; done
# P1-P4, then P5 against the real recruitment server; one JSON line of both.
tiers="$("$BUILD/tools/bench/tier_bench" --redis_port="$port" "$@" | tee /dev/stderr | tail -n 1)"
gettier="$("$BUILD/tools/bench/gettier_bench" --redis_port="$port" "$@" | tee /dev/stderr | tail -n 1)"
echo "${tiers%\}}, ${gettier#\{}"
