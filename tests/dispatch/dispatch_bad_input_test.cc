// Bad input on every RPC of the dispatch service (QUALITY.md's list):
// missing fields, enums 999, negative and huge numbers, strings one past
// their limit, NUL characters, malformed ids, tokens and URLs. Each answer
// is INVALID_ARGUMENT naming the field, and the database is unchanged.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/bad_input.h"
#include "tests/harness/one_message_call.h"

namespace nanoinfluence::testing {
namespace {

namespace v1 = dispatch_v1;
using Stub = DispatchStub;

std::string Long(int chars) { return std::string(chars, 'x'); }

// The cases (tests/harness/bad_input.h); in their text, {C} campaign, {A}
// tester, {SH} shipment stand for real ids.
std::vector<BadInput> Cases() {
  const std::string set =
      "request_id: 'r-1' campaign_id: '{C}' sku: 'OAT' units_on_hand: 5";
  const std::string adjust =
      "request_id: 'r-1' campaign_id: '{C}' sku: 'OAT' reason: "
      "STOCK_ADJUSTMENT_REASON_RESTOCK quantity: 1";
  const std::string allocate =
      "request_id: 'r-1' campaign_id: '{C}' sku: 'OAT'";
  const std::string move =
      "request_id: 'r-1' shipment_id: '{SH}' status: SHIPMENT_STATUS_SHIPPED "
      "carrier: 'dhl' tracking_number: 'T1'";
  const std::string deliver =
      "request_id: 'r-1' shipment_id: '{SH}' status: "
      "SHIPMENT_STATUS_DELIVERED";
  return {
      {"SetStock", set, "request_id: ''", "request_id"},
      {"SetStock", set, "campaign_id: 'x'", "campaign_id"},
      {"SetStock", set, "sku: ''", "sku"},
      {"SetStock", set, "sku: 'oat bar'", "sku"},
      {"SetStock", set, absl::StrCat("sku: '", Long(65), "'"), "sku"},
      {"SetStock", set, "units_on_hand: -1", "units_on_hand"},
      {"SetStock", set, "units_on_hand: 10000001", "units_on_hand"},
      {"SetStock", set, absl::StrCat("variant_label: '", Long(101), "'"),
       "variant_label"},
      {"SetStock", set, "variant_label: 'a\\000b'", "variant_label"},
      {"SetStock", set, "expected_version: -1", "expected_version"},
      {"AdjustStock", adjust, "reason: 999", "reason"},
      {"AdjustStock", adjust, "quantity: 0", "quantity"},
      {"AdjustStock", adjust, "quantity: 10000001", "quantity"},
      {"AdjustStock", adjust, absl::StrCat("note: '", Long(501), "'"), "note"},
      {"AdjustStock", adjust, "reason: STOCK_ADJUSTMENT_REASON_WRITE_OFF_OTHER",
       "note"},
      {"GetStock", "sku: 'OAT'", "campaign_id: 'x'", "campaign_id"},
      {"GetStock", "campaign_id: '{C}'", "", "sku"},
      {"ListStock", "", "", "campaign_id"},
      {"ListStock", "campaign_id: '{C}'", "page { page_token: 'garbage' }",
       "page.page_token"},
      {"SetAllocationPolicy", "request_id: 'r-1' campaign_id: '{C}'",
       "tier_priority: 999", "tier_priority[0]"},
      {"SetAllocationPolicy", "request_id: 'r-1' campaign_id: '{C}'",
       "tier_priority: TIER_NANO tier_priority: TIER_NANO", "tier_priority[1]"},
      {"GetAllocationPolicy", "", "campaign_id: 'x'", "campaign_id"},
      {"AllocateSamples", allocate, "quantity_per_tester: 11",
       "quantity_per_tester"},
      {"AllocateSamples", allocate, "sku: ''", "sku"},
      {"AllocateSamples", allocate, "campaign_id: ''", "campaign_id"},
      {"AllocateSample", allocate, "ambassador_id: 'x'", "ambassador_id"},
      {"AllocateSample", absl::StrCat(allocate, " ambassador_id: '{A}'"),
       "quantity: -1", "quantity"},
      {"GetShipment", "", "shipment_id: 'x'", "shipment_id"},
      {"ListShipments", "", "statuses: 999", "statuses[0]"},
      {"ListShipments", "", "brand_id: 'not a brand'", "brand_id"},
      {"ListShipments", "",
       "allocate_time { start { seconds: 200 } end { seconds: 100 } }",
       "allocate_time.end"},
      {"ListMyShipments", "", "statuses: SHIPMENT_STATUS_UNSPECIFIED",
       "statuses[0]"},
      {"UpdateShipmentStatus", move, "status: SHIPMENT_STATUS_UNSPECIFIED",
       "status"},
      {"UpdateShipmentStatus", move, "carrier: 'DHL'", "carrier"},
      {"UpdateShipmentStatus", move, "carrier: ''", "carrier"},
      {"UpdateShipmentStatus", move, "tracking_number: ''", "tracking_number"},
      {"UpdateShipmentStatus", move, "tracking_url: 'http://x.example'",
       "tracking_url"},
      {"UpdateShipmentStatus", move, "status_time { seconds: 9999999999 }",
       "status_time"},
      {"UpdateShipmentStatus", move, absl::StrCat("note: '", Long(501), "'"),
       "note"},
      {"UpdateShipmentStatus", move, "shipment_id: ''", "shipment_id"},
      // Given with another status, carrier and tracking are checked too.
      {"UpdateShipmentStatus", deliver, "carrier: 'DHL'", "carrier"},
      {"UpdateShipmentStatus", deliver,
       absl::StrCat("tracking_number: '", Long(65), "'"), "tracking_number"},
      {"UpdateShipmentStatus", deliver, "tracking_url: 'http://x.example'",
       "tracking_url"},
      {"GetProofOfReceipt", "campaign_id: '{C}'", "ambassador_id: 'x'",
       "ambassador_id"},
      {"ListReminders", "", "min_days_since_delivery: 366",
       "min_days_since_delivery"},
      {"ListReminders", "", "brand_id: 'not a brand'", "brand_id"},
      {"CloseExpiredTests", "request_id: 'r-1'", "limit: 10001", "limit"},
      {"CloseExpiredTests", "request_id: 'r-1'", "campaign_id: 'x'",
       "campaign_id"},
  };
}

class DispatchBadInputTest : public ::testing::Test {
 protected:
  // One suite with a campaign, a stock line and a shipment to name.
  static void SetUpTestSuite() {
    suite_ = new DispatchSuite();
    if (!suite_->ok()) return;
    const SelectedCampaign c = suite_->SelectCampaign(events::NewEventId(), 1);
    if (c.campaign_id.empty() || !suite_->SetStock(c, "OAT", 5)) return;
    v1::AllocateSampleRequest allocate;
    allocate.set_request_id(NewRequestId());
    allocate.set_campaign_id(c.campaign_id);
    allocate.set_ambassador_id(c.testers[0]);
    allocate.set_sku("OAT");
    shipment_ = suite_->Call(&Stub::AllocateSample, OpsCaller(), allocate)
                    .response.shipment()
                    .shipment_id();
    campaign_ = c.campaign_id;
    tester_ = c.testers[0];
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(suite_->ok()) << suite_->start_error();
    ASSERT_FALSE(shipment_.empty());
  }

  // A first message of an import that applies by itself: the shipment
  // handed to the carrier under `tracking`.
  static v1::ImportTrackingUpdatesRequest ShippedLine(
      const std::string& tracking) {
    v1::ImportTrackingUpdatesRequest message;
    message.set_request_id(NewRequestId());
    v1::TrackingUpdate* shipped = message.add_updates();
    shipped->set_shipment_id(shipment_);
    shipped->set_status(common::v1::SHIPMENT_STATUS_SHIPPED);
    shipped->set_carrier("dhl");
    shipped->set_new_tracking_number(tracking);
    return message;
  }
  static std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> rows;
    for (const char* table :
         {"campaigns", "stock", "stock_movements", "allocation_policies",
          "shipments", "shipment_history", "posts", "outbox",
          "idempotency_keys", "applied_events"}) {
      rows[table] = suite_->CountRows(table);
    }
    return rows;
  }

  grpc::Status Send(const std::string& method, const std::string& bytes,
                    const auth::Caller& caller) {
    grpc::GenericStub stub(suite_->dispatch_channel());
    return OneMessageCall(bytes).Run(
        stub,
        absl::StrCat("/nanoinfluence.dispatch.v1.DispatchService/", method),
        absl::StrCat("Bearer ", TestToken(caller)));
  }

  static DispatchSuite* suite_;
  static std::string campaign_, tester_, shipment_;
};

DispatchSuite* DispatchBadInputTest::suite_ = nullptr;
std::string DispatchBadInputTest::campaign_;
std::string DispatchBadInputTest::tester_;
std::string DispatchBadInputTest::shipment_;

TEST_F(DispatchBadInputTest, EveryBadFieldIsNamedAndNothingIsWritten) {
  const auto* service =
      v1::SetStockRequest::descriptor()->file()->FindServiceByName(
          "DispatchService");
  const auto before = Snapshot();
  std::set<std::string> covered = ExpectEachNamed(
      *service, Cases(),
      [&](const std::string& text) {
        return absl::StrReplaceAll(
            text, {{"{C}", campaign_}, {"{A}", tester_}, {"{SH}", shipment_}});
      },
      [&](const std::string& method, const std::string& bytes) {
        return Send(method, bytes,
                    method == "ListMyShipments" ? AmbassadorCaller(tester_)
                                                : OpsCaller());
      });
  EXPECT_EQ(Send("IngestEvents", "", ServiceCaller("recruitment")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  covered.insert("IngestEvents");

  // The streams.
  {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    Stub stub(suite_->dispatch_channel());
    v1::ExportFulfilmentRequest request;
    request.set_campaign_id("x");
    auto reader = stub.ExportFulfilment(&context, request);
    v1::ExportFulfilmentResponse ignored;
    while (reader->Read(&ignored)) {
    }
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), ::testing::StartsWith("campaign_id:"));
    covered.insert("ExportFulfilment");
  }
  const auto import =
      [&](const std::vector<v1::ImportTrackingUpdatesRequest>& messages) {
        grpc::ClientContext context;
        AddBearer(context, ServiceCaller("3pl"));
        Stub stub(suite_->dispatch_channel());
        v1::ImportTrackingUpdatesResponse response;
        auto writer = stub.ImportTrackingUpdates(&context, &response);
        for (const auto& message : messages) writer->Write(message);
        writer->WritesDone();
        return writer->Finish();
      };
  v1::ImportTrackingUpdatesRequest line;
  line.add_updates()->set_shipment_id(shipment_);
  line.mutable_updates(0)->set_status(common::v1::SHIPMENT_STATUS_SHIPPED);
  grpc::Status status = import({line});  // no request_id
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("request_id:"));
  v1::ImportTrackingUpdatesRequest empty;
  empty.set_request_id("r-1");
  status = import({empty});
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("updates:"));
  v1::ImportTrackingUpdatesRequest other = line;
  other.set_request_id("r-2");
  line.set_request_id("r-1");
  status = import({line, other});
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("request_id:"));
  covered.insert("ImportTrackingUpdates");

  EXPECT_EQ(Snapshot(), before);
  // A new RPC cannot be forgotten here.
  ExpectAllCovered(*service, covered);
}

TEST_F(DispatchBadInputTest, InvalidUtf8IsRefused) {
  v1::UpdateShipmentStatusRequest request;
  request.set_request_id("r-1");
  request.set_shipment_id(shipment_);
  request.set_status(common::v1::SHIPMENT_STATUS_SHIPPED);
  request.set_carrier("dhl");
  request.set_tracking_number("\xFF\xFE");
  const auto before = Snapshot();
  const grpc::Status status =
      Send("UpdateShipmentStatus", request.SerializeAsString(), OpsCaller());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "tracking_number: not valid UTF-8");
  EXPECT_EQ(Snapshot(), before);
}

// gRPC hands a stream reader the same "no more messages" for a message that
// did not parse as for the end of the stream: the import must not take a
// malformed line for the end of the file and apply the lines before it.
TEST_F(DispatchBadInputTest, AMalformedMessageEndsTheImportWithNothingApplied) {
  const v1::ImportTrackingUpdatesRequest first = ShippedLine("T-MALFORMED");
  v1::ImportTrackingUpdatesRequest second;
  v1::TrackingUpdate* broken = second.add_updates();
  broken->set_shipment_id(shipment_);
  broken->set_status(common::v1::SHIPMENT_STATUS_DELIVERED);
  broken->set_carrier("\xFF\xFE");
  const auto before = Snapshot();

  grpc::ClientContext context;
  AddBearer(context, ServiceCaller("3pl"));
  Stub stub(suite_->dispatch_channel());
  v1::ImportTrackingUpdatesResponse response;
  auto writer = stub.ImportTrackingUpdates(&context, &response);
  writer->Write(first);
  writer->Write(second);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "updates[*].carrier: not valid UTF-8");
  EXPECT_EQ(Snapshot(), before);
}

// The same for bytes that are no message at all (not a UTF-8 complaint):
// sent raw over the socket, after a valid message, they must not read as the
// end of the file either.
TEST_F(DispatchBadInputTest,
       BytesThatAreNoMessageEndTheImportWithNothingApplied) {
  const v1::ImportTrackingUpdatesRequest first = ShippedLine("T-GARBAGE");
  const auto before = Snapshot();
  const std::string path =
      "/nanoinfluence.dispatch.v1.DispatchService/ImportTrackingUpdates";
  const std::string bearer = absl::StrCat("Bearer ", TestToken(OpsCaller()));
  for (const std::string& garbage : {
           std::string("\x12\x05"
                       "ab"),  // field 2 promises 5 bytes, has 2
           std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01"),
           std::string("\x00", 1),  // tag 0
       }) {
    grpc::GenericStub stub(suite_->dispatch_channel());
    const grpc::Status status =
        OneMessageCall({first.SerializeAsString(), garbage})
            .Run(stub, path, bearer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_THAT(status.error_message(),
                ::testing::StartsWith(
                    "request: not a valid "
                    "nanoinfluence.dispatch.v1.ImportTrackingUpdatesRequest"));
    // Garbage first: nothing before it, still not an empty file.
    const grpc::Status alone =
        OneMessageCall({garbage, first.SerializeAsString()})
            .Run(stub, path, bearer);
    EXPECT_EQ(alone.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(alone.error_message(), ::testing::StartsWith("request:"));
  }
  EXPECT_EQ(Snapshot(), before);
  // The same valid message alone is applied: the refusals were the garbage's.
  grpc::GenericStub stub(suite_->dispatch_channel());
  EXPECT_TRUE(
      OneMessageCall({first.SerializeAsString()}).Run(stub, path, bearer).ok());
  EXPECT_NE(Snapshot(), before);
}

}  // namespace
}  // namespace nanoinfluence::testing
