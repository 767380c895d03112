// The form the intake requires of every field of an event
// (libs/events/event_fields.h), checked by reflection whatever the payload.
#include "libs/events/event_fields.h"

#include <cstdint>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::events {
namespace {

using ::testing::StartsWith;

constexpr char kId[] = "0190f3a4-0000-7000-8000-000000000c01";

common::v1::Event CampaignOpened() {
  common::v1::Event event;
  event.set_event_id("0190f3a4-0000-7000-8000-0000000e0001");
  event.set_type("nanoinfluence.common.v1.CampaignOpened");
  event.set_aggregate_type("campaign");
  event.set_aggregate_id(kId);
  event.set_producer("recruitment");
  event.set_sequence(1);
  event.mutable_occurred_at()->set_seconds(1'790'000'000);
  auto* opened = event.mutable_campaign_opened();
  opened->set_campaign_id(kId);
  opened->set_brand_id("0190f3a4-0000-7000-8000-000000000b01");
  opened->set_sku("OAT-BAR_1.0");
  opened->set_slots(3);
  opened->set_campaign_name("Oat bars, été 2027");
  opened->set_product_name(std::string(200, 'p'));
  return event;
}

std::string Refusal(const common::v1::Event& event) {
  const absl::Status status = CheckEventFields(event);
  EXPECT_TRUE(status.ok() || absl::IsInvalidArgument(status)) << status;
  return std::string(status.message());
}

TEST(EventFieldsTest, AnEventOfTheSuitePasses) {
  EXPECT_TRUE(CheckEventFields(CampaignOpened()).ok());
  common::v1::Event submitted;
  submitted.set_event_id(kId);
  auto* content = submitted.mutable_content_submitted();
  content->mutable_content()->set_campaign_id(kId);
  content->mutable_content()->set_kind(common::v1::CONTENT_KIND_REVIEW);
  content->add_reasons(common::v1::MODERATION_REASON_UNSPECIFIED);
  EXPECT_TRUE(CheckEventFields(submitted).ok());
}

TEST(EventFieldsTest, IdsMustBeUuids) {
  for (const std::string& bad :
       {std::string("c1"),
        std::string("0190f3a4-0000-7000-8000-00000000\0c01", 36),
        std::string(1 << 20, 'x')}) {
    common::v1::Event event = CampaignOpened();
    event.mutable_campaign_opened()->set_campaign_id(bad);
    EXPECT_EQ(Refusal(event), "campaign_opened.campaign_id: not a UUID");
  }
  // A brand's id is its token's claim: an id of the request-id form.
  common::v1::Event event = CampaignOpened();
  event.mutable_campaign_opened()->set_brand_id("fault-brand-1");
  EXPECT_TRUE(CheckEventFields(event).ok());
  event.mutable_campaign_opened()->set_brand_id(std::string("b\0", 2));
  EXPECT_THAT(Refusal(event), StartsWith("campaign_opened.brand_id:"));
  event = CampaignOpened();
  event.set_event_id("e-1");
  EXPECT_THAT(Refusal(event), StartsWith("event_id:"));
  event = CampaignOpened();
  event.set_aggregate_id("campaign\xE2\x80\xAE");
  EXPECT_THAT(Refusal(event), StartsWith("aggregate_id:"));
}

TEST(EventFieldsTest, TextHasNoControlOrBidiCharacterAndABound) {
  for (const std::string& bad :
       {std::string("a\0b", 3),
        std::string("a\xE2\x80\x8B"
                    "b"),
        std::string("ab\xE2\x80\xAE"
                    "cd"),
        std::string("two\nlines"), std::string(201, 'x'),
        std::string(100'001, 'x')}) {
    common::v1::Event event = CampaignOpened();
    event.mutable_campaign_opened()->set_brand_name(bad);
    EXPECT_THAT(Refusal(event), StartsWith("campaign_opened.brand_name:"))
        << bad.size();
  }
  common::v1::Event event = CampaignOpened();
  event.mutable_campaign_opened()->set_sku("oat bar");
  EXPECT_THAT(Refusal(event), StartsWith("campaign_opened.sku:"));
  common::v1::Event registered;
  registered.mutable_ambassador_registered()->set_country_code("F\0", 2);
  EXPECT_THAT(Refusal(registered),
              StartsWith("ambassador_registered.country_code:"));
}

TEST(EventFieldsTest, EnumsMustBeKnownAndNumbersInRange) {
  common::v1::Event event;
  event.mutable_shipment_status_changed()->set_status(
      static_cast<common::v1::ShipmentStatus>(999));
  EXPECT_EQ(Refusal(event),
            "shipment_status_changed.status: not a known value");
  event.Clear();
  event.mutable_content_submitted()->add_reasons(
      common::v1::MODERATION_REASON_UNSPECIFIED);
  event.mutable_content_submitted()->add_reasons(
      static_cast<common::v1::ModerationReason>(-1));
  EXPECT_EQ(Refusal(event), "content_submitted.reasons[1]: not a known value");
  event.Clear();
  event.mutable_campaign_opened()->set_slots(-1);
  EXPECT_THAT(Refusal(event), StartsWith("campaign_opened.slots:"));
  event.Clear();
  event.mutable_engagement_updated()->set_views(INT64_MAX);
  EXPECT_THAT(Refusal(event), StartsWith("engagement_updated.views:"));
  event.Clear();
  event.mutable_tier_changed()->mutable_record()->set_audience(INT64_MIN);
  EXPECT_THAT(Refusal(event), StartsWith("tier_changed.record.audience:"));
}

TEST(EventFieldsTest, TimestampsMustBeValid) {
  common::v1::Event event = CampaignOpened();
  event.mutable_occurred_at()->set_seconds(INT64_MAX);
  EXPECT_THAT(Refusal(event), StartsWith("occurred_at"));
  event = CampaignOpened();
  event.mutable_test_closed()->mutable_delivered_at()->set_nanos(-1);
  EXPECT_THAT(Refusal(event), StartsWith("test_closed.delivered_at"));
}

}  // namespace
}  // namespace nanoinfluence::events
