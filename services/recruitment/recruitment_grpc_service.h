// The gRPC face of the recruitment service (ambassadors, consent, social
// accounts, tiers, campaigns, applications, selection). Thin glue: validate,
// call the domain, convert the status once.
//
// Every RPC answers UNIMPLEMENTED (the generated default) until the issue
// that builds the recruitment service implements it.
#pragma once

#include "libs/service_main/service_main.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"

namespace nanoinfluence::recruitment {

class RecruitmentGrpcService final
    : public v1::RecruitmentService::CallbackService {
 public:
  explicit RecruitmentGrpcService(ServiceContext& context);
};

}  // namespace nanoinfluence::recruitment
