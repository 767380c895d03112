// The gRPC face of the ugc service (content submission, moderation, engagement,
// live stream, syndication). Thin glue: validate, call the domain, convert the
// status once.
//
// Every RPC answers UNIMPLEMENTED (the generated default) until the issue
// that builds the ugc service implements it.
#pragma once

#include "libs/service_main/service_main.h"
#include "nanoinfluence/ugc/v1/ugc_service.grpc.pb.h"

namespace nanoinfluence::ugc {

class UgcGrpcService final : public v1::UgcService::CallbackService {
 public:
  explicit UgcGrpcService(ServiceContext& context);
};

}  // namespace nanoinfluence::ugc
