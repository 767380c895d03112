// The checks of SubmitContentRequest, per kind (the table in
// ugc_service.proto): every field normalised or refused with
// INVALID_ARGUMENT naming it. No database: what the campaign allows (its
// SKUs, open or closed) is checked by the caller.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"

namespace nanoinfluence::ugc {

// Where media may live: hosts of the suite's object storage.
struct SubmissionPolicy {
  std::vector<std::string> media_hosts;
};

// The request as it will be stored: text normalised, platform derived.
struct CheckedSubmission {
  common::v1::ContentKind kind = common::v1::CONTENT_KIND_UNSPECIFIED;
  std::string campaign_id;
  std::string sku;  // empty: the campaign's
  int rating = 0;
  std::string title;
  std::string body;
  std::vector<v1::MediaReference> media;
  common::v1::Platform platform = common::v1::PLATFORM_UNSPECIFIED;
  common::v1::SocialNetwork social_network =
      common::v1::SOCIAL_NETWORK_UNSPECIFIED;
  std::string public_url;
  int64_t people_told = 0;
  bool disclosure = false;
  std::string author_display_name;
  std::string language_code;
};

absl::StatusOr<CheckedSubmission> CheckSubmission(
    const v1::SubmitContentRequest& request, const SubmissionPolicy& policy);

// The platform a social network publishes on; UNSPECIFIED for networks that
// have no Platform value (X, Snapchat, LinkedIn).
common::v1::Platform PlatformOf(common::v1::SocialNetwork network);

}  // namespace nanoinfluence::ugc
