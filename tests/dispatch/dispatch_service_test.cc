// The dispatch service end to end: real dispatch and recruitment processes
// over real gRPC with a real Redis, every behaviour through the RPCs.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "libs/validation/timestamps.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/eventually.h"

namespace nanoinfluence::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
namespace v1 = dispatch_v1;
using common::v1::SHIPMENT_STATUS_ALLOCATED;
using common::v1::SHIPMENT_STATUS_DELIVERED;
using common::v1::SHIPMENT_STATUS_LOST;
using common::v1::SHIPMENT_STATUS_SHIPPED;
using Stub = DispatchStub;

class DispatchServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_ = new DispatchSuite(); }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(suite_->ok()) << suite_->start_error(); }

  static SelectedCampaign Campaign(int testers) {
    const std::string brand = events::NewEventId();
    SelectedCampaign campaign = suite_->SelectCampaign(brand, testers);
    EXPECT_FALSE(campaign.campaign_id.empty()) << suite_->start_error();
    return campaign;
  }
  static v1::AllocateSamplesRequest AllocateAll(const SelectedCampaign& c,
                                                const std::string& sku) {
    v1::AllocateSamplesRequest request;
    request.set_request_id(NewRequestId());
    request.set_campaign_id(c.campaign_id);
    request.set_sku(sku);
    return request;
  }
  static v1::Shipment AllocateOne(const SelectedCampaign& c,
                                  const std::string& tester) {
    v1::AllocateSampleRequest request;
    request.set_request_id(NewRequestId());
    request.set_campaign_id(c.campaign_id);
    request.set_ambassador_id(tester);
    request.set_sku("OAT");
    auto answer = suite_->Call(&Stub::AllocateSample, OpsCaller(), request);
    EXPECT_TRUE(answer.ok()) << answer.message();
    return answer.response.shipment();
  }
  static Answer<v1::UpdateShipmentStatusResponse> Move(
      const std::string& shipment_id, common::v1::ShipmentStatus status,
      const std::string& tracking = "") {
    v1::UpdateShipmentStatusRequest request;
    request.set_request_id(NewRequestId());
    request.set_shipment_id(shipment_id);
    request.set_status(status);
    if (status == SHIPMENT_STATUS_SHIPPED) {
      request.set_carrier("colissimo");
      request.set_tracking_number(tracking.empty() ? NewRequestId() : tracking);
    }
    return suite_->Call(&Stub::UpdateShipmentStatus, ServiceCaller("3pl"),
                        request);
  }
  static v1::Stock StockOf(const SelectedCampaign& c, const std::string& sku) {
    v1::GetStockRequest request;
    request.set_campaign_id(c.campaign_id);
    request.set_sku(sku);
    return suite_->Call(&Stub::GetStock, OpsCaller(), request).response;
  }

  static DispatchSuite* suite_;
};

DispatchSuite* DispatchServiceTest::suite_ = nullptr;

TEST_F(DispatchServiceTest, ShortStockServesTestersInPolicyOrderOnce) {
  const SelectedCampaign c = Campaign(6);
  ASSERT_EQ(c.testers.size(), 6u);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 4));
  v1::SetAllocationPolicyRequest policy;
  policy.set_request_id(NewRequestId());
  policy.set_campaign_id(c.campaign_id);
  policy.add_tier_priority(common::v1::TIER_NANO);
  ASSERT_TRUE(
      suite_->Call(&Stub::SetAllocationPolicy, BrandCaller(c.brand_id), policy)
          .ok());

  const v1::AllocateSamplesRequest request = AllocateAll(c, "OAT");
  auto first =
      suite_->Call(&Stub::AllocateSamples, BrandCaller(c.brand_id), request);
  ASSERT_TRUE(first.ok()) << first.message();
  // Everyone is NANO: served by selection rank.
  ASSERT_EQ(first.response.allocated_count(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(first.response.allocated(i).ambassador_id(), c.testers[i]);
    EXPECT_EQ(first.response.allocated(i).selection_rank(), i + 1);
    EXPECT_EQ(first.response.allocated(i).status(), SHIPMENT_STATUS_ALLOCATED);
    // A brand never sees its testers' addresses.
    EXPECT_FALSE(first.response.allocated(i).has_address());
  }
  ASSERT_EQ(first.response.unserved_count(), 2);
  EXPECT_EQ(first.response.unserved(0).reason(),
            v1::UNSERVED_REASON_OUT_OF_STOCK);
  EXPECT_EQ(first.response.shortfall_units(), 2);
  EXPECT_EQ(first.response.stock().units_available(), 0);
  EXPECT_EQ(first.response.stock().units_allocated(), 4);

  // A retry answers the same, and takes nothing more.
  auto retry =
      suite_->Call(&Stub::AllocateSamples, BrandCaller(c.brand_id), request);
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first.response, retry.response));
  // Another request under that id is refused.
  v1::AllocateSamplesRequest other = request;
  other.set_quantity_per_tester(2);
  EXPECT_EQ(suite_->Call(&Stub::AllocateSamples, BrandCaller(c.brand_id), other)
                .code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Restocked, a new call serves the two left and no one twice.
  v1::AdjustStockRequest restock;
  restock.set_request_id(NewRequestId());
  restock.set_campaign_id(c.campaign_id);
  restock.set_sku("OAT");
  restock.set_reason(v1::STOCK_ADJUSTMENT_REASON_RESTOCK);
  restock.set_quantity(5);
  ASSERT_TRUE(
      suite_->Call(&Stub::AdjustStock, BrandCaller(c.brand_id), restock).ok());
  auto second = suite_->Call(&Stub::AllocateSamples, BrandCaller(c.brand_id),
                             AllocateAll(c, "OAT"));
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second.response.allocated_count(), 2);
  EXPECT_EQ(second.response.already_allocated_count(), 4);
  EXPECT_EQ(second.response.unserved_count(), 0);
  EXPECT_EQ(second.response.stock().units_available(), 3);
  EXPECT_EQ(suite_->CountRows("shipments", absl::StrCat("campaign_id = '",
                                                        c.campaign_id, "'")),
            6);
  EXPECT_EQ(suite_->CountRows(
                "outbox", "type = 'nanoinfluence.common.v1.SampleAllocated'"),
            suite_->CountRows("shipments"));
}

TEST_F(DispatchServiceTest, AShipmentFollowsTheStateMachineAndItsHistory) {
  const SelectedCampaign c = Campaign(2);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 10));
  const v1::Shipment shipment = AllocateOne(c, c.testers[0]);
  ASSERT_FALSE(shipment.shipment_id().empty());

  // Delivered before shipped: refused, nothing changes.
  auto early = Move(shipment.shipment_id(), SHIPMENT_STATUS_DELIVERED);
  EXPECT_EQ(early.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.message(), HasSubstr("SHIPMENT_STATUS_DELIVERED"));

  auto shipped = Move(shipment.shipment_id(), SHIPMENT_STATUS_SHIPPED, "TRK1");
  ASSERT_TRUE(shipped.ok()) << shipped.message();
  EXPECT_TRUE(shipped.response.changed());
  EXPECT_EQ(StockOf(c, "OAT").units_shipped(), 1);
  // Told twice: OK, unchanged.
  auto again = Move(shipment.shipment_id(), SHIPMENT_STATUS_SHIPPED, "TRK1");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.response.changed());
  auto delivered = Move(shipment.shipment_id(), SHIPMENT_STATUS_DELIVERED);
  ASSERT_TRUE(delivered.ok()) << delivered.message();
  const v1::Shipment& now = delivered.response.shipment();
  EXPECT_TRUE(now.has_deliver_time());
  EXPECT_EQ(TimeOf(now.post_deadline()) - TimeOf(now.deliver_time()),
            absl::Hours(24 * 21));
  ASSERT_EQ(now.history_size(), 3);
  EXPECT_EQ(now.history(1).tracking_number(), "TRK1");

  // Proof of receipt for ugc.
  v1::GetProofOfReceiptRequest proof;
  proof.set_campaign_id(c.campaign_id);
  proof.set_ambassador_id(c.testers[0]);
  auto received =
      suite_->Call(&Stub::GetProofOfReceipt, ServiceCaller("ugc"), proof);
  ASSERT_TRUE(received.ok());
  EXPECT_TRUE(received.response.received());
  proof.set_ambassador_id(c.testers[1]);
  auto none =
      suite_->Call(&Stub::GetProofOfReceipt, ServiceCaller("ugc"), proof);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.response.received());
  EXPECT_TRUE(none.response.shipment_id().empty());

  // The tester sees their parcel with the address; the brand without it.
  auto mine =
      suite_->Call(&Stub::ListMyShipments, AmbassadorCaller(c.testers[0]),
                   v1::ListMyShipmentsRequest());
  ASSERT_TRUE(mine.ok()) << mine.message();
  ASSERT_EQ(mine.response.shipments_size(), 1);
  EXPECT_EQ(mine.response.shipments(0).tracking_number(), "TRK1");
  EXPECT_EQ(mine.response.shipments(0).address().city(), "Paris");
  v1::GetShipmentRequest get;
  get.set_shipment_id(shipment.shipment_id());
  auto as_brand =
      suite_->Call(&Stub::GetShipment, BrandCaller(c.brand_id), get);
  ASSERT_TRUE(as_brand.ok());
  EXPECT_FALSE(as_brand.response.has_address());
  EXPECT_EQ(
      suite_->Call(&Stub::GetShipment, AmbassadorCaller(c.testers[1]), get)
          .code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(DispatchServiceTest, ALostParcelIsWrittenOffAndReshippedOnce) {
  const SelectedCampaign c = Campaign(1);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 3));
  const v1::Shipment shipment = AllocateOne(c, c.testers[0]);
  ASSERT_TRUE(Move(shipment.shipment_id(), SHIPMENT_STATUS_SHIPPED).ok());
  ASSERT_TRUE(Move(shipment.shipment_id(), SHIPMENT_STATUS_LOST).ok());
  v1::Stock stock = StockOf(c, "OAT");
  EXPECT_EQ(stock.units_written_off(), 1);
  EXPECT_EQ(stock.units_available(), 2);
  auto reship = Move(shipment.shipment_id(), SHIPMENT_STATUS_ALLOCATED);
  ASSERT_TRUE(reship.ok()) << reship.message();
  EXPECT_EQ(reship.response.shipment().reship_count(), 1);
  EXPECT_TRUE(reship.response.shipment().tracking_number().empty());
  EXPECT_EQ(StockOf(c, "OAT").units_allocated(), 1);
  ASSERT_TRUE(Move(shipment.shipment_id(), SHIPMENT_STATUS_SHIPPED).ok());
  ASSERT_TRUE(Move(shipment.shipment_id(), SHIPMENT_STATUS_LOST).ok());
  auto twice = Move(shipment.shipment_id(), SHIPMENT_STATUS_ALLOCATED);
  EXPECT_EQ(twice.code(), grpc::StatusCode::FAILED_PRECONDITION);
  stock = StockOf(c, "OAT");
  EXPECT_EQ(stock.units_written_off(), 2);
  EXPECT_EQ(stock.units_available(), 1);
  EXPECT_EQ(stock.units_received(), 3);
}

TEST_F(DispatchServiceTest, ATrackingFileAppliesEachLineOrSaysWhy) {
  const SelectedCampaign c = Campaign(3);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 3));
  const v1::Shipment a = AllocateOne(c, c.testers[0]);
  const v1::Shipment b = AllocateOne(c, c.testers[1]);
  grpc::ClientContext context;
  AddBearer(context, ServiceCaller("3pl"));
  auto stub = Stub(suite_->dispatch_channel());
  v1::ImportTrackingUpdatesResponse response;
  auto writer = stub.ImportTrackingUpdates(&context, &response);
  v1::ImportTrackingUpdatesRequest first;
  first.set_request_id(NewRequestId());
  auto* ship_a = first.add_updates();
  ship_a->set_shipment_id(a.shipment_id());
  ship_a->set_status(SHIPMENT_STATUS_SHIPPED);
  ship_a->set_carrier("dhl");
  ship_a->set_new_tracking_number("DHL-A");
  auto* bad_id = first.add_updates();
  bad_id->set_shipment_id("not-a-uuid");
  bad_id->set_status(SHIPMENT_STATUS_SHIPPED);
  ASSERT_TRUE(writer->Write(first));
  v1::ImportTrackingUpdatesRequest second;  // request_id only in the first
  auto* deliver_a = second.add_updates();
  deliver_a->set_tracking_number("DHL-A");
  deliver_a->set_carrier("dhl");
  deliver_a->set_status(SHIPMENT_STATUS_DELIVERED);
  auto* unknown = second.add_updates();
  unknown->set_tracking_number("NOPE");
  unknown->set_carrier("dhl");
  unknown->set_status(SHIPMENT_STATUS_DELIVERED);
  auto* deliver_b = second.add_updates();
  deliver_b->set_shipment_id(b.shipment_id());
  deliver_b->set_status(SHIPMENT_STATUS_DELIVERED);
  auto* ship_a_again = second.add_updates();
  ship_a_again->set_shipment_id(a.shipment_id());
  ship_a_again->set_status(SHIPMENT_STATUS_LOST);
  ASSERT_TRUE(writer->Write(second));
  ASSERT_TRUE(writer->WritesDone());
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.line_count(), 6);
  EXPECT_EQ(response.applied_count(), 2);
  EXPECT_EQ(response.rejected_count(), 4);
  ASSERT_EQ(response.results_size(), 6);
  EXPECT_EQ(response.results(0).outcome(), v1::TRACKING_LINE_OUTCOME_APPLIED);
  EXPECT_EQ(response.results(1).reason(),
            v1::TRACKING_REJECT_REASON_INVALID_FIELD);
  EXPECT_THAT(response.results(1).detail(), HasSubstr("updates[1]"));
  EXPECT_EQ(response.results(2).outcome(), v1::TRACKING_LINE_OUTCOME_APPLIED);
  EXPECT_EQ(response.results(2).shipment_id(), a.shipment_id());
  EXPECT_EQ(response.results(3).reason(),
            v1::TRACKING_REJECT_REASON_SHIPMENT_NOT_FOUND);
  EXPECT_EQ(response.results(4).reason(),
            v1::TRACKING_REJECT_REASON_INVALID_TRANSITION);
  // DELIVERED by line 3, so LOST conflicts with the file itself.
  EXPECT_EQ(response.results(5).reason(),
            v1::TRACKING_REJECT_REASON_CONFLICTING_LINE);
  const v1::Stock stock = StockOf(c, "OAT");
  EXPECT_EQ(stock.units_shipped(), 1);
  EXPECT_EQ(stock.units_allocated(), 1);
}

TEST_F(DispatchServiceTest, TheFulfilmentExportListsTheParcelsToSend) {
  const SelectedCampaign c = Campaign(3);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 3));
  ASSERT_TRUE(
      suite_->Call(&Stub::AllocateSamples, OpsCaller(), AllocateAll(c, "OAT"))
          .ok());
  const auto export_as = [&](const auth::Caller& caller,
                             std::vector<v1::FulfilmentRow>* rows) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    auto stub = Stub(suite_->dispatch_channel());
    v1::ExportFulfilmentRequest request;
    request.set_campaign_id(c.campaign_id);
    auto reader = stub.ExportFulfilment(&context, request);
    v1::ExportFulfilmentResponse message;
    while (reader->Read(&message)) {
      for (const auto& row : message.rows()) rows->push_back(row);
    }
    return reader->Finish();
  };
  std::vector<v1::FulfilmentRow> rows;
  ASSERT_TRUE(export_as(ServiceCaller("3pl"), &rows).ok());
  ASSERT_EQ(rows.size(), 3u);
  std::set<std::string> names;
  for (const auto& row : rows) {
    EXPECT_EQ(row.sku(), "OAT");
    EXPECT_EQ(row.quantity(), 1);
    EXPECT_EQ(row.address().city(), "Paris");
    names.insert(row.recipient_name());
  }
  EXPECT_EQ(names.size(), 3u);
  std::vector<v1::FulfilmentRow> none;
  EXPECT_EQ(export_as(BrandCaller(c.brand_id), &none).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(none.empty());
}

TEST_F(DispatchServiceTest, AnErasedTesterLeavesNoAddressAndFreesTheUnit) {
  const SelectedCampaign c = Campaign(2);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 2));
  const v1::Shipment unsent = AllocateOne(c, c.testers[0]);
  const v1::Shipment sent = AllocateOne(c, c.testers[1]);
  ASSERT_TRUE(Move(sent.shipment_id(), SHIPMENT_STATUS_SHIPPED).ok());
  for (const std::string& tester : c.testers) {
    recruitment_v1::EraseAmbassadorRequest erase;
    erase.set_request_id(NewRequestId());
    erase.set_ambassador_id(tester);
    ASSERT_TRUE(suite_
                    ->CallRecruitment(&RecruitmentStub::EraseAmbassador,
                                      OpsCaller(), erase)
                    .ok());
  }
  const std::string mine = absl::StrCat("campaign_id = '", c.campaign_id, "'");
  ASSERT_TRUE(Eventually([&] {
    return suite_->CountRows("shipments",
                             absl::StrCat(mine, " AND address IS NULL")) == 2;
  }));
  // The parcel never sent closed NOT_DELIVERED and gave its unit back.
  EXPECT_EQ(suite_->CountRows("shipments",
                              absl::StrCat(mine, " AND test_outcome = 4")),
            1);
  const v1::Stock stock = StockOf(c, "OAT");
  EXPECT_EQ(stock.units_available(), 1);
  EXPECT_EQ(stock.units_allocated(), 0);
  EXPECT_EQ(stock.units_shipped(), 1);
  EXPECT_EQ(Move(unsent.shipment_id(), SHIPMENT_STATUS_SHIPPED).code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // No stored answer holds their addresses any more.
  for (const std::string& tester : c.testers) {
    EXPECT_EQ(
        suite_->CountRows("idempotency_keys",
                          absl::StrCat("instr(response, '", tester, "') > 0")),
        0);
  }
}

TEST_F(DispatchServiceTest, ACancelledTrackingImportAppliesNothing) {
  const SelectedCampaign c = Campaign(1);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 1));
  const v1::Shipment shipment = AllocateOne(c, c.testers[0]);
  grpc::ClientContext context;
  AddBearer(context, ServiceCaller("3pl"));
  auto stub = Stub(suite_->dispatch_channel());
  v1::ImportTrackingUpdatesResponse response;
  auto writer = stub.ImportTrackingUpdates(&context, &response);
  v1::ImportTrackingUpdatesRequest message;
  message.set_request_id(NewRequestId());
  auto* line = message.add_updates();
  line->set_shipment_id(shipment.shipment_id());
  line->set_status(SHIPMENT_STATUS_SHIPPED);
  line->set_carrier("dhl");
  line->set_new_tracking_number("CUT");
  ASSERT_TRUE(writer->Write(message));
  context.TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Give the server the time to see the end of the stream, then check.
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(StockOf(c, "OAT").units_shipped(), 0);
  EXPECT_EQ(suite_->CountRows("shipments", absl::StrCat("shipment_id = '",
                                                        shipment.shipment_id(),
                                                        "' AND status = 1")),
            1);
}

TEST_F(DispatchServiceTest, RecruitmentDownMeansUnavailableAndNothingTaken) {
  const SelectedCampaign c = Campaign(2);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 5));
  const int64_t shipments = suite_->CountRows("shipments");
  suite_->StopRecruitment();
  const v1::AllocateSamplesRequest request = AllocateAll(c, "OAT");
  auto down = suite_->Call(&Stub::AllocateSamples, OpsCaller(), request,
                           absl::Seconds(30));
  EXPECT_EQ(down.code(), grpc::StatusCode::UNAVAILABLE) << down.message();
  EXPECT_THAT(down.message(), HasSubstr("recruitment"));
  EXPECT_EQ(suite_->CountRows("shipments"), shipments);
  EXPECT_EQ(StockOf(c, "OAT").units_available(), 5);
  ASSERT_TRUE(suite_->StartRecruitment()) << suite_->start_error();
  // The same request_id, once recruitment is back, does the allocation.
  Answer<v1::AllocateSamplesResponse> back;
  ASSERT_TRUE(Eventually([&] {
    back = suite_->Call(&Stub::AllocateSamples, OpsCaller(), request);
    return back.code() != grpc::StatusCode::UNAVAILABLE;
  }));
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back.response.allocated_count(), 2);
}

TEST_F(DispatchServiceTest, ASoldOutLineAnswersWithoutAskingRecruitment) {
  const SelectedCampaign c = Campaign(2);
  ASSERT_TRUE(suite_->SetStock(c, "OAT", 1));
  const v1::Shipment first = AllocateOne(c, c.testers[0]);
  ASSERT_FALSE(first.shipment_id().empty());
  const int64_t shipments = suite_->CountRows("shipments");
  suite_->StopRecruitment();
  v1::AllocateSampleRequest request;
  request.set_request_id(NewRequestId());
  request.set_campaign_id(c.campaign_id);
  request.set_ambassador_id(c.testers[1]);
  request.set_sku("OAT");
  auto sold_out = suite_->Call(&Stub::AllocateSample, OpsCaller(), request);
  EXPECT_EQ(sold_out.code(), grpc::StatusCode::FAILED_PRECONDITION)
      << sold_out.message();
  EXPECT_THAT(sold_out.message(), HasSubstr("sku: out of stock"));
  EXPECT_EQ(suite_->CountRows("shipments"), shipments);
  // The tester holding the unit still needs recruitment to be answered.
  request.set_request_id(NewRequestId());
  request.set_ambassador_id(c.testers[0]);
  EXPECT_EQ(suite_->Call(&Stub::AllocateSample, OpsCaller(), request).code(),
            grpc::StatusCode::UNAVAILABLE);
  ASSERT_TRUE(suite_->StartRecruitment()) << suite_->start_error();
  Answer<v1::AllocateSampleResponse> again;
  ASSERT_TRUE(Eventually([&] {
    again = suite_->Call(&Stub::AllocateSample, OpsCaller(), request);
    return again.code() != grpc::StatusCode::UNAVAILABLE;
  }));
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_TRUE(again.response.already_allocated());
  EXPECT_EQ(again.response.shipment().shipment_id(), first.shipment_id());
}

TEST_F(DispatchServiceTest, ATenantSeesOnlyItsOwnStockAndShipments) {
  const SelectedCampaign mine = Campaign(1);
  ASSERT_TRUE(suite_->SetStock(mine, "OAT", 2));
  const v1::Shipment shipment = AllocateOne(mine, mine.testers[0]);
  const std::string other_brand = events::NewEventId();
  v1::GetStockRequest stock;
  stock.set_campaign_id(mine.campaign_id);
  stock.set_sku("OAT");
  auto foreign = suite_->Call(&Stub::GetStock, BrandCaller(other_brand), stock);
  EXPECT_EQ(foreign.code(), grpc::StatusCode::NOT_FOUND);
  v1::SetStockRequest set = StockRequest(mine.campaign_id, "OAT", 100);
  EXPECT_EQ(suite_->Call(&Stub::SetStock, BrandCaller(other_brand), set).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetShipmentRequest get;
  get.set_shipment_id(shipment.shipment_id());
  EXPECT_EQ(
      suite_->Call(&Stub::GetShipment, BrandCaller(other_brand), get).code(),
      grpc::StatusCode::NOT_FOUND);
  v1::ListShipmentsRequest list;
  auto listed =
      suite_->Call(&Stub::ListShipments, BrandCaller(other_brand), list);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.response.shipments_size(), 0);
  list.set_campaign_id(mine.campaign_id);
  EXPECT_EQ(
      suite_->Call(&Stub::ListShipments, BrandCaller(other_brand), list).code(),
      grpc::StatusCode::NOT_FOUND);
  auto own =
      suite_->Call(&Stub::ListShipments, BrandCaller(mine.brand_id), list);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own.response.shipments_size(), 1);
  EXPECT_FALSE(own.response.shipments(0).has_address());
  // Status changes are for the 3PL and ops only.
  v1::UpdateShipmentStatusRequest move;
  move.set_request_id(NewRequestId());
  move.set_shipment_id(shipment.shipment_id());
  move.set_status(SHIPMENT_STATUS_SHIPPED);
  move.set_carrier("dhl");
  move.set_tracking_number("X");
  EXPECT_EQ(
      suite_
          ->Call(&Stub::UpdateShipmentStatus, BrandCaller(mine.brand_id), move)
          .code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

// Tests close by their deadline with a one-second "day".
TEST(DispatchDeadlineTest, DueTestsCloseWithTheirOutcomeAndFreeTheTester) {
  DispatchSuite suite({"--deadline_day=1s"});
  ASSERT_TRUE(suite.ok()) << suite.start_error();
  const SelectedCampaign c =
      suite.SelectCampaign(events::NewEventId(), 2, /*post_deadline_days=*/1);
  ASSERT_FALSE(c.campaign_id.empty()) << suite.start_error();
  ASSERT_TRUE(suite.SetStock(c, "OAT", 2));
  v1::AllocateSamplesRequest allocate;
  allocate.set_request_id(NewRequestId());
  allocate.set_campaign_id(c.campaign_id);
  allocate.set_sku("OAT");
  auto allocated = suite.Call(&Stub::AllocateSamples, OpsCaller(), allocate);
  ASSERT_TRUE(allocated.ok()) << allocated.message();
  ASSERT_EQ(allocated.response.allocated_count(), 2);
  for (const auto& shipment : allocated.response.allocated()) {
    for (auto status : {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_DELIVERED}) {
      v1::UpdateShipmentStatusRequest move;
      move.set_request_id(NewRequestId());
      move.set_shipment_id(shipment.shipment_id());
      move.set_status(status);
      move.set_carrier("dhl");
      move.set_tracking_number(NewRequestId());
      ASSERT_TRUE(
          suite.Call(&Stub::UpdateShipmentStatus, OpsCaller(), move).ok());
    }
  }
  EXPECT_EQ(suite.CountRows("shipments", "first_post_at IS NOT NULL"), 0);
  // The first tester posts (ugc's event); the second does not.
  const auto& posted = allocated.response.allocated(0);
  common::v1::IngestEventsRequest events;
  events.set_producer("ugc");
  common::v1::Event* event = events.add_events();
  event->set_event_id(events::NewEventId());
  event->set_type("nanoinfluence.common.v1.ContentSubmitted");
  event->set_aggregate_type("content");
  event->set_aggregate_id(events::NewEventId());
  event->set_producer("ugc");
  event->set_sequence(1);
  *event->mutable_occurred_at() = Stamp(absl::Now());
  auto* content = event->mutable_content_submitted()->mutable_content();
  content->set_content_id(event->aggregate_id());
  content->set_campaign_id(c.campaign_id);
  content->set_brand_id(c.brand_id);
  content->set_ambassador_id(posted.ambassador_id());
  *content->mutable_submitted_at() = Stamp(absl::Now());
  event->mutable_content_submitted()->set_status(
      common::v1::CONTENT_STATUS_APPROVED);
  auto ingested = suite.Call(&Stub::IngestEvents, ServiceCaller("ugc"), events);
  ASSERT_TRUE(ingested.ok()) << ingested.message();
  ASSERT_EQ(ingested.response.applied_event_ids_size(), 1)
      << ingested.response.DebugString();
  EXPECT_EQ(suite.CountRows("shipments", "first_post_at IS NOT NULL"), 1);

  // Reminders: the silent tester only, once a "day" has passed.
  v1::ListRemindersRequest reminders;
  reminders.set_campaign_id(c.campaign_id);
  reminders.set_min_days_since_delivery(1);
  ASSERT_TRUE(Eventually([&] {
    auto listed = suite.Call(&Stub::ListReminders, OpsCaller(), reminders);
    return listed.ok() && listed.response.reminders_size() == 1 &&
           listed.response.reminders(0).ambassador_id() ==
               allocated.response.allocated(1).ambassador_id();
  }));
  // Past the deadline (1 "day" after delivery), both tests close.
  v1::CloseExpiredTestsRequest close;
  close.set_campaign_id(c.campaign_id);
  v1::CloseExpiredTestsResponse closed;
  ASSERT_TRUE(Eventually([&] {
    close.set_request_id(NewRequestId());
    auto answer = suite.Call(&Stub::CloseExpiredTests, OpsCaller(), close);
    if (!answer.ok()) return false;
    closed.MergeFrom(answer.response);
    return closed.posted_on_time_count() + closed.not_posted_count() == 2;
  }));
  EXPECT_EQ(closed.posted_on_time_count(), 1);
  EXPECT_EQ(closed.not_posted_count(), 1);
  EXPECT_EQ(suite.CountRows("shipments", "address IS NOT NULL"), 0);
  EXPECT_EQ(
      suite.CountRows("outbox", "type = 'nanoinfluence.common.v1.TestClosed'"),
      2);
  // Recruitment hears of it: the testers are free for another test.
  ASSERT_TRUE(Eventually([&] {
    recruitment_v1::GetAmbassadorRequest get;
    get.set_ambassador_id(posted.ambassador_id());
    auto ambassador = suite.CallRecruitment(&RecruitmentStub::GetAmbassador,
                                            OpsCaller(), get);
    return ambassador.ok() &&
           ambassador.response.active_test_campaign_id().empty() &&
           ambassador.response.reliability().tests_counted() == 1;
  }));
}

}  // namespace
}  // namespace nanoinfluence::testing
