#include "tests/integration/hostile_case_runner.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
  grpc::GenericStub stub(channel_);
  OneMessageCall call(bytes);
  if (EndsOnlyWhenCancelled(method)) call.EndAfterFirstResponse();
  grpc::Status status = call.Run(
      stub,
      absl::StrCat("/", method.service()->full_name(), "/", method.name()),
      absl::StrCat("Bearer ", TestToken(caller)));
  if (response != nullptr) *response = call.first_response();
  if (call.responded() && status.error_code() == grpc::StatusCode::CANCELLED) {
    return grpc::Status::OK;  // the stream was open: accepted
  }
  return status;
}

grpc::Status HostileCaseRunner::SendValid(
    const google::protobuf::MethodDescriptor& method, const std::string& bytes,
    const auth::Caller& caller) {
  grpc::Status status = Send(method, bytes, caller);
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
    const auth::Caller& caller, const std::vector<std::string>& foreign_ids) {
  ++foreign_cases_;
  const std::string what =
      absl::StrCat(method.name(), " as another ", auth::RoleName(caller.role));
  std::string response;
  const grpc::Status status = Send(method, bytes, caller, &response);
  ++foreign_answers_[status.error_code()];
  // A write (its request carries a request_id, as the rate limit reads it)
  // must be refused; a read may answer an empty list.
  const bool write =
      method.input_type()->FindFieldByName("request_id") != nullptr;
  EXPECT_TRUE((status.ok() && !write) ||
              status.error_code() == grpc::StatusCode::NOT_FOUND ||
              status.error_code() == grpc::StatusCode::PERMISSION_DENIED)
      << what << ": answered " << status.error_code() << " \""
      << status.error_message() << "\"";
  for (const std::string& id : foreign_ids) {
    EXPECT_FALSE(absl::StrContains(response, id))
        << what << ": the answer holds the other brand's " << id;
  }
  return StillServingAndUnchanged(what, status);
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

void HostileCaseRunner::PrintSummary() const {
  std::vector<std::string> answers;
  for (const auto& [code, count] : answers_) {
    answers.push_back(absl::StrCat(code, ": ", count));
  }
  std::vector<std::string> foreign;
  for (const auto& [code, count] : foreign_answers_) {
    foreign.push_back(absl::StrCat(code, ": ", count));
  }
  std::cout << service_ << ": " << cases_ << " hostile cases; answers by code {"
            << absl::StrJoin(answers, ", ") << "}; " << foreign_cases_
            << " RPCs called as another brand, answers by code {"
            << absl::StrJoin(foreign, ", ") << "}; " << events_not_applied_
            << " events with a hostile string or enum answered OK, each "
               "rejected, none applied\n";
  for (const auto& [field, labels] : accepted_) {
    std::cout << "  accepted " << field << ": " << absl::StrJoin(labels, "; ")
              << "\n";
  }
}

}  // namespace nanoinfluence::testing
