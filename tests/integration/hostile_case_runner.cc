#include "tests/integration/hostile_case_runner.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/probe/health_probe.h"
#include "nanoinfluence/common/v1/events.pb.h"
#include "tests/harness/one_message_call.h"
#include "tests/harness/test_database.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

std::string Difference(const std::map<std::string, int64_t>& before,
                       const std::map<std::string, int64_t>& after) {
  std::vector<std::string> changed;
  for (const auto& [table, rows] : after) {
    const auto was = before.find(table);
    const int64_t old = was == before.end() ? -1 : was->second;
    if (old != rows)
      changed.push_back(absl::StrCat(table, " ", old, "->", rows));
  }
  return absl::StrJoin(changed, ", ");
}

// Watches run until the client leaves: their first message shows the call
// was accepted, and waiting for more would only wait.
bool EndsOnlyWhenCancelled(const google::protobuf::MethodDescriptor& method) {
  return method.server_streaming() && absl::StartsWith(method.name(), "Watch");
}

}  // namespace

HostileCaseRunner::HostileCaseRunner(DispatchSuite& suite, std::string service)
    : suite_(suite),
      service_(std::move(service)),
      channel_(suite.ChannelTo(service_)),
      rows_(RowCounts()) {}

std::map<std::string, int64_t> HostileCaseRunner::RowCounts() const {
  return TestDatabaseRowCounts(suite_.DataDirOf(service_), service_);
}

grpc::Status HostileCaseRunner::Send(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const auth::Caller& caller, std::string* response) {
  return SendWithHeader(method, bytes,
                        absl::StrCat("Bearer ", TestToken(caller)), response);
}

grpc::Status HostileCaseRunner::SendWithHeader(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const std::string& authorization, std::string* response) {
  grpc::GenericStub stub(channel_);
  OneMessageCall call(bytes);
  if (EndsOnlyWhenCancelled(method)) call.EndAfterFirstResponse();
  grpc::Status status = call.Run(
      stub,
      absl::StrCat("/", method.service()->full_name(), "/", method.name()),
      authorization);
  if (response != nullptr) *response = call.first_response();
  if (call.responded() && status.error_code() == grpc::StatusCode::CANCELLED) {
    return grpc::Status::OK;  // the stream was open: accepted
  }
  return status;
}

grpc::Status HostileCaseRunner::SendValid(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const auth::Caller& caller, std::string* response) {
  grpc::Status status = Send(method, bytes, caller, response);
  rows_ = RowCounts();
  return status;
}

bool HostileCaseRunner::Run(const HostileCase& c) {
  ++cases_;
  const std::string what =
      absl::StrCat(c.method->name(), " ", c.path.Text(), " = ", c.label);
  std::string response;
  const grpc::Status status = Send(*c.method, c.bytes, c.caller, &response);
  ++answers_[status.error_code()];
  const std::string broken =
      BreaksTheRule(status, c.path, c.also_named, c.expectation);
  EXPECT_EQ(broken, "") << what;
  if (status.ok() && c.expectation == Expectation::kEventNotApplied) {
    ExpectNotApplied(what, response);
    return StillServingAndUnchanged(what, status, "applied_events");
  }
  if (status.ok())
    accepted_[absl::StrCat(c.method->name(), " ", c.path.Text())].push_back(
        c.label);
  return StillServingAndUnchanged(what, status);
}

void HostileCaseRunner::ExpectNotApplied(const std::string& what,
                                         const std::string& response) {
  ++events_not_applied_;
  common::v1::IngestEventsResponse answer;
  EXPECT_TRUE(answer.ParseFromString(response)) << what;
  EXPECT_EQ(answer.applied_event_ids_size(), 0)
      << what << ": the event was applied";
  EXPECT_EQ(
      answer.rejected_event_ids_size() + answer.duplicate_event_ids_size(), 1)
      << what << ": " << answer.ShortDebugString();
}

bool HostileCaseRunner::RunAsAnotherTenant(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const auth::Caller& caller, const std::vector<std::string>& foreign_ids,
    bool names_other_tenant, std::string* answer) {
  ++foreign_cases_;
  const std::string what = absl::StrCat(
      method.name(), " as another ", auth::RoleName(caller.role),
      names_other_tenant ? " naming the other tenant in its tenant field" : "");
  std::string response;
  const grpc::Status status = Send(method, bytes, caller, &response);
  ++foreign_answers_[status.error_code()];
  // A request naming another tenant's object must be refused, but for a
  // read (no request_id, as the rate limit reads it), which may answer an
  // empty list; one naming only the caller's own data may answer anything
  // (checked by the tests of its service).
  const bool write =
      method.input_type()->FindFieldByName("request_id") != nullptr;
  const bool names_foreign = std::any_of(
      foreign_ids.begin(), foreign_ids.end(),
      [&](const std::string& id) { return absl::StrContains(bytes, id); });
  const bool refused =
      status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
  const bool acceptable =
      names_other_tenant
          ? status.error_code() == grpc::StatusCode::PERMISSION_DENIED
      : names_foreign ? refused || (status.ok() && !write)
                      : true;
  EXPECT_TRUE(acceptable) << what << ": answered " << status.error_code()
                          << " \"" << status.error_message() << "\"";
  for (const std::string& id : foreign_ids) {
    EXPECT_FALSE(absl::StrContains(response, id))
        << what << ": the answer holds the other tenant's " << id;
  }
  if (answer != nullptr) *answer = response;
  return StillServingAndUnchanged(what, status);
}

bool HostileCaseRunner::RunRefused(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const std::string& authorization, grpc::StatusCode expected,
    const std::string& what) {
  ++refused_cases_;
  const grpc::Status status = SendWithHeader(method, bytes, authorization);
  ++refused_answers_[status.error_code()];
  EXPECT_EQ(status.error_code(), expected)
      << method.name() << " " << what << ": answered \""
      << status.error_message() << "\"";
  return StillServingAndUnchanged(absl::StrCat(method.name(), " ", what),
                                  status);
}

bool HostileCaseRunner::RunForeignAgainstMissing(
    const google::protobuf::MethodDescriptor& method,
    const std::string& foreign_bytes, const std::string& missing_bytes,
    const auth::Caller& caller, const std::string& foreign_id,
    const std::string& missing_id) {
  ++oracle_pairs_;
  const std::string what = absl::StrCat(
      method.name(), " as another ", auth::RoleName(caller.role), " naming ",
      foreign_id, " (existing) or ", missing_id, " (missing)");
  std::string foreign_response;
  const grpc::Status foreign =
      Send(method, foreign_bytes, caller, &foreign_response);
  if (!StillServingAndUnchanged(what, foreign)) return false;
  std::string missing_response;
  const grpc::Status missing =
      Send(method, missing_bytes, caller, &missing_response);
  ++oracle_answers_[missing.error_code()];
  // The message once the existing id is replaced by the missing one: an
  // answer that differs in anything else tells the caller the id exists.
  EXPECT_EQ(foreign.error_code(), missing.error_code()) << what;
  EXPECT_EQ(
      absl::StrReplaceAll(foreign.error_message(), {{foreign_id, missing_id}}),
      missing.error_message())
      << what;
  EXPECT_EQ(absl::StrReplaceAll(foreign_response, {{foreign_id, missing_id}}),
            missing_response)
      << what << ": the answers differ";
  return StillServingAndUnchanged(what, missing);
}

bool HostileCaseRunner::StillServingAndUnchanged(const std::string& what,
                                                 const grpc::Status& status,
                                                 const std::string& recorded) {
  auto health = CheckHealth(channel_, "", absl::Seconds(10));
  const bool serving =
      health.ok() && *health == grpc::health::v1::HealthCheckResponse::SERVING;
  EXPECT_TRUE(serving) << service_ << " stopped serving after " << what << ": "
                       << health.status();
  if (!serving) return false;

  std::map<std::string, int64_t> rows = RowCounts();
  EXPECT_FALSE(rows.empty()) << service_ << "'s database could not be read";
  if (!recorded.empty()) {
    const int64_t more = rows[recorded] - rows_[recorded];
    EXPECT_TRUE(more == 0 || more == 1)
        << what << ": " << more << " rows more in " << recorded;
    std::map<std::string, int64_t> others = rows;
    others[recorded] = rows_[recorded];
    EXPECT_EQ(others, rows_) << what << " was not applied, yet changed "
                             << Difference(rows_, others);
  } else if (!status.ok()) {
    EXPECT_EQ(rows, rows_) << what << " was refused (" << status.error_code()
                           << " \"" << status.error_message()
                           << "\") yet changed " << Difference(rows_, rows);
  }
  rows_ = std::move(rows);
  return true;
}

namespace {

std::string ByCode(const std::map<grpc::StatusCode, int>& answers) {
  std::vector<std::string> parts;
  for (const auto& [code, count] : answers) {
    parts.push_back(absl::StrCat(code, ": ", count));
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

}  // namespace

void HostileCaseRunner::PrintAuthzSummary() const {
  std::cout << service_ << ": " << refused_cases_
            << " token and role cases, answers by code "
            << ByCode(refused_answers_) << "; " << foreign_cases_
            << " calls as another tenant " << ByCode(foreign_answers_) << "; "
            << oracle_pairs_ << " existing/missing id pairs, answers by code "
            << ByCode(oracle_answers_) << "\n";
}

void HostileCaseRunner::PrintSummary() const {
  std::cout << service_ << ": " << cases_ << " hostile cases; answers by code "
            << ByCode(answers_) << "; " << foreign_cases_
            << " RPCs called as another brand, answers by code "
            << ByCode(foreign_answers_) << "; " << events_not_applied_
            << " events with a hostile string or enum answered OK, each "
               "rejected, none applied\n";
  for (const auto& [field, labels] : accepted_) {
    std::cout << "  accepted " << field << ": " << absl::StrJoin(labels, "; ")
              << "\n";
  }
}

}  // namespace nanoinfluence::testing
