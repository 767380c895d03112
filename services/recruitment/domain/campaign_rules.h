// The rules of a campaign's spec: what CreateCampaign and UpdateCampaign
// accept (limits from campaign.proto), and which fields may change in which
// status.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/field_mask.pb.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"

namespace nanoinfluence::recruitment {

// Checks a whole spec (field paths under `prefix`, e.g. "campaign") and
// returns it normalised (text trimmed).
absl::StatusOr<v1::CampaignSpec> CleanCampaignSpec(const v1::CampaignSpec& spec,
                                                   absl::string_view prefix);

// Checks a targeting (field paths under `prefix`).
absl::Status CheckTargeting(const v1::Targeting& targeting,
                            absl::string_view prefix);

// Applies the `update_mask` paths of `changes` to `current`, a campaign in
// `status`: INVALID_ARGUMENT for an empty mask or an unknown path,
// FAILED_PRECONDITION for a field that cannot change in that status. The
// result still has to pass CleanCampaignSpec.
absl::StatusOr<v1::CampaignSpec> ApplySpecUpdate(
    const v1::Campaign& current, const v1::CampaignSpec& changes,
    const google::protobuf::FieldMask& mask);

}  // namespace nanoinfluence::recruitment
