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

  // Sends a valid request naming one brand's objects as another brand (the
  // authz row of QUALITY.md): the answer must be NOT_FOUND or
  // PERMISSION_DENIED and change nothing, or, for a read whose contract
  // says a filter on another tenant's object gives an empty list, OK
  // holding none of `foreign_ids`. False once the process stopped serving.
  bool RunAsAnotherTenant(const google::protobuf::MethodDescriptor& method,
                          const std::string& bytes, const auth::Caller& caller,
                          const std::vector<std::string>& foreign_ids);

  // Sends a valid request and returns the answer, for checking a base; what
  // it wrote is the new baseline of the row counts.
  grpc::Status SendValid(const google::protobuf::MethodDescriptor& method,
                         const std::string& bytes, const auth::Caller& caller);

  int cases() const { return cases_; }
  int foreign_cases() const { return foreign_cases_; }
  // "12 cases: OK 3, INVALID_ARGUMENT 9" and the values accepted, field by
  // field, for the record in docs/reliability.md.
  void PrintSummary() const;

 private:
  std::map<std::string, int64_t> RowCounts() const;
  // `response`, when given, receives the first response's bytes.
  grpc::Status Send(const google::protobuf::MethodDescriptor& method,
                    const std::string& bytes, const auth::Caller& caller,
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
  // "Method field" -> the hostile values it accepted.
  std::map<std::string, std::vector<std::string>> accepted_;
};

}  // namespace nanoinfluence::testing
