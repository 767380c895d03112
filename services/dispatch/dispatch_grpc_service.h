// The gRPC face of the dispatch service: each RPC hands the verified caller
// and the request to Dispatch (dispatch.h) and converts the status once.
// The two streams gather or send messages here; nothing else happens here.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "libs/auth/peer_client.h"
#include "libs/service_main/service_main.h"
#include "libs/tiers/recruitment_tier_reader.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "services/dispatch/dispatch.h"
#include "services/dispatch/peers.h"

namespace nanoinfluence::dispatch {

// ImportTrackingUpdates reads raw bytes, to tell a message that does not
// parse from the end of the stream (libs/server's ParseStreamMessage).
class DispatchGrpcService final
    : public v1::DispatchService::WithRawCallbackMethod_ImportTrackingUpdates<
          v1::DispatchService::CallbackService> {
 public:
  // Connects to recruitment (selected testers, tiers) and the tier cache.
  static absl::StatusOr<std::unique_ptr<DispatchGrpcService>> Create(
      ServiceContext& context, absl::Duration deadline_day);

  NANO_UNARY_ON_POOL(SetStock, v1::SetStockRequest, v1::SetStockResponse)
  NANO_UNARY_ON_POOL(AdjustStock, v1::AdjustStockRequest,
                     v1::AdjustStockResponse)
  NANO_UNARY_ON_POOL(GetStock, v1::GetStockRequest, v1::Stock)
  NANO_UNARY_ON_POOL(ListStock, v1::ListStockRequest, v1::ListStockResponse)
  NANO_UNARY_ON_POOL(SetAllocationPolicy, v1::SetAllocationPolicyRequest,
                     v1::SetAllocationPolicyResponse)
  NANO_UNARY_ON_POOL(GetAllocationPolicy, v1::GetAllocationPolicyRequest,
                     v1::AllocationPolicy)
  NANO_UNARY_ON_POOL(AllocateSamples, v1::AllocateSamplesRequest,
                     v1::AllocateSamplesResponse)
  NANO_UNARY_ON_POOL(AllocateSample, v1::AllocateSampleRequest,
                     v1::AllocateSampleResponse)
  NANO_UNARY_ON_POOL(GetShipment, v1::GetShipmentRequest, v1::Shipment)
  NANO_UNARY_ON_POOL(ListShipments, v1::ListShipmentsRequest,
                     v1::ListShipmentsResponse)
  NANO_UNARY_ON_POOL(ListMyShipments, v1::ListMyShipmentsRequest,
                     v1::ListMyShipmentsResponse)
  NANO_UNARY_ON_POOL(UpdateShipmentStatus, v1::UpdateShipmentStatusRequest,
                     v1::UpdateShipmentStatusResponse)
  NANO_UNARY_ON_POOL(GetProofOfReceipt, v1::GetProofOfReceiptRequest,
                     v1::ProofOfReceipt)
  NANO_UNARY_ON_POOL(ListReminders, v1::ListRemindersRequest,
                     v1::ListRemindersResponse)
  NANO_UNARY_ON_POOL(CloseExpiredTests, v1::CloseExpiredTestsRequest,
                     v1::CloseExpiredTestsResponse)
  NANO_UNARY_ON_POOL(IngestEvents, common::v1::IngestEventsRequest,
                     common::v1::IngestEventsResponse)

  grpc::ServerWriteReactor<v1::ExportFulfilmentResponse>* ExportFulfilment(
      grpc::CallbackServerContext* context,
      const v1::ExportFulfilmentRequest* request) override;
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportTrackingUpdates(
      grpc::CallbackServerContext* context,
      grpc::ByteBuffer* response) override;

 private:
  DispatchGrpcService() = default;
  BlockingPool* handlers_ = nullptr;

  std::unique_ptr<tiers::RecruitmentTierReader> tier_reader_;
  std::unique_ptr<CachedTierLookup> tiers_;
  std::unique_ptr<RecruitmentSelectedTesters> testers_;
  std::unique_ptr<Dispatch> core_;
};

}  // namespace nanoinfluence::dispatch
