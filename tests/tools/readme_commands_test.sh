#!/usr/bin/env bash
# The README's two commands, read from the README itself and run as a new
# user would: in a fresh clone of this repository in a temporary folder, the
# run command in its run-once mode (install, build, suite up, demo, report,
# everything stopped), then the test command on one small test set. So the
# README cannot name a script that does not exist, a flag that changed, or
# a file that is not committed.
#
# The clone shares this test's build directory (NANO_BUILD_DIR): compiling
# the clone again would double the test run, and the build under test was
# made from the same commit. So this checks the scripts, the README and the
# committed files, not a second compilation. The clone is of HEAD: commit
# before running it on a work tree.
#
#   bash tests/tools/readme_commands_test.sh <build dir>
set -euo pipefail

(($# == 1)) || { echo "usage: $0 <build dir>" >&2; exit 2; }
BUILD="$(cd "$1" && pwd)"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly BUILD REPO
# shellcheck source=tests/tools/shell_test_lib.sh
source "$REPO/tests/tools/shell_test_lib.sh"

WORK="$(mktemp -d /tmp/readme-test.XXXXXX)"
readonly WORK
readonly CLONE="$WORK/clone"

log() { printf 'readme_test: %s\n' "$*"; }
fail() {
  printf 'readme_test: FAIL: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local rc=$?
  if [[ -x "$CLONE/tools/nanoctl" ]]; then
    NANO_BUILD_DIR="$BUILD" "$CLONE/tools/nanoctl" down --data "$CLONE/.nano" \
      >/dev/null 2>&1 || true
  fi
  if ((rc != 0)); then show_tails 40 "$WORK"/*.log; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The commands in the ```sh blocks of the README's "## The two commands".
readme_commands() {
  awk '
    /^## / { in_section = ($0 == "## The two commands") }
    in_section && /^```/ { in_block = !in_block; next }
    in_section && in_block && NF { print }
  ' "$1"
}

git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 ||
  fail "$REPO is not a git repository: there is nothing to clone"
git clone --quiet --no-hardlinks "$REPO" "$CLONE"
log "cloned $(git -C "$CLONE" rev-parse --short HEAD) into $CLONE"

mapfile -t commands < <(readme_commands "$CLONE/README.md")
((${#commands[@]} == 2)) ||
  fail "README's \"The two commands\" has ${#commands[@]} commands, not 2: ${commands[*]}"
run_command="${commands[0]}"
test_command="${commands[1]}"
log "run command: $run_command; test command: $test_command"
for command in "$run_command" "$test_command"; do
  [[ -x "$CLONE/${command%% *}" ]] ||
    fail "\"$command\": ${command%% *} is not an executable file of the clone"
done

export NANO_BUILD_DIR="$BUILD"
# The test command's fuzz step would build clang's tools/sanitize tree in
# the clone; it only follows a whole run, but CI may force it on.
export NANO_CI_FUZZ=0
base_port="$(pick_base_port)" || fail "no 5 free ports in a row"
export NANO_BASE_PORT="$base_port"

cd "$CLONE"
log "running: $run_command --once (ports $base_port..$((base_port + 4)))"
# shellcheck disable=SC2086  # the README's command, split as a shell would
$run_command --once >"$WORK/run.log" 2>&1 ||
  fail "\"$run_command --once\" exited with $?"
grep -q '══ Campaign report' "$WORK/run.log" ||
  fail "the run command printed no campaign report"
grep -q 'every figure matches what the demo did' "$WORK/run.log" ||
  fail "the demo's figures did not match kpi's report"
compgen -G "$CLONE/.nano/reports/campaign-*.html" >/dev/null ||
  fail "no HTML report in $CLONE/.nano/reports"
grep -q 'no process left' "$WORK/run.log" ||
  fail "the run-once mode did not confirm that everything stopped"
if report="$(sanitizer_report "$CLONE"/.nano/logs/*.log)"; then
  echo "$report" >&2
  fail "a server of the run command wrote a sanitizer report"
fi
log "run command: report printed, HTML written, everything stopped"

log "running: $test_command -R '^ContractsTest\\.'"
# shellcheck disable=SC2086
$test_command -R '^ContractsTest\.' >"$WORK/test.log" 2>&1 ||
  fail "\"$test_command\" exited with $?"
summary="$(tail -n 1 "$WORK/test.log")"
[[ "$summary" =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] ||
  fail "the test command ended with \"$summary\", not \"N passed, 0 failed\""
log "test command: $summary"
log "PASS"
