#include "services/dispatch/dispatch_grpc_service.h"

namespace nanoinfluence::dispatch {

DispatchGrpcService::DispatchGrpcService(ServiceContext&) {}

}  // namespace nanoinfluence::dispatch
