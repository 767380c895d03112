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

  NANO_UNARY_ON_POOL(RegisterAmbassador, v1::RegisterAmbassadorRequest,
                     v1::RegisterAmbassadorResponse)
  NANO_UNARY_ON_POOL(GetAmbassador, v1::GetAmbassadorRequest, v1::Ambassador)
  NANO_UNARY_ON_POOL(UpdateAmbassador, v1::UpdateAmbassadorRequest,
                     v1::UpdateAmbassadorResponse)
  NANO_UNARY_ON_POOL(LinkSocialAccount, v1::LinkSocialAccountRequest,
                     v1::LinkSocialAccountResponse)
  NANO_UNARY_ON_POOL(UpdateSocialAccount, v1::UpdateSocialAccountRequest,
                     v1::UpdateSocialAccountResponse)
  NANO_UNARY_ON_POOL(UnlinkSocialAccount, v1::UnlinkSocialAccountRequest,
                     v1::UnlinkSocialAccountResponse)
  NANO_UNARY_ON_POOL(GetTier, v1::GetTierRequest, common::v1::TierRecord)
  NANO_UNARY_ON_POOL(BatchGetTiers, v1::BatchGetTiersRequest,
                     v1::BatchGetTiersResponse)
  NANO_UNARY_ON_POOL(ListAmbassadors, v1::ListAmbassadorsRequest,
                     v1::ListAmbassadorsResponse)
  NANO_UNARY_ON_POOL(EraseAmbassador, v1::EraseAmbassadorRequest,
                     v1::EraseAmbassadorResponse)
  NANO_UNARY_ON_POOL(ExportAmbassadorData, v1::ExportAmbassadorDataRequest,
                     v1::ExportAmbassadorDataResponse)
  NANO_UNARY_ON_POOL(CreateCampaign, v1::CreateCampaignRequest,
                     v1::CreateCampaignResponse)
  NANO_UNARY_ON_POOL(GetCampaign, v1::GetCampaignRequest, v1::Campaign)
  NANO_UNARY_ON_POOL(UpdateCampaign, v1::UpdateCampaignRequest,
                     v1::UpdateCampaignResponse)
  NANO_UNARY_ON_POOL(ListCampaigns, v1::ListCampaignsRequest,
                     v1::ListCampaignsResponse)
  NANO_UNARY_ON_POOL(OpenCampaign, v1::OpenCampaignRequest,
                     v1::OpenCampaignResponse)
  NANO_UNARY_ON_POOL(CloseCampaign, v1::CloseCampaignRequest,
                     v1::CloseCampaignResponse)
  NANO_UNARY_ON_POOL(CountEligibleAmbassadors,
                     v1::CountEligibleAmbassadorsRequest,
                     v1::CountEligibleAmbassadorsResponse)
  NANO_UNARY_ON_POOL(ListOpenCampaigns, v1::ListOpenCampaignsRequest,
                     v1::ListOpenCampaignsResponse)
  NANO_UNARY_ON_POOL(ApplyToCampaign, v1::ApplyToCampaignRequest,
                     v1::ApplyToCampaignResponse)
  NANO_UNARY_ON_POOL(WithdrawApplication, v1::WithdrawApplicationRequest,
                     v1::WithdrawApplicationResponse)
  NANO_UNARY_ON_POOL(ListApplications, v1::ListApplicationsRequest,
                     v1::ListApplicationsResponse)
  NANO_UNARY_ON_POOL(InviteAmbassadors, v1::InviteAmbassadorsRequest,
                     v1::InviteAmbassadorsResponse)
  NANO_UNARY_ON_POOL(SelectTesters, v1::SelectTestersRequest,
                     v1::SelectTestersResponse)
  NANO_UNARY_ON_POOL(OverrideSelection, v1::OverrideSelectionRequest,
                     v1::OverrideSelectionResponse)
  NANO_UNARY_ON_POOL(ListSelectedTesters, v1::ListSelectedTestersRequest,
                     v1::ListSelectedTestersResponse)
  NANO_UNARY_ON_POOL(IngestEvents, common::v1::IngestEventsRequest,
                     common::v1::IngestEventsResponse)

 private:
  RecruitmentGrpcService() = default;

  BlockingPool* handlers_ = nullptr;

  std::unique_ptr<redis::RedisPool> redis_;
  std::unique_ptr<tiers::TierCacheWriter> tier_cache_;
  std::unique_ptr<Recruitment> core_;
};

}  // namespace nanoinfluence::recruitment
