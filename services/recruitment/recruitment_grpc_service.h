// The gRPC face of the recruitment service: each RPC hands the verified
// caller and the request to Recruitment (recruitment.h) and converts the
// status once. Nothing else happens here.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "libs/redis/redis_pool.h"
#include "libs/service_main/service_main.h"
#include "libs/tiers/tier_cache.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {

class RecruitmentGrpcService final
    : public v1::RecruitmentService::CallbackService {
 public:
  // Connects the tier cache and loads the eligibility index.
  static absl::StatusOr<std::unique_ptr<RecruitmentGrpcService>> Create(
      ServiceContext& context, ProfilePolicy policy);

#define NANO_RECRUITMENT_RPC(Method, Request, Response)                        \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context,       \
                                   const Request* request, Response* response) \
      override {                                                               \
    return FinishOnPool(*handlers_, context, [=, this] {                       \
      return core_->Method(auth::CallerOf(*context), *request, response);      \
    });                                                                        \
  }
  NANO_RECRUITMENT_RPC(RegisterAmbassador, v1::RegisterAmbassadorRequest,
                       v1::RegisterAmbassadorResponse)
  NANO_RECRUITMENT_RPC(GetAmbassador, v1::GetAmbassadorRequest, v1::Ambassador)
  NANO_RECRUITMENT_RPC(UpdateAmbassador, v1::UpdateAmbassadorRequest,
                       v1::UpdateAmbassadorResponse)
  NANO_RECRUITMENT_RPC(LinkSocialAccount, v1::LinkSocialAccountRequest,
                       v1::LinkSocialAccountResponse)
  NANO_RECRUITMENT_RPC(UpdateSocialAccount, v1::UpdateSocialAccountRequest,
                       v1::UpdateSocialAccountResponse)
  NANO_RECRUITMENT_RPC(UnlinkSocialAccount, v1::UnlinkSocialAccountRequest,
                       v1::UnlinkSocialAccountResponse)
  NANO_RECRUITMENT_RPC(GetTier, v1::GetTierRequest, common::v1::TierRecord)
  NANO_RECRUITMENT_RPC(BatchGetTiers, v1::BatchGetTiersRequest,
                       v1::BatchGetTiersResponse)
  NANO_RECRUITMENT_RPC(ListAmbassadors, v1::ListAmbassadorsRequest,
                       v1::ListAmbassadorsResponse)
  NANO_RECRUITMENT_RPC(EraseAmbassador, v1::EraseAmbassadorRequest,
                       v1::EraseAmbassadorResponse)
  NANO_RECRUITMENT_RPC(ExportAmbassadorData, v1::ExportAmbassadorDataRequest,
                       v1::ExportAmbassadorDataResponse)
  NANO_RECRUITMENT_RPC(CreateCampaign, v1::CreateCampaignRequest,
                       v1::CreateCampaignResponse)
  NANO_RECRUITMENT_RPC(GetCampaign, v1::GetCampaignRequest, v1::Campaign)
  NANO_RECRUITMENT_RPC(UpdateCampaign, v1::UpdateCampaignRequest,
                       v1::UpdateCampaignResponse)
  NANO_RECRUITMENT_RPC(ListCampaigns, v1::ListCampaignsRequest,
                       v1::ListCampaignsResponse)
  NANO_RECRUITMENT_RPC(OpenCampaign, v1::OpenCampaignRequest,
                       v1::OpenCampaignResponse)
  NANO_RECRUITMENT_RPC(CloseCampaign, v1::CloseCampaignRequest,
                       v1::CloseCampaignResponse)
  NANO_RECRUITMENT_RPC(CountEligibleAmbassadors,
                       v1::CountEligibleAmbassadorsRequest,
                       v1::CountEligibleAmbassadorsResponse)
  NANO_RECRUITMENT_RPC(ListOpenCampaigns, v1::ListOpenCampaignsRequest,
                       v1::ListOpenCampaignsResponse)
  NANO_RECRUITMENT_RPC(ApplyToCampaign, v1::ApplyToCampaignRequest,
                       v1::ApplyToCampaignResponse)
  NANO_RECRUITMENT_RPC(WithdrawApplication, v1::WithdrawApplicationRequest,
                       v1::WithdrawApplicationResponse)
  NANO_RECRUITMENT_RPC(ListApplications, v1::ListApplicationsRequest,
                       v1::ListApplicationsResponse)
  NANO_RECRUITMENT_RPC(InviteAmbassadors, v1::InviteAmbassadorsRequest,
                       v1::InviteAmbassadorsResponse)
  NANO_RECRUITMENT_RPC(SelectTesters, v1::SelectTestersRequest,
                       v1::SelectTestersResponse)
  NANO_RECRUITMENT_RPC(OverrideSelection, v1::OverrideSelectionRequest,
                       v1::OverrideSelectionResponse)
  NANO_RECRUITMENT_RPC(ListSelectedTesters, v1::ListSelectedTestersRequest,
                       v1::ListSelectedTestersResponse)
  NANO_RECRUITMENT_RPC(IngestEvents, common::v1::IngestEventsRequest,
                       common::v1::IngestEventsResponse)
#undef NANO_RECRUITMENT_RPC

 private:
  RecruitmentGrpcService() = default;

  BlockingPool* handlers_ = nullptr;

  std::unique_ptr<redis::RedisPool> redis_;
  std::unique_ptr<tiers::TierCacheWriter> tier_cache_;
  std::unique_ptr<Recruitment> core_;
};

}  // namespace nanoinfluence::recruitment
