#include "libs/auth/caller_interceptor.h"

#include "libs/auth/bearer.h"
#include "libs/auth/caller.h"

namespace nanoinfluence::auth {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallerInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallerInterceptor(TokenVerifier& tokens) : tokens_(tokens) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Attach(*methods->GetRecvInitialMetadata());
    }
    methods->Proceed();
  }

 private:
  void Attach(std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    for (const char* key : {kRoleKey, kSubjectKey, kBrandKey, kAmbassadorKey}) {
      metadata.erase(key);
    }
    absl::StatusOr<Caller> caller = CallerFromMetadata(metadata, tokens_);
    metadata.erase(kAuthorizationKey);
    if (!caller.ok()) return;  // public method: no caller
    // The strings live in this interceptor, which lives as long as the call.
    role_ = std::string(RoleName(caller->role));
    caller_ = *std::move(caller);
    metadata.emplace(kRoleKey, role_);
    metadata.emplace(kSubjectKey, caller_.subject);
    metadata.emplace(kBrandKey, caller_.brand_id);
    metadata.emplace(kAmbassadorKey, caller_.ambassador_id);
  }

  TokenVerifier& tokens_;
  std::string role_;
  Caller caller_;
};

}  // namespace

grpc::experimental::Interceptor*
CallerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo*) {
  return new CallerInterceptor(*tokens_);
}

}  // namespace nanoinfluence::auth
