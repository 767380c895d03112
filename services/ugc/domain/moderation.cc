#include "services/ugc/domain/moderation.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace nanoinfluence::ugc {
namespace {

using common::v1::ModerationReason;

// Social posts reach an audience that must see the disclosure in the post
// itself; reviews carry it as the author's statement shown beside them.
bool MissesDisclosure(const ModerationFacts& facts) {
  switch (facts.kind) {
    case common::v1::CONTENT_KIND_SOCIAL_POST:
      return !facts.disclosure || !facts.disclosure_marker_found;
    case common::v1::CONTENT_KIND_REVIEW:
      return !facts.disclosure;
    default:
      return false;
  }
}

// An opinion on a product the author never received is not a test.
bool JudgesUnreceivedProduct(const ModerationFacts& facts) {
  const bool judges_product = facts.kind == common::v1::CONTENT_KIND_REVIEW ||
                              facts.kind == common::v1::CONTENT_KIND_RATING;
  return judges_product && facts.delivery == Delivery::kNotDelivered;
}

}  // namespace

bool Rejects(ModerationReason reason) {
  return reason == common::v1::MODERATION_REASON_BANNED_WORDS ||
         reason == common::v1::MODERATION_REASON_DUPLICATE;
}

ModerationOutcome Moderate(const ModerationFacts& facts,
                           const ModerationRules& rules) {
  std::vector<ModerationReason> reasons;
  if (MissesDisclosure(facts)) {
    reasons.push_back(common::v1::MODERATION_REASON_MISSING_DISCLOSURE);
  }
  if (!facts.banned_words_found.empty()) {
    reasons.push_back(common::v1::MODERATION_REASON_BANNED_WORDS);
  }
  if (facts.links > rules.max_links) {
    reasons.push_back(common::v1::MODERATION_REASON_LINK_SPAM);
  }
  if (facts.exact_duplicate) {
    reasons.push_back(common::v1::MODERATION_REASON_DUPLICATE);
  } else if (facts.near_duplicate) {
    reasons.push_back(common::v1::MODERATION_REASON_NEAR_DUPLICATE);
  }
  if (facts.submissions_last_day > rules.max_per_campaign_per_day) {
    reasons.push_back(common::v1::MODERATION_REASON_RATE_LIMITED);
  }
  if (JudgesUnreceivedProduct(facts)) {
    reasons.push_back(common::v1::MODERATION_REASON_PRODUCT_NOT_RECEIVED);
  }
  std::sort(reasons.begin(), reasons.end());
  reasons.erase(std::unique(reasons.begin(), reasons.end()), reasons.end());

  ModerationOutcome outcome;
  outcome.reasons = std::move(reasons);
  if (std::any_of(outcome.reasons.begin(), outcome.reasons.end(), Rejects)) {
    outcome.status = common::v1::CONTENT_STATUS_REJECTED;
  } else if (!outcome.reasons.empty()) {
    outcome.status = common::v1::CONTENT_STATUS_PENDING;
  } else {
    outcome.status = common::v1::CONTENT_STATUS_APPROVED;
  }
  return outcome;
}

}  // namespace nanoinfluence::ugc
