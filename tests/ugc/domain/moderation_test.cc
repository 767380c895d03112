#include "services/ugc/domain/moderation.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::ugc {
namespace {

using common::v1::CONTENT_KIND_PHOTO;
using common::v1::CONTENT_KIND_RATING;
using common::v1::CONTENT_KIND_REVIEW;
using common::v1::CONTENT_KIND_SOCIAL_POST;
using common::v1::CONTENT_KIND_VIDEO;
using common::v1::CONTENT_STATUS_APPROVED;
using common::v1::CONTENT_STATUS_PENDING;
using common::v1::CONTENT_STATUS_REJECTED;
using common::v1::MODERATION_REASON_BANNED_WORDS;
using common::v1::MODERATION_REASON_DUPLICATE;
using common::v1::MODERATION_REASON_LINK_SPAM;
using common::v1::MODERATION_REASON_MISSING_DISCLOSURE;
using common::v1::MODERATION_REASON_NEAR_DUPLICATE;
using common::v1::MODERATION_REASON_PRODUCT_NOT_RECEIVED;
using common::v1::MODERATION_REASON_RATE_LIMITED;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A disclosed review of a delivered product: nothing to object to.
ModerationFacts CleanReview() {
  ModerationFacts facts;
  facts.kind = CONTENT_KIND_REVIEW;
  facts.disclosure = true;
  facts.delivery = Delivery::kDelivered;
  facts.submissions_last_day = 1;
  return facts;
}

ModerationFacts CleanSocialPost() {
  ModerationFacts facts = CleanReview();
  facts.kind = CONTENT_KIND_SOCIAL_POST;
  facts.disclosure_marker_found = true;
  return facts;
}

TEST(ModerateTest, ApprovesCleanContent) {
  const ModerationOutcome outcome = Moderate(CleanReview(), {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_APPROVED);
  EXPECT_THAT(outcome.reasons, IsEmpty());
  EXPECT_EQ(Moderate(CleanSocialPost(), {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, HoldsReviewWithoutDisclosure) {
  ModerationFacts facts = CleanReview();
  facts.disclosure = false;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons,
              ElementsAre(MODERATION_REASON_MISSING_DISCLOSURE));
}

TEST(ModerateTest, ReviewNeedsNoMarkerInItsText) {
  ModerationFacts facts = CleanReview();
  facts.disclosure_marker_found = false;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, HoldsSocialPostWithoutMarker) {
  ModerationFacts facts = CleanSocialPost();
  facts.disclosure_marker_found = false;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons,
              ElementsAre(MODERATION_REASON_MISSING_DISCLOSURE));
}

TEST(ModerateTest, HoldsSocialPostWithoutStatement) {
  ModerationFacts facts = CleanSocialPost();
  facts.disclosure = false;
  EXPECT_THAT(Moderate(facts, {}).reasons,
              ElementsAre(MODERATION_REASON_MISSING_DISCLOSURE));
}

TEST(ModerateTest, PhotoNeedsNoDisclosure) {
  ModerationFacts facts;
  facts.kind = CONTENT_KIND_PHOTO;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, RejectsBannedWords) {
  ModerationFacts facts = CleanReview();
  facts.banned_words_found = {"merde"};
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_REJECTED);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_BANNED_WORDS));
}

TEST(ModerateTest, LinksUpToMaxPass) {
  ModerationFacts facts = CleanReview();
  facts.links = 2;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, HoldsOneLinkOverMax) {
  ModerationFacts facts = CleanReview();
  facts.links = 3;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_LINK_SPAM));
}

TEST(ModerateTest, LinkLimitFollowsTheRules) {
  ModerationFacts facts = CleanReview();
  facts.links = 1;
  EXPECT_THAT(Moderate(facts, {.max_links = 0}).reasons,
              ElementsAre(MODERATION_REASON_LINK_SPAM));
}

TEST(ModerateTest, RejectsExactDuplicate) {
  ModerationFacts facts = CleanReview();
  facts.exact_duplicate = true;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_REJECTED);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_DUPLICATE));
}

TEST(ModerateTest, HoldsNearDuplicate) {
  ModerationFacts facts = CleanReview();
  facts.near_duplicate = true;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_NEAR_DUPLICATE));
}

TEST(ModerateTest, ExactDuplicateIsNotAlsoNear) {
  ModerationFacts facts = CleanReview();
  facts.exact_duplicate = true;
  facts.near_duplicate = true;
  EXPECT_THAT(Moderate(facts, {}).reasons,
              ElementsAre(MODERATION_REASON_DUPLICATE));
}

TEST(ModerateTest, SubmissionsUpToMaxPass) {
  ModerationFacts facts = CleanReview();
  facts.submissions_last_day = 20;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, HoldsOneSubmissionOverMax) {
  ModerationFacts facts = CleanReview();
  facts.submissions_last_day = 21;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_RATE_LIMITED));
}

TEST(ModerateTest, HoldsReviewOfUndeliveredProduct) {
  ModerationFacts facts = CleanReview();
  facts.delivery = Delivery::kNotDelivered;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons,
              ElementsAre(MODERATION_REASON_PRODUCT_NOT_RECEIVED));
}

TEST(ModerateTest, HoldsRatingOfUndeliveredProduct) {
  ModerationFacts facts;
  facts.kind = CONTENT_KIND_RATING;
  facts.delivery = Delivery::kNotDelivered;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons,
              ElementsAre(MODERATION_REASON_PRODUCT_NOT_RECEIVED));
}

TEST(ModerateTest, PhotoOfUndeliveredProductPasses) {
  ModerationFacts facts;
  facts.kind = CONTENT_KIND_PHOTO;
  facts.delivery = Delivery::kNotDelivered;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, UnknownDeliveryPasses) {
  ModerationFacts facts = CleanReview();
  facts.delivery = Delivery::kUnknown;
  EXPECT_EQ(Moderate(facts, {}).status, CONTENT_STATUS_APPROVED);
}

TEST(ModerateTest, RejectionBeatsHolds) {
  ModerationFacts facts = CleanSocialPost();
  facts.disclosure_marker_found = false;
  facts.links = 5;
  facts.banned_words_found = {"shit"};
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_REJECTED);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_MISSING_DISCLOSURE,
                                           MODERATION_REASON_BANNED_WORDS,
                                           MODERATION_REASON_LINK_SPAM));
}

TEST(ModerateTest, AllReasonsSortedAndDistinct) {
  ModerationFacts facts = CleanReview();
  facts.disclosure = false;
  facts.banned_words_found = {"shit", "merde"};
  facts.links = 3;
  facts.exact_duplicate = true;
  facts.submissions_last_day = 21;
  facts.delivery = Delivery::kNotDelivered;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_REJECTED);
  EXPECT_THAT(
      outcome.reasons,
      ElementsAre(MODERATION_REASON_MISSING_DISCLOSURE,
                  MODERATION_REASON_BANNED_WORDS, MODERATION_REASON_LINK_SPAM,
                  MODERATION_REASON_DUPLICATE, MODERATION_REASON_RATE_LIMITED,
                  MODERATION_REASON_PRODUCT_NOT_RECEIVED));
}

TEST(ModerateTest, SeveralHoldsStayPending) {
  ModerationFacts facts;
  facts.kind = CONTENT_KIND_VIDEO;
  facts.near_duplicate = true;
  facts.links = 3;
  const ModerationOutcome outcome = Moderate(facts, {});
  EXPECT_EQ(outcome.status, CONTENT_STATUS_PENDING);
  EXPECT_THAT(outcome.reasons, ElementsAre(MODERATION_REASON_LINK_SPAM,
                                           MODERATION_REASON_NEAR_DUPLICATE));
}

TEST(RejectsTest, OnlyBannedWordsAndDuplicatesReject) {
  EXPECT_TRUE(Rejects(MODERATION_REASON_BANNED_WORDS));
  EXPECT_TRUE(Rejects(MODERATION_REASON_DUPLICATE));
  EXPECT_FALSE(Rejects(MODERATION_REASON_MISSING_DISCLOSURE));
  EXPECT_FALSE(Rejects(MODERATION_REASON_LINK_SPAM));
  EXPECT_FALSE(Rejects(MODERATION_REASON_NEAR_DUPLICATE));
  EXPECT_FALSE(Rejects(MODERATION_REASON_RATE_LIMITED));
  EXPECT_FALSE(Rejects(MODERATION_REASON_PRODUCT_NOT_RECEIVED));
}

}  // namespace
}  // namespace nanoinfluence::ugc
