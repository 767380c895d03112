// The dispatch service's behaviour, one method per RPC, below the gRPC glue
// (dispatch_grpc_service.h) and above the SQL layer. Every write checks its
// caller and request first, then runs in one transaction with its events
// (the outbox) and its idempotency record; calls to recruitment and the
// tier cache happen before that transaction, never inside it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/events/intake.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/once_writer.h"
#include "libs/sql/database.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.pb.h"
#include "services/dispatch/domain/shipment_rules.h"
#include "services/dispatch/peers.h"
#include "services/dispatch/rows.h"

namespace nanoinfluence::dispatch {

using auth::Caller;

// A validated status change of one shipment (UpdateShipmentStatus, or one
// line of a tracking file).
struct StatusChange {
  common::v1::ShipmentStatus status = common::v1::SHIPMENT_STATUS_UNSPECIFIED;
  std::string carrier;          // SHIPPED only
  std::string tracking_number;  // SHIPPED only
  std::string tracking_url;     // SHIPPED only; may be empty
  absl::Time status_time;       // as the carrier reported it
  std::string note;
};

class Dispatch {
 public:
  // `testers` and `tiers` reach recruitment and the tier cache; they must
  // outlive this object. `day` is the length of the days of post deadlines
  // and reminders: 24 hours, shorter only to watch whole tests go by in a
  // demo or a test (--deadline_day).
  Dispatch(sql::Database& db, const events::Outbox& outbox,
           SelectedTesters& testers, TierLookup& tiers,
           absl::Duration day = absl::Hours(24));

  // Stock and policy (stock_rpcs.cc).
  absl::Status SetStock(const Caller& caller,
                        const v1::SetStockRequest& request,
                        v1::SetStockResponse* response);
  absl::Status AdjustStock(const Caller& caller,
                           const v1::AdjustStockRequest& request,
                           v1::AdjustStockResponse* response);
  absl::Status GetStock(const Caller& caller,
                        const v1::GetStockRequest& request,
                        v1::Stock* response);
  absl::Status ListStock(const Caller& caller,
                         const v1::ListStockRequest& request,
                         v1::ListStockResponse* response);
  absl::Status SetAllocationPolicy(
      const Caller& caller, const v1::SetAllocationPolicyRequest& request,
      v1::SetAllocationPolicyResponse* response);
  absl::Status GetAllocationPolicy(
      const Caller& caller, const v1::GetAllocationPolicyRequest& request,
      v1::AllocationPolicy* response);

  // Allocation (allocation_rpcs.cc).
  absl::Status AllocateSamples(const Caller& caller,
                               const v1::AllocateSamplesRequest& request,
                               v1::AllocateSamplesResponse* response);
  absl::Status AllocateSample(const Caller& caller,
                              const v1::AllocateSampleRequest& request,
                              v1::AllocateSampleResponse* response);

  // Shipments (shipment_rpcs.cc).
  absl::Status GetShipment(const Caller& caller,
                           const v1::GetShipmentRequest& request,
                           v1::Shipment* response);
  absl::Status ListShipments(const Caller& caller,
                             const v1::ListShipmentsRequest& request,
                             v1::ListShipmentsResponse* response);
  absl::Status ListMyShipments(const Caller& caller,
                               const v1::ListMyShipmentsRequest& request,
                               v1::ListMyShipmentsResponse* response);
  absl::Status GetProofOfReceipt(const Caller& caller,
                                 const v1::GetProofOfReceiptRequest& request,
                                 v1::ProofOfReceipt* response);

  // Status changes and tracking files (tracking.cc).
  absl::Status UpdateShipmentStatus(
      const Caller& caller, const v1::UpdateShipmentStatusRequest& request,
      v1::UpdateShipmentStatusResponse* response);
  // The whole stream, once the client half-closed.
  absl::Status ImportTrackingUpdates(
      const Caller& caller,
      const std::vector<v1::ImportTrackingUpdatesRequest>& messages,
      v1::ImportTrackingUpdatesResponse* response);

  // The 3PL's pick list (fulfilment.cc): every row, in stream order, from
  // one snapshot; the gRPC glue sends them in messages of 500.
  absl::Status ExportFulfilment(const Caller& caller,
                                const v1::ExportFulfilmentRequest& request,
                                std::vector<v1::FulfilmentRow>* rows);

  // Reminders and deadlines (test_deadlines.cc).
  absl::Status ListReminders(const Caller& caller,
                             const v1::ListRemindersRequest& request,
                             v1::ListRemindersResponse* response);
  absl::Status CloseExpiredTests(const Caller& caller,
                                 const v1::CloseExpiredTestsRequest& request,
                                 v1::CloseExpiredTestsResponse* response);

  // Events of recruitment and ugc (event_intake.cc).
  absl::Status IngestEvents(const Caller& caller,
                            const common::v1::IngestEventsRequest& request,
                            common::v1::IngestEventsResponse* response);

 private:
  using WriteBody =
      absl::FunctionRef<absl::Status(sql::Connection& tx, std::string*)>;
  absl::Status Write(const Caller& caller,
                     const google::protobuf::Message& request,
                     google::protobuf::Message* response, WriteBody body) {
    return writer_.Write(caller, request, response, body);
  }

  // Before an allocation asks recruitment anything, in one read: whether
  // the request was answered already (`response` then holds the answer),
  // else NOT_FOUND unless the caller may see the campaign, else what
  // `check` says of the campaign.
  using CampaignCheck =
      absl::FunctionRef<absl::Status(sql::Connection&, const CampaignRow&)>;
  absl::StatusOr<bool> AnsweredOrVisible(
      const Caller& caller, const google::protobuf::Message& request,
      const std::string& campaign_id, google::protobuf::Message* response,
      CampaignCheck check = [](sql::Connection&, const CampaignRow&) {
        return absl::OkStatus();
      });
  // The campaign, when `caller`'s brand owns it (or ops/service); NOT_FOUND
  // otherwise, and while recruitment's CampaignOpened has not arrived.
  absl::StatusOr<CampaignRow> LoadVisibleCampaign(
      sql::Connection& tx, const Caller& caller, absl::string_view campaign_id);
  // LoadVisibleCampaign, FAILED_PRECONDITION when it is closed.
  absl::StatusOr<CampaignRow> LoadOpenCampaign(sql::Connection& tx,
                                               const Caller& caller,
                                               absl::string_view campaign_id);
  // The campaign's stock line `sku`; NOT_FOUND when it has none.
  absl::StatusOr<v1::Stock> LoadLine(sql::Connection& tx,
                                     const CampaignRow& campaign,
                                     absl::string_view sku);
  // The open campaign's stock line `sku`; NOT_FOUND when it has none.
  absl::StatusOr<std::pair<CampaignRow, v1::Stock>> LoadOpenLine(
      sql::Connection& tx, const Caller& caller, absl::string_view campaign_id,
      absl::string_view sku);
  // The shipment, when `caller` may see it; NOT_FOUND otherwise.
  absl::StatusOr<ShipmentRow> LoadVisibleShipment(
      sql::Connection& tx, const Caller& caller, absl::string_view shipment_id);
  // Allocates `quantity` units of `line` to `tester` in `tx`: the
  // conditional decrement, the shipment, its history, its event. False when
  // units ran short (nothing written).
  absl::StatusOr<bool> AllocateOne(sql::Connection& tx,
                                   const CampaignRow& campaign,
                                   const SelectedTester& tester,
                                   common::v1::Tier tier, int quantity,
                                   int post_deadline_days, absl::Time now,
                                   v1::Stock& line, v1::Shipment* shipment);
  // Moves a shipment to `change.status` (the state machine, the stock, the
  // history, the event); `changed` false when it was already there.
  absl::Status ChangeStatus(sql::Connection& tx, const StatusChange& change,
                            ShipmentRow& row, bool* changed);
  // Writes the closing of a due test: outcome, address erased, TestClosed.
  absl::Status CloseTest(sql::Connection& tx, ShipmentRow& row,
                         common::v1::TestOutcome outcome, absl::Time now);
  absl::Status Emit(sql::Connection& tx, absl::string_view aggregate_id,
                    common::v1::Event event) const;
  absl::Status EmitStatusChanged(sql::Connection& tx, const v1::Shipment& s,
                                 common::v1::ShipmentStatus previous) const;
  absl::Status ApplyEvent(sql::Connection& tx, const common::v1::Event& event);
  // AmbassadorErased: the person's addresses and stored answers go; unsent
  // parcels return their units and close their tests.
  absl::Status EraseAmbassador(sql::Connection& tx,
                               const std::string& ambassador_id);

  sql::Database& db_;
  const events::Outbox& outbox_;
  SelectedTesters& testers_;
  TierLookup& tiers_;
  const absl::Duration day_;
  events::EventIntake intake_;
  idempotency::OnceWriter writer_;
};

}  // namespace nanoinfluence::dispatch
