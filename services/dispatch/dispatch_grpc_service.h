// The gRPC face of the dispatch service (sample stock, allocation, shipments,
// tracking, reminders, deadlines). Thin glue: validate, call the domain,
// convert the status once.
//
// Every RPC answers UNIMPLEMENTED (the generated default) until the issue
// that builds the dispatch service implements it.
#pragma once

#include "libs/service_main/service_main.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"

namespace nanoinfluence::dispatch {

class DispatchGrpcService final : public v1::DispatchService::CallbackService {
 public:
  explicit DispatchGrpcService(ServiceContext& context);
};

}  // namespace nanoinfluence::dispatch
