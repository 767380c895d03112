// The gRPC face of the ugc service: each unary RPC hands the verified caller
// and the request to Ugc (ugc.h) on the blocking pool and converts the
// status once; the two server streams send what Ugc gathers. Nothing else
// happens here.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "libs/auth/peer_client.h"
#include "libs/service_main/service_main.h"
#include "libs/tiers/recruitment_tier_reader.h"
#include "nanoinfluence/ugc/v1/ugc_service.grpc.pb.h"
#include "services/ugc/peers.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {

class UgcGrpcService final : public v1::UgcService::CallbackService {
 public:
  // Connects to dispatch (proof of receipt) and the tier cache.
  static absl::StatusOr<std::unique_ptr<UgcGrpcService>> Create(
      ServiceContext& context, UgcPolicy policy);

  NANO_UNARY_ON_POOL(SubmitContent, v1::SubmitContentRequest,
                     v1::SubmitContentResponse)
  NANO_UNARY_ON_POOL(GetContent, v1::GetContentRequest, v1::Content)
  NANO_UNARY_ON_POOL(ListContent, v1::ListContentRequest,
                     v1::ListContentResponse)
  NANO_UNARY_ON_POOL(ModerateContent, v1::ModerateContentRequest,
                     v1::ModerateContentResponse)
  NANO_UNARY_ON_POOL(ReportContent, v1::ReportContentRequest,
                     v1::ReportContentResponse)
  NANO_UNARY_ON_POOL(ReplyToContent, v1::ReplyToContentRequest,
                     v1::ReplyToContentResponse)
  NANO_UNARY_ON_POOL(UpdateEngagement, v1::UpdateEngagementRequest,
                     v1::UpdateEngagementResponse)
  NANO_UNARY_ON_POOL(IngestEvents, common::v1::IngestEventsRequest,
                     common::v1::IngestEventsResponse)

  // Ends the live streams with UNAVAILABLE when shutdown starts.
  void CloseStreams() { core_->CloseStreams(); }

  grpc::ServerWriteReactor<v1::WatchCampaignContentResponse>*
  WatchCampaignContent(grpc::CallbackServerContext* context,
                       const v1::WatchCampaignContentRequest* request) override;
  grpc::ServerWriteReactor<v1::StreamSyndicationFeedResponse>*
  StreamSyndicationFeed(
      grpc::CallbackServerContext* context,
      const v1::StreamSyndicationFeedRequest* request) override;

 private:
  UgcGrpcService() = default;

  BlockingPool* handlers_ = nullptr;
  std::unique_ptr<tiers::RecruitmentTierReader> tier_reader_;
  std::unique_ptr<CachedAuthorTiers> tiers_;
  std::unique_ptr<DispatchReceiptCheck> receipts_;
  std::unique_ptr<Ugc> core_;
};

}  // namespace nanoinfluence::ugc
