#include "libs/tiers/tier_source.h"

#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "libs/suite/peer_calls.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"

namespace nanoinfluence::tiers {

using recruitment::v1::RecruitmentService;

absl::StatusOr<common::v1::TierRecord> RecruitmentTierSource::Get(
    const std::string& ambassador_id) {
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context,
                        recruitment_.NewCall(kTierLookupDeadline));
  recruitment::v1::GetTierRequest request;
  request.set_ambassador_id(ambassador_id);
  common::v1::TierRecord record;
  NANO_RETURN_IF_ERROR(
      FromGrpcStatus(RecruitmentService::NewStub(recruitment_.channel())
                         ->GetTier(context.get(), request, &record)));
  return record;
}

absl::StatusOr<std::vector<common::v1::TierRecord>>
RecruitmentTierSource::GetMany(const std::vector<std::string>& ambassador_ids) {
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context,
                        recruitment_.NewCall(kTierLookupDeadline));
  recruitment::v1::BatchGetTiersRequest request;
  for (const std::string& id : ambassador_ids) {
    request.add_ambassador_ids(id);
  }
  recruitment::v1::BatchGetTiersResponse response;
  NANO_RETURN_IF_ERROR(
      FromGrpcStatus(RecruitmentService::NewStub(recruitment_.channel())
                         ->BatchGetTiers(context.get(), request, &response)));
  return std::vector<common::v1::TierRecord>(response.records().begin(),
                                             response.records().end());
}

}  // namespace nanoinfluence::tiers
