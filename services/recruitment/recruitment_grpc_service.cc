#include "services/recruitment/recruitment_grpc_service.h"

namespace nanoinfluence::recruitment {

RecruitmentGrpcService::RecruitmentGrpcService(ServiceContext&) {}

}  // namespace nanoinfluence::recruitment
