#!/usr/bin/env bash
# P10: a producer records writes at 1,000/s, each with its event in the same
# transaction; its relay delivers them to a subscriber's IngestEvents (real
# processes, real gRPC on loopback, SQLite with synchronous=FULL on both
# sides). Lag = applied at the subscriber - occurred at the producer.
#
#   tools/bench/run events [--quick]      (20 s of writes; --quick: 3 s)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"
readonly NODE="$BUILD/tests/events/event_node"
readonly RATE=1000

seconds=20
[[ "${1:-}" == --quick ]] && seconds=3
readonly WRITES=$((RATE * seconds))

say() { printf 'bench events: %s\n' "$*" >&2; }

"$REPO/tools/build" >&2
command -v sqlite3 >/dev/null || { say "sqlite3 missing: run tools/install-deps"; exit 1; }

DIR="$(mktemp -d /tmp/nano-bench-events.XXXXXX)"
readonly DIR
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/secret"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
  echo $((20000 + RANDOM % 20000)))"

"$NODE" --mode=subscriber --listen="127.0.0.1:$port" --data_dir="$DIR" \
  --jwt_secret_file="$DIR/secret" >"$DIR/subscriber.log" 2>&1 &
PIDS+=($!)
sleep 1
say "$WRITES writes at $RATE/s to a subscriber on 127.0.0.1:$port"
"$NODE" --mode=producer --subscriber="127.0.0.1:$port" --data_dir="$DIR" \
  --jwt_secret_file="$DIR/secret" --writes="$WRITES" \
  --writes_per_second="$RATE" >"$DIR/producer.log" 2>&1 &
PIDS+=($!)
started=$SECONDS

count() { sqlite3 "$DIR/$1" "$2" 2>/dev/null || echo 0; }
until [[ "$(count subscriber.db 'SELECT COUNT(*) FROM arrivals')" == "$WRITES" ]]; do
  if ((SECONDS - started > seconds * 5 + 60)); then
    say "gave up: $(count subscriber.db 'SELECT COUNT(*) FROM arrivals') of $WRITES applied"
    exit 1
  fi
  sleep 0.5
done

# Percentiles of the lag, in seconds, and the subscriber's transactions (one
# per IngestEvents batch: the applied_at of its events).
lag() {
  count subscriber.db "SELECT printf('%.4f', (applied_at - occurred_at) / 1e6)
    FROM arrivals ORDER BY applied_at - occurred_at
    LIMIT 1 OFFSET (SELECT CAST(COUNT(*) * $1 AS INTEGER) FROM arrivals)"
}
p50="$(lag 0.50)"
p99="$(lag 0.99)"
max="$(lag 0.9999)"
batches="$(count subscriber.db 'SELECT COUNT(DISTINCT applied_at) FROM applied_events')"
span="$(count producer.db "SELECT printf('%.2f', (MAX(timestamp) - MIN(timestamp)) / 1e6) FROM outbox")"
per_fsync="$(awk -v e="$WRITES" -v b="$batches" 'BEGIN { printf "%.1f", e / b }')"
achieved="$(awk -v e="$WRITES" -v s="$span" 'BEGIN { printf "%.0f", (e - 1) / s }')"

say "lag p50 ${p50}s, p99 ${p99}s, p99.99 ${max}s"
say "subscriber: $WRITES events in $batches transactions ($per_fsync events per fsync)"
say "producer: one event per write transaction; $achieved writes/s achieved (target $RATE)"
printf '{"event_lag_p50_s": %s, "event_lag_p99_s": %s, "events_per_fsync": %s, "writes_per_s": %s, "writes": %s}\n' \
  "$p50" "$p99" "$per_fsync" "$achieved" "$WRITES"
