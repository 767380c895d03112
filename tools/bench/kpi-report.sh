#!/usr/bin/env bash
# P9: GetCampaignReport p50 for a campaign of 1,000,000 approved content items
# over one of 10,000, and over a health check on the same server.
#
#   tools/bench/run kpi-report [--quick]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO
readonly BUILD="${NANO_BUILD_DIR:-$REPO/build}"

"$REPO/tools/build" >&2
"$BUILD/tools/bench/kpi_report_bench" "$@"
