#!/usr/bin/env bash
# Integration test of tools/nanoctl: up on free ports in a temporary data
# directory, endpoints, status, reflection on every service, development
# tokens, a refused second up, down, and nothing left running afterwards.
#
#   bash tests/tools/nanoctl_test.sh <build dir>
set -euo pipefail

(($# == 1)) || { echo "usage: $0 <build dir>" >&2; exit 2; }
BUILD="$(cd "$1" && pwd)"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly BUILD REPO
readonly NANOCTL="$REPO/tools/nanoctl"
readonly CLIENT="$BUILD/tools/nanoctl_client/nanoctl-client"
# nanoctl finds the binaries of the build under test through this.
export NANO_BUILD_DIR="$BUILD"

DATA="$(mktemp -d /tmp/nanoctl-test.XXXXXX)"
readonly DATA
BASE_PORT=""

log() { printf 'nanoctl_test: %s\n' "$*"; }

fail() {
  printf 'nanoctl_test: FAIL: %s\n' "$*" >&2
  exit 1
}

# Whatever happens, nothing outlives the test; the service logs are shown
# when it failed, since the data directory goes away.
cleanup() {
  local rc=$?
  "$NANOCTL" down --data "$DATA" >/dev/null 2>&1 || true
  if ((rc != 0)) && [[ -d "$DATA/logs" ]]; then
    local file
    for file in "$DATA"/logs/*.log; do
      [[ -s "$file" ]] || continue
      echo "--- last lines of $(basename "$file")" >&2
      tail -n 15 "$file" >&2
    done
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT
# Without these a signal (ctest's timeout, Ctrl-C) ends bash without the EXIT
# trap.
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() {
  local port="$1" out
  if command -v ss >/dev/null && out="$(ss -Hltn "sport = :$port" 2>/dev/null)"; then
    [[ -z "$out" ]]
    return
  fi
  # shellcheck disable=SC2016  # expanded by the child bash
  ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null
}

# A random base port N with N..N+4 all free. Random rather than fixed so
# parallel test runs (ctest -j) and a developer's suite do not collide.
pick_base_port() {
  local base i free
  for _ in $(seq 1 50); do
    base=$((20000 + RANDOM % 39996))
    free=1
    for i in 0 1 2 3 4; do
      port_free $((base + i)) || { free=0; break; }
    done
    if ((free)); then
      echo "$base"
      return 0
    fi
  done
  return 1
}

# Prints the pids recorded by nanoctl.
recorded_pids() {
  local file
  for file in "$DATA"/pids/*.pid; do
    [[ -f "$file" ]] && cat "$file"
  done
}

# A zombie (exited, not yet reaped by init) answers kill -0 but is gone.
process_running() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

start_suite() {
  local out
  # The ports can be taken between the pick and the start; nanoctl then
  # refuses with "in use", and another pick is fine.
  for _ in 1 2 3; do
    BASE_PORT="$(pick_base_port)" || fail "no free base port found"
    log "up on base port $BASE_PORT in $DATA"
    if out="$("$NANOCTL" up --data "$DATA" --base-port "$BASE_PORT" 2>&1)"; then
      echo "$out"
      return 0
    fi
    echo "$out" >&2
    [[ "$out" == *"in use"* ]] || fail "nanoctl up failed"
  done
  fail "nanoctl up: ports kept being taken"
}

check_endpoints() {
  local file="$DATA/endpoints" line
  [[ -f "$file" ]] || fail "no $file after up"
  local expected=(
    "recruitment=127.0.0.1:$((BASE_PORT + 1))"
    "dispatch=127.0.0.1:$((BASE_PORT + 2))"
    "ugc=127.0.0.1:$((BASE_PORT + 3))"
    "kpi=127.0.0.1:$((BASE_PORT + 4))"
    "redis=127.0.0.1:$BASE_PORT"
  )
  for line in "${expected[@]}"; do
    grep -qxF "$line" "$file" || fail "endpoints lacks \"$line\"; it has: $(tr '\n' ' ' <"$file")"
  done
  (($(wc -l <"$file") == 5)) || fail "endpoints should have 5 lines: $(tr '\n' ' ' <"$file")"
  log "endpoints OK"
}

check_status_up() {
  local out
  out="$("$NANOCTL" status --data "$DATA")" || { echo "$out" >&2; fail "status exits non-zero while up"; }
  echo "$out"
  log "status OK"
}

check_reflection() {
  local name full offset out
  local -A names=(
    [recruitment]=nanoinfluence.recruitment.v1.RecruitmentService
    [dispatch]=nanoinfluence.dispatch.v1.DispatchService
    [ugc]=nanoinfluence.ugc.v1.UgcService
    [kpi]=nanoinfluence.kpi.v1.KpiService
  )
  local -A offsets=([recruitment]=1 [dispatch]=2 [ugc]=3 [kpi]=4)
  for name in recruitment dispatch ugc kpi; do
    full="${names[$name]}"
    offset="${offsets[$name]}"
    out="$("$CLIENT" services "127.0.0.1:$((BASE_PORT + offset))")" ||
      fail "nanoctl-client services failed on $name"
    grep -qxF "$full" <<<"$out" || fail "$name does not list $full: $out"
    grep -qxF grpc.health.v1.Health <<<"$out" || fail "$name does not list grpc.health.v1.Health: $out"
  done
  log "reflection OK on the 4 services"
}

# The payload (second part) of a JWT, decoded.
jwt_payload() {
  local part
  part="$(cut -d. -f2 <<<"$1" | tr '_-' '/+')"
  while ((${#part} % 4)); do part+="="; done
  base64 -d <<<"$part"
}

check_token() {
  local mode token payload
  mode="$(stat -c %a "$DATA/jwt-secret")"
  [[ "$mode" == 600 ]] || fail "jwt-secret is mode $mode, not 600"
  token="$("$NANOCTL" token --role brand --brand brand-7 --ttl 10m --data "$DATA")" ||
    fail "nanoctl token failed"
  payload="$(jwt_payload "$token")"
  [[ "$payload" == *'"role":"brand"'* && "$payload" == *'"brand_id":"brand-7"'* ]] ||
    fail "token payload lacks the role or brand: $payload"
  if "$NANOCTL" token --role brand --data "$DATA" >/dev/null 2>&1; then
    fail "a brand token without --brand was minted"
  fi
  log "token OK"
}

check_second_up_refused() {
  local out
  if out="$("$NANOCTL" up --data "$DATA" --base-port "$BASE_PORT" 2>&1)"; then
    fail "a second up in the same data dir succeeded: $out"
  fi
  [[ "$out" == *"already up"* ]] || fail "second up refused without saying why: $out"
  log "second up refused OK"
}

check_down() {
  local pids=() pid left=()
  mapfile -t pids < <(recorded_pids)
  ((${#pids[@]} == 5)) || fail "expected 5 pid files, found ${#pids[@]}"
  "$NANOCTL" down --data "$DATA" || fail "nanoctl down failed"
  for pid in "${pids[@]}"; do
    if process_running "$pid"; then left+=("$pid"); fi
  done
  ((${#left[@]} == 0)) || fail "still running after down: ${left[*]}"
  [[ ! -e "$DATA/endpoints" ]] || fail "endpoints left after down"
  [[ -z "$(recorded_pids)" ]] || fail "pid files left after down"
  log "down OK: ${#pids[@]} processes gone"

  if "$NANOCTL" status --data "$DATA"; then fail "status exits 0 after down"; fi
  "$NANOCTL" down --data "$DATA" >/dev/null || fail "a second down failed"
  log "status after down and second down OK"
}

main() {
  [[ -x "$CLIENT" ]] || fail "$CLIENT missing"
  start_suite
  check_endpoints
  check_status_up
  check_reflection
  check_token
  check_second_up_refused
  check_down
  log "PASS"
}

main
