#include "services/ugc/ugc_grpc_service.h"

namespace nanoinfluence::ugc {

UgcGrpcService::UgcGrpcService(ServiceContext&) {}

}  // namespace nanoinfluence::ugc
