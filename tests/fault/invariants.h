// What must hold after any fault, once every service runs again: checked
// with gtest expectations against the services' SQLite files (read beside
// them) and their RPCs.
//   - the outbox drains: every route's cursor reaches its producer's last
//     sequence;
//   - every acknowledged write is there exactly once (ambassadors,
//     applications, campaigns, shipments, contents: the rows are exactly
//     the acknowledged ones) and tracking is at its acknowledged status;
//   - stock: available + allocated + shipped + written off = the stock
//     set, and allocated + shipped = the acknowledged allocations;
//   - one shipment per (campaign, ambassador);
//   - kpi's funnel and content totals equal what was acknowledged, and a
//     recount from kpi's event log (the producers' source is not built)
//     finds no difference;
//   - `PRAGMA integrity_check` is ok on every database;
//   - no call waited past its deadline; every failed call failed with a
//     transient code and was retried to the same answer.
#pragma once

#include "tests/fault/fault_suite.h"
#include "tests/fault/workload.h"

namespace nanoinfluence::testing {

void ExpectInvariants(FaultSuite& suite, const Acknowledged& acknowledged,
                      const CallStats& stats);

}  // namespace nanoinfluence::testing
