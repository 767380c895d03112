# What the shell tests share: free loopback ports, the logs of a failed run,
# cleanup on signals. Sourced, not run.

# Prints the last `lines` lines of each non-empty file, for a failed test
# whose files are about to be deleted.
show_tails() {
  local lines="$1" file
  shift
  for file in "$@"; do
    [[ -s "$file" ]] || continue
    echo "--- last lines of $(basename "$file")" >&2
    tail -n "$lines" "$file" >&2
  done
}

# Prints the first sanitizer report in the files (at most 60 lines) and
# returns 0, or returns 1 when there is none. The servers of a tools/sanitize
# build write theirs to their logs, a leak report at their graceful exit; the
# patterns are those of tests/harness/sanitizer_report.cc.
sanitizer_report() {
  local file
  for file in "$@"; do
    [[ -f "$file" ]] || continue
    if grep -q -E "$SANITIZER_REPORT_START" "$file"; then
      echo "--- sanitizer report in $file"
      grep -E -m 1 -A 59 "$SANITIZER_REPORT_START" "$file"
      return 0
    fi
  done
  return 1
}
readonly SANITIZER_REPORT_START='^(==[0-9]+==ERROR: [A-Za-z]+Sanitizer|SUMMARY: [A-Za-z]+Sanitizer|[A-Za-z0-9_./+-]+:[0-9]+:[0-9]+: runtime error: )'

# Without these a signal (ctest's timeout, Ctrl-C) ends bash without running
# the EXIT trap, and the test's processes and files outlive it.
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
