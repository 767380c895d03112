// The recruitment service under test: a real redis-server and a real
// recruitment_server process, with typed calls as any caller and builders
// of valid requests the tests then spoil one field at a time.
//
//   RecruitmentUnderTest suite;
//   auto registered = suite.Call(&Stub::RegisterAmbassador, OpsCaller(),
//                                RegisterRequest(ValidProfile("camille")));
//   EXPECT_TRUE(registered.ok());
#pragma once

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/caller.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {

namespace recruitment_v1 = ::nanoinfluence::recruitment::v1;
using RecruitmentStub = recruitment_v1::RecruitmentService::Stub;

// A call's status and, when OK, its response.
template <typename Response>
struct Answer {
  grpc::Status status;
  Response response;
  bool ok() const { return status.ok(); }
  grpc::StatusCode code() const { return status.error_code(); }
  std::string message() const { return status.error_message(); }
};

class RecruitmentUnderTest {
 public:
  // Starts Redis and the service; any failure is reported by ok().
  RecruitmentUnderTest();
  ~RecruitmentUnderTest();

  bool ok() const { return start_error_.empty(); }
  const std::string& start_error() const { return start_error_; }

  template <typename Request, typename Response>
  Answer<Response> Call(grpc::Status (RecruitmentStub::*method)(
                            grpc::ClientContext*, const Request&, Response*),
                        const auth::Caller& caller, const Request& request) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    Answer<Response> answer;
    answer.status = (stub_.get()->*method)(&context, request, &answer.response);
    return answer;
  }

  // Registers an ambassador (as ops) from ValidProfile(tag); aborts the
  // test on failure through the returned empty id.
  std::string RegisterAmbassador(const std::string& tag);
  // Links an Instagram account with `followers`.
  void LinkAccount(const std::string& ambassador_id, int64_t followers,
                   double engagement = 3);
  // Creates and opens a campaign of `brand_id` from `spec`; "" on failure.
  std::string OpenCampaign(const std::string& brand_id,
                           const recruitment_v1::CampaignSpec& spec);
  // Applies as the ambassador; the application id or "".
  std::string Apply(const std::string& ambassador_id,
                    const std::string& campaign_id);

  // Rows of a table in the service's database, read beside the service.
  int64_t CountRows(const std::string& table,
                    const std::string& where = "1 = 1") const;
  // What the service's database still holds (TestDatabaseContents).
  std::string DatabaseBytes() const;
  // Every key and value in Redis, concatenated.
  std::string RedisBytes() const;

  int redis_port() const { return redis_->port(); }
  const std::string& address() const { return process_->address(); }
  std::shared_ptr<grpc::Channel> channel() const { return process_->channel(); }

 private:
  std::string start_error_;
  std::unique_ptr<RedisServer> redis_;
  TempDir dir_;
  std::unique_ptr<ServiceProcess> process_;
  std::unique_ptr<RecruitmentStub> stub_;
};

// A unique idempotency key.
std::string NewRequestId();
// A UUID no object has.
std::string UnknownId();

// An adult in Paris with a shipping address of their own; `tag` makes the
// email, names and address unique.
recruitment_v1::AmbassadorProfile ValidProfile(const std::string& tag);
recruitment_v1::RegisterAmbassadorRequest RegisterRequest(
    const recruitment_v1::AmbassadorProfile& profile);
// A FOOD campaign in France open from an hour ago for a week, 70% nano /
// 30% micro.
recruitment_v1::CampaignSpec ValidCampaignSpec(int slots = 10);

}  // namespace nanoinfluence::testing
