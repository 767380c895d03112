// Deadlines and retries of every call one service of the suite makes to
// another, set in this one place (docs/operations.md, "Calls between
// services").
//
// Only idempotent RPCs are retried, and only on UNAVAILABLE (the peer is
// restarting, or the connection broke before the call reached it): reads,
// and IngestEvents, whose intake applies an event id once however often it
// arrives. Any other call a service adds gets the default deadline and no
// retry until it is listed here.
#pragma once

#include "absl/time/time.h"

namespace nanoinfluence {

// The retry policy, as the gRPC service config of every peer channel.
inline constexpr char kPeerServiceConfig[] = R"json({
  "methodConfig": [
    {
      "name": [
        {"service": "nanoinfluence.recruitment.v1.RecruitmentService", "method": "GetTier"},
        {"service": "nanoinfluence.recruitment.v1.RecruitmentService", "method": "BatchGetTiers"},
        {"service": "nanoinfluence.recruitment.v1.RecruitmentService", "method": "ListSelectedTesters"},
        {"service": "nanoinfluence.dispatch.v1.DispatchService", "method": "GetProofOfReceipt"},
        {"service": "nanoinfluence.recruitment.v1.RecruitmentService", "method": "IngestEvents"},
        {"service": "nanoinfluence.dispatch.v1.DispatchService", "method": "IngestEvents"},
        {"service": "nanoinfluence.ugc.v1.UgcService", "method": "IngestEvents"},
        {"service": "nanoinfluence.kpi.v1.KpiService", "method": "IngestEvents"}
      ],
      "retryPolicy": {
        "maxAttempts": 3,
        "initialBackoff": "0.1s",
        "maxBackoff": "1s",
        "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }
  ]
})json";

// Deadlines, set on each call's context: every attempt of a retried call
// fits in it. (Not as "timeout" in the service config: with gRPC 1.51 a
// "2s" timeout there ended calls after 0.3 to 0.5 s when tried, the early
// expiry reported as grpc/grpc#40633.)
//
// A tier recruitment computes when Redis could not give it.
inline constexpr absl::Duration kTierLookupDeadline = absl::Seconds(5);
// The whole time an allocation gives recruitment to list a campaign's
// selected testers, over all pages. Past it, the allocation answers
// UNAVAILABLE and changes nothing.
inline constexpr absl::Duration kSelectedTestersBudget = absl::Seconds(10);
// Dispatch's proof of receipt for a submission: short, because the author
// waits; past it the content is accepted unverified and checked again later.
inline constexpr absl::Duration kProofOfReceiptDeadline = absl::Seconds(2);
// One batch of events to a subscriber; the relay backs off and redelivers.
inline constexpr absl::Duration kEventDeliveryDeadline = absl::Seconds(5);
// Any other call.
inline constexpr absl::Duration kDefaultPeerDeadline = absl::Seconds(5);

}  // namespace nanoinfluence
