#include "services/recruitment/recruitment_grpc_service.h"

#include <utility>

#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::recruitment {

absl::StatusOr<std::unique_ptr<RecruitmentGrpcService>>
RecruitmentGrpcService::Create(ServiceContext& context, ProfilePolicy policy) {
  std::unique_ptr<RecruitmentGrpcService> service(new RecruitmentGrpcService());
  service->handlers_ = &context.handlers;
  service->redis_ = std::make_unique<redis::RedisPool>(context.redis);
  service->tier_cache_ =
      std::make_unique<tiers::TierCacheWriter>(*service->redis_);
  service->core_ = std::make_unique<Recruitment>(context.db, context.outbox,
                                                 service->tier_cache_.get(),
                                                 std::move(policy));
  NANO_RETURN_IF_ERROR(service->core_->LoadIndex());
  return service;
}

}  // namespace nanoinfluence::recruitment
