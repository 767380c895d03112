// Sends the hostile cases of one service to its running process and judges
// each answer: the rule of hostile_answer_rule.h, the process still serving
// afterwards, and a refused call leaving the row count of every table of the
// service's database as it was. Keeps the tallies the test prints.
//
//   HostileCaseRunner runner(world.suite(), "kpi");
//   runner.Run({.method = method, .bytes = bytes, .caller = caller,
//               .path = path, .label = "NaN"});
//   runner.PrintSummary();
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/caller.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/integration/hostile_answer_rule.h"
#include "tests/integration/hostile_values.h"

namespace nanoinfluence::testing {

struct HostileCase {
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string bytes;
  auth::Caller caller;
  FieldPath path;
  // What the value is, for messages: "NaN", "a million elements".
  std::string label;
  // Paths an error may name besides the field (BreaksTheRule).
  std::vector<std::string> also_named;
  Expectation expectation = Expectation::kNamedOrHarmless;
};

class HostileCaseRunner {
 public:
  HostileCaseRunner(DispatchSuite& suite, std::string service);

  // Sends the case, records its answer and adds a test failure for each
  // rule it breaks. False once the process stopped serving (the remaining
  // cases would only repeat it).
  bool Run(const HostileCase& c);

  // Sends a valid request naming one tenant's objects as another tenant
  // (the authz row of QUALITY.md): a write naming any of `foreign_ids` must
  // answer NOT_FOUND or PERMISSION_DENIED and change nothing; a read may
  // also answer OK (a filter on another tenant's object gives an empty
  // list), and a write naming none of them (the caller's own data) may
  // succeed; no answer may hold any of `foreign_ids`. With
  // `names_other_tenant` (its tenant field, brand_id or ambassador_id, names
  // another tenant than the caller's) the answer must be PERMISSION_DENIED,
  // as docs/security.md's tenancy rule says. `response`, when given,
  // receives the first response's bytes. False once the process stopped
  // serving.
  bool RunAsAnotherTenant(const google::protobuf::MethodDescriptor& method,
                          const std::string& bytes, const auth::Caller& caller,
                          const std::vector<std::string>& foreign_ids,
                          bool names_other_tenant = false,
                          std::string* response = nullptr);

  // Sends a valid request with the header `authorization` ("" for none),
  // which must be refused with `expected` and change nothing: a token or a
  // role the method does not accept. False once the process stopped
  // serving.
  bool RunRefused(const google::protobuf::MethodDescriptor& method,
                  const std::string& bytes, const std::string& authorization,
                  grpc::StatusCode expected, const std::string& what);

  // The existence oracle: the same request naming another tenant's object
  // (`foreign_bytes`, holding `foreign_id`) and an id of the same format
  // that names nothing (`missing_bytes`, holding `missing_id`) must get the
  // same code, message and response once the id is substituted, and change
  // nothing when refused. False once the process stopped serving.
  bool RunForeignAgainstMissing(
      const google::protobuf::MethodDescriptor& method,
      const std::string& foreign_bytes, const std::string& missing_bytes,
      const auth::Caller& caller, const std::string& foreign_id,
      const std::string& missing_id);

  // Sends a valid request and returns the answer, for checking a base; what
  // it wrote is the new baseline of the row counts.
  grpc::Status SendValid(const google::protobuf::MethodDescriptor& method,
                         const std::string& bytes, const auth::Caller& caller,
                         std::string* response = nullptr);

  int cases() const { return cases_; }
  int foreign_cases() const { return foreign_cases_; }
  int refused_cases() const { return refused_cases_; }
  int oracle_pairs() const { return oracle_pairs_; }
  // "12 cases: OK 3, INVALID_ARGUMENT 9" and the values accepted, field by
  // field, for the record in docs/reliability.md.
  void PrintSummary() const;
  // The tallies of the authz cases (tokens, roles, other tenants, foreign
  // against missing ids), for docs/security.md.
  void PrintAuthzSummary() const;

 private:
  std::map<std::string, int64_t> RowCounts() const;
  // `response`, when given, receives the first response's bytes.
  grpc::Status Send(const google::protobuf::MethodDescriptor& method,
                    const std::string& bytes, const auth::Caller& caller,
                    std::string* response = nullptr);
  grpc::Status SendWithHeader(const google::protobuf::MethodDescriptor& method,
                              const std::string& bytes,
                              const std::string& authorization,
                              std::string* response = nullptr);

  DispatchSuite& suite_;
  const std::string service_;
  std::shared_ptr<grpc::Channel> channel_;
  std::map<std::string, int64_t> rows_;
  // Judges what every case shares: the process still serves, and a refused
  // call changed no row count. False once the process stopped serving.
  // `recorded`, when set, is a table that may gain one row although
  // nothing else may change (an event's rejection is recorded).
  bool StillServingAndUnchanged(const std::string& what,
                                const grpc::Status& status,
                                const std::string& recorded = "");
  // For kEventNotApplied: the OK answer applied nothing.
  void ExpectNotApplied(const std::string& what, const std::string& response);

  int cases_ = 0;
  int foreign_cases_ = 0;
  int events_not_applied_ = 0;
  std::map<grpc::StatusCode, int> answers_;
  std::map<grpc::StatusCode, int> foreign_answers_;
  int refused_cases_ = 0;
  std::map<grpc::StatusCode, int> refused_answers_;
  int oracle_pairs_ = 0;
  std::map<grpc::StatusCode, int> oracle_answers_;
  // "Method field" -> the hostile values it accepted.
  std::map<std::string, std::vector<std::string>> accepted_;
};

}  // namespace nanoinfluence::testing
