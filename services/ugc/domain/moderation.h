// The decision on submitted content, from facts the service has gathered:
// published at once, held for a moderator, or rejected, with the reasons.
#pragma once

#include <string>
#include <vector>

#include "nanoinfluence/common/v1/taxonomy.pb.h"

namespace nanoinfluence::ugc {

// Whether the ambassador's product test parcel reached them.
enum class Delivery { kDelivered, kNotDelivered, kUnknown };

struct ModerationRules {
  int max_links = 2;                  // more holds LINK_SPAM
  int max_per_campaign_per_day = 20;  // more holds RATE_LIMITED
};

struct ModerationFacts {
  common::v1::ContentKind kind = common::v1::CONTENT_KIND_UNSPECIFIED;
  bool disclosure = false;               // the author's statement
  bool disclosure_marker_found = false;  // in title or body (social posts)
  int links = 0;
  std::vector<std::string> banned_words_found;
  bool exact_duplicate = false;
  bool near_duplicate = false;
  // By the author for the campaign, this one included.
  int submissions_last_day = 0;
  Delivery delivery = Delivery::kUnknown;
};

struct ModerationOutcome {
  common::v1::ContentStatus status = common::v1::CONTENT_STATUS_UNSPECIFIED;
  // Ascending enum order, distinct.
  std::vector<common::v1::ModerationReason> reasons;
};

// REJECTED when a reason rejects, else PENDING when any reason holds, else
// APPROVED.
ModerationOutcome Moderate(const ModerationFacts& facts,
                           const ModerationRules& rules);

// Which reasons reject outright rather than hold for a moderator.
bool Rejects(common::v1::ModerationReason reason);

}  // namespace nanoinfluence::ugc
