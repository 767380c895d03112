// The form of every field of an event, checked by reflection before the
// intake applies it, so that a new payload or field is checked without a
// line written for it. An event travels between the suite's own services,
// whose RPCs checked each value before the producer wrote it; a value out
// of that form is a forged or broken event, and the intake rejects it
// (intake.h: recorded, logged, not applied, the stream goes on).
//
// The rules, by field:
//   string "brand_id"     validation::CheckBrandId (a brand's id is its
//                         token's claim: not always a UUID)
//   other "*_id"          a UUID (event_id, aggregate_id, campaign_id, ...)
//   string "sku"          a SKU (letters, digits, '.', '_', '-'; 1..64)
//   string "country_code" ISO 3166-1 alpha-2
//   any other string      valid UTF-8 (protobuf's parse), no control, zero-
//                         width or bidirectional character, at most 200
//                         characters (the longest text an event carries:
//                         a product name, 1..200 in CreateCampaign)
//   enum                  a value the enum defines (UNSPECIFIED included:
//                         "no previous status" is one)
//   integer               0..10^12 (counts, ranks and positions; 10^12 is
//                         the largest figure an RPC accepts)
//   Timestamp             years 1..9999, nanos in range
// Empty strings pass: whether a field is required is the apply function's
// business, per event.
#pragma once

#include "absl/status/status.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::events {

// OK, or INVALID_ARGUMENT naming the first field out of form by its path in
// the event ("content_submitted.content.campaign_id: not a UUID").
absl::Status CheckEventFields(const common::v1::Event& event);

}  // namespace nanoinfluence::events
