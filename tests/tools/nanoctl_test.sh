#!/usr/bin/env bash
# Integration test of tools/nanoctl: up on free ports in a temporary data
# directory, endpoints, status, reflection on every service, development
# tokens, a refused second up, a small demo, report (table, HTML, CSV),
# recount and outbox, clear errors for a missing campaign and for a
# service that is down, down, and nothing left running afterwards, nor a
# sanitizer report in the service logs (tools/sanitize).
#
#   bash tests/tools/nanoctl_test.sh <build dir>
set -euo pipefail

(($# == 1)) || { echo "usage: $0 <build dir>" >&2; exit 2; }
BUILD="$(cd "$1" && pwd)"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly BUILD REPO
# shellcheck source=tests/tools/shell_test_lib.sh
source "$REPO/tests/tools/shell_test_lib.sh"
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
  if ((rc != 0)); then show_tails 15 "$DATA"/logs/*.log; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

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

# A small campaign through the demo, so report, recount and outbox have
# something to show. Sets CAMPAIGN.
CAMPAIGN=""
check_demo() {
  local out
  out="$("$NANOCTL" demo --data "$DATA" --seed 3 --ambassadors 60 --testers 10 2>&1)" || {
    echo "$out" >&2
    fail "nanoctl demo failed"
  }
  CAMPAIGN="$(sed -n 's/.*The campaign is \([0-9a-f-]\{36\}\)\..*/\1/p' <<<"$out")"
  [[ -n "$CAMPAIGN" ]] || { echo "$out" >&2; fail "the demo did not say its campaign"; }
  [[ "$out" == *"every figure matches what the demo did"* ]] ||
    fail "the demo did not see kpi catch up: $out"
  [[ -f "$DATA/reports/campaign-$CAMPAIGN.html" ]] || fail "no HTML report under $DATA/reports"
  [[ -f "$DATA/reports/campaign-$CAMPAIGN-summary.json" ]] || fail "no JSON summary under $DATA/reports"
  log "demo OK: campaign $CAMPAIGN"
}

check_report() {
  local out csv_dir="$DATA/csv"
  out="$("$NANOCTL" report "$CAMPAIGN" --data "$DATA")" || fail "nanoctl report failed"
  local section
  for section in "TEST FUNNEL" "USER-GENERATED CONTENT" "RATINGS PER SKU" \
      "REVIEWS PER PRODUCT PAGE" "ESTIMATE" "ONLINE REACH" "OFFLINE REACH" \
      "BY TIER" "SALES UPLIFT" "95% interval" "Testez la nouvelle barre"; do
    [[ "$out" == *"$section"* ]] || fail "report lacks \"$section\": $out"
  done
  "$NANOCTL" report "$CAMPAIGN" --html "$DATA/report.html" --data "$DATA" >/dev/null ||
    fail "nanoctl report --html failed"
  grep -q '<html' "$DATA/report.html" || fail "the HTML export is not HTML"
  grep -q 'chart-funnel' "$DATA/report.html" || fail "the HTML export has no funnel chart"
  mkdir -p "$csv_dir"
  "$NANOCTL" report "$CAMPAIGN" --csv "$csv_dir" --data "$DATA" >/dev/null ||
    fail "nanoctl report --csv failed"
  compgen -G "$csv_dir/report-$CAMPAIGN-*.csv" >/dev/null || fail "no CSV file in $csv_dir"
  head -n 1 "$csv_dir"/report-"$CAMPAIGN"-*.csv | grep -q '^section,tier,sku,platform,kind,reason,metric,value' ||
    fail "the CSV export lacks its header"
  log "report OK (table, HTML, CSV)"
}

check_recount() {
  local out
  out="$("$NANOCTL" recount "$CAMPAIGN" --data "$DATA")" || { echo "$out" >&2; fail "nanoctl recount failed or found differences"; }
  [[ "$out" == *"no difference"* ]] || fail "recount: $out"
  log "recount OK"
}

# Every route listed; once the relays caught up, nothing pending.
check_outbox() {
  local out route
  for _ in $(seq 1 50); do
    out="$("$NANOCTL" outbox --data "$DATA")" || fail "nanoctl outbox failed"
    # Columns: producer subscriber pending ...; the header says "pending".
    if awk 'NR > 1 && $3 != "0" { bad = 1 } END { exit bad }' <<<"$out"; then break; fi
    sleep 0.2
  done
  for route in "recruitment kpi" "recruitment dispatch" "recruitment ugc" \
      "dispatch kpi" "dispatch recruitment" "dispatch ugc" "ugc kpi" "ugc dispatch"; do
    grep -qE "^${route% *} +${route#* } +0 " <<<"$out" ||
      fail "outbox: route $route missing or pending: $out"
  done
  awk 'NR > 1 && $6 !~ /^[0-9,]+$/ { exit 1 }' <<<"$out" ||
    fail "outbox: a subscriber's applied count is missing: $out"
  log "outbox OK"
}

# Usage and a campaign that does not exist.
check_verb_errors() {
  local out rc
  rc=0; out="$("$NANOCTL" report --data "$DATA" 2>&1)" || rc=$?
  ((rc == 2)) || fail "report without a campaign: exit $rc, not 2: $out"
  rc=0; out="$("$NANOCTL" report 0190ffff-0000-7000-8000-000000000000 --data "$DATA" 2>&1)" || rc=$?
  ((rc == 1)) || fail "report of a missing campaign: exit $rc, not 1: $out"
  [[ "$out" == *"kpi knows no campaign"* ]] || fail "report of a missing campaign says: $out"
  rc=0; out="$("$NANOCTL" recount 0190ffff-0000-7000-8000-000000000000 --data "$DATA" 2>&1)" || rc=$?
  ((rc == 1)) || fail "recount of a missing campaign: exit $rc, not 1: $out"
  [[ "$out" == *NOT_FOUND* ]] || fail "recount of a missing campaign says: $out"
  log "usage and missing campaign errors OK"
}

# kpi stopped: report, recount and demo say which service is down, where,
# and where to look; status says DOWN; the outbox still reads.
check_service_down() {
  local pid out rc kpi_address
  read -r pid <"$DATA/pids/kpi.pid"
  kpi_address="$(sed -n 's/^kpi=//p' "$DATA/endpoints")"
  kill -TERM "$pid"
  for _ in $(seq 1 150); do process_running "$pid" || break; sleep 0.1; done
  process_running "$pid" && fail "kpi did not stop on SIGTERM"
  rc=0; out="$("$NANOCTL" report "$CAMPAIGN" --data "$DATA" 2>&1)" || rc=$?
  ((rc == 1)) || fail "report with kpi down: exit $rc, not 1: $out"
  [[ "$out" == *"kpi at $kpi_address is down"* && "$out" == *"nanoctl status"* ]] ||
    fail "report with kpi down says: $out"
  rc=0; out="$("$NANOCTL" recount "$CAMPAIGN" --data "$DATA" 2>&1)" || rc=$?
  ((rc == 1)) && [[ "$out" == *"kpi at $kpi_address is down"* ]] ||
    fail "recount with kpi down: exit $rc: $out"
  rc=0; out="$("$NANOCTL" demo --data "$DATA" --ambassadors 60 --testers 10 2>&1)" || rc=$?
  ((rc == 1)) && [[ "$out" == *"not serving"*"kpi at $kpi_address is down"* ]] ||
    fail "demo with kpi down: exit $rc: $out"
  # The outbox is read from the files: it still answers.
  out="$("$NANOCTL" outbox --data "$DATA")" || fail "outbox with kpi down failed"
  grep -qE '^recruitment +kpi +' <<<"$out" || fail "outbox with kpi down: $out"
  rc=0; out="$("$NANOCTL" status --data "$DATA")" || rc=$?
  ((rc != 0)) && grep -qE '^kpi +.* DOWN$' <<<"$out" || fail "status with kpi down: $out"
  log "clear errors with kpi down OK"
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

  local out rc=0
  out="$("$NANOCTL" report "$CAMPAIGN" --data "$DATA" 2>&1)" || rc=$?
  ((rc == 1)) && [[ "$out" == *"no suite is up in $DATA"* ]] ||
    fail "report with the suite down: exit $rc: $out"
  log "report with the suite down OK"

  # Every server stopped on its SIGTERM (kpi's earlier, by check_service_down),
  # where a tools/sanitize build checks it for leaks.
  local report
  if report="$(sanitizer_report "$DATA"/logs/*.log)"; then
    echo "$report" >&2
    fail "a server wrote a sanitizer report"
  fi
  log "no sanitizer report in the service logs"
}

main() {
  [[ -x "$CLIENT" ]] || fail "$CLIENT missing"
  start_suite
  check_endpoints
  check_status_up
  check_reflection
  check_token
  check_second_up_refused
  check_demo
  check_report
  check_recount
  check_outbox
  check_verb_errors
  check_service_down
  check_down
  log "PASS"
}

main
