// The bad-input matrix of QUALITY.md, generated from the contracts. Every
// RPC of every service (for a client stream, its first message) starts from
// a valid request, and every field reachable from it, into its
// sub-messages, gets the hostile values of its type (hostile_values.h), one
// per call; each RPC also gets a million-element list and a message past the
// server's receive limit. The real binaries answer over real sockets (with
// a real redis-server); every answer must keep the rule of
// hostile_answer_rule.h, the process must still serve, and a refused call
// must leave the database as it was. Every field of every request message
// must have had a case, so a new RPC or field is covered without a line
// written here (a new RPC needs its valid request in valid_requests.cc, and
// fails here until it has one).
//
// Before the hostile values, the authz row's "another brand's ids": every
// RPC a brand may call, sent with its valid request (which names one
// brand's objects) by another brand, must answer NOT_FOUND or
// PERMISSION_DENIED and change nothing.
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "nanoinfluence/common/v1/auth.pb.h"
#include "nanoinfluence/common/v1/events.pb.h"
#include "tests/harness/test_tokens.h"
#include "tests/integration/hostile_case_runner.h"
#include "tests/integration/hostile_values.h"
#include "tests/integration/matrix_world.h"
#include "tests/integration/valid_requests.h"

namespace nanoinfluence::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// Past the servers' 4 MiB receive limit (--max_message_bytes).
constexpr int kPastTheReceiveLimit = 4 * 1024 * 1024 + 1;

// An event's `type` names its payload; a case that moved the payload to
// another member of the oneof keeps them matched, so that the answer is
// about the hostile value, not about the mismatch the case made.
void MatchEventTypes(Message& request, const FieldPath& path) {
  auto* batch = dynamic_cast<common::v1::IngestEventsRequest*>(&request);
  if (batch == nullptr ||
      path.leaf().full_name() == "nanoinfluence.common.v1.Event.type") {
    return;
  }
  for (common::v1::Event& event : *batch->mutable_events()) {
    const auto* reflection = event.GetReflection();
    const auto* payload = event.GetDescriptor()->FindOneofByName("payload");
    const FieldDescriptor* member =
        reflection->GetOneofFieldDescriptor(event, payload);
    if (member != nullptr) event.set_type(member->message_type()->full_name());
  }
}

// A hostile string or enum anywhere in an event must not be applied: the
// batch is refused, or the intake rejects the event (libs/events'
// event_fields.h). Numbers are left to the rule: some hostile ones (INT32_MAX
// slots) are within what an event may carry.
Expectation ExpectationFor(const FieldPath& path) {
  const auto* message = path.steps.front()->message_type();
  const auto type = path.leaf().cpp_type();
  const bool in_an_event =
      message != nullptr && message == common::v1::Event::descriptor();
  return in_an_event && (type == FieldDescriptor::CPPTYPE_STRING ||
                         type == FieldDescriptor::CPPTYPE_ENUM)
             ? Expectation::kEventNotApplied
             : Expectation::kNamedOrHarmless;
}

// An update changes only the fields its mask names: a hostile value under
// the resource is put in the mask too, so that the update reads it. Returns
// "update_mask" when it did (a field no update may change is refused by
// naming the mask), else "".
std::string ExtendUpdateMask(Message& request, const FieldPath& path) {
  const auto* type = request.GetDescriptor();
  const FieldDescriptor* mask_field = type->FindFieldByName("update_mask");
  if (mask_field == nullptr || path.steps.size() < 2 ||
      path.steps[0] == mask_field ||
      mask_field->message_type()->full_name() != "google.protobuf.FieldMask") {
    return "";
  }
  // Paths are relative to the resource when the request holds one (a
  // campaign), to the request when it holds several (profile and consent).
  int resources = 0;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i) != mask_field && type->field(i)->message_type()) {
      ++resources;
    }
  }
  const std::string mask_path =
      resources == 1
          ? path.steps[1]->name()
          : absl::StrCat(path.steps[0]->name(), ".", path.steps[1]->name());
  auto* mask = dynamic_cast<google::protobuf::FieldMask*>(
      request.GetReflection()->MutableMessage(&request, mask_field));
  if (mask == nullptr) return "";
  mask->add_paths(mask_path);
  return "update_mask";
}

// The first string or bytes field reachable from the request, to make the
// request too large through it.
std::optional<FieldPath> FirstTextField(
    const google::protobuf::Descriptor& type) {
  for (const FieldPath& path : ReachableFields(type)) {
    if (path.leaf().cpp_type() == FieldDescriptor::CPPTYPE_STRING) return path;
  }
  return std::nullopt;
}

class HostileFieldMatrixTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fresh valid request of `method` (its own request_id and event ids),
  // parsed; nullptr after a test failure when there is none.
  std::unique_ptr<Message> Base(const MethodDescriptor& method,
                                auth::Caller* caller) {
    return ParsedValidRequest(method, world_->Ids(), absl::StrCat(++unique_),
                              caller);
  }

  // Every case of one method; false when the process stopped serving.
  bool RunMethod(const MethodDescriptor& method, HostileCaseRunner& runner,
                 std::set<const FieldDescriptor*>& covered) {
    auth::Caller caller;
    std::unique_ptr<Message> base = Base(method, &caller);
    if (base == nullptr) return true;
    const auto& roles =
        method.options().GetExtension(common::v1::access).roles();
    EXPECT_NE(std::find(roles.begin(), roles.end(), caller.role), roles.end())
        << method.full_name() << ": the base's caller may not call it";
    // The base itself is valid, so each case reaches the field it spoils.
    const grpc::Status valid =
        runner.SendValid(method, base->SerializeAsString(), caller);
    EXPECT_NE(valid.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << method.full_name() << "'s base request: " << valid.error_message();

    for (const FieldPath& path : ReachableFields(*method.input_type())) {
      for (const HostileValue& value : HostileValuesFor(path.leaf())) {
        std::unique_ptr<Message> request = Base(method, &caller);
        const Spoiled spoiled = Spoil(*request, path, value);
        const std::string mask = ExtendUpdateMask(*request, path);
        MatchEventTypes(*request, path);
        for (const FieldDescriptor* step : path.steps) covered.insert(step);
        if (!runner.Run({.method = &method,
                         .bytes = request->SerializeAsString(),
                         .caller = caller,
                         .path = path,
                         .label = value.label,
                         .also_named = {spoiled.created, mask},
                         .expectation = ExpectationFor(path)})) {
          return false;
        }
      }
    }

    std::unique_ptr<Message> request = Base(method, &caller);
    ManyElements many = WithManyElements(*request, 1'000'000);
    const std::string mask = ExtendUpdateMask(*request, many.path);
    if (!mask.empty()) many = WithManyElements(*request, 1'000'000);
    if (!many.path.steps.empty() &&
        !runner.Run({.method = &method,
                     .bytes = many.bytes,
                     .caller = caller,
                     .path = many.path,
                     .label = "a million elements",
                     .also_named = {many.created, mask},
                     .expectation = Expectation::kBounded})) {
      return false;
    }
    const std::optional<FieldPath> text = FirstTextField(*method.input_type());
    EXPECT_TRUE(text.has_value()) << method.full_name() << " has no text field";
    if (!text.has_value()) return true;
    const Spoiled spoiled = Spoil(
        *request, *text,
        {"past the receive limit", [](Message& m, const FieldDescriptor& f) {
           const std::string huge(kPastTheReceiveLimit, 'x');
           f.is_repeated() ? m.GetReflection()->AddString(&m, &f, huge)
                           : m.GetReflection()->SetString(&m, &f, huge);
         }});
    return runner.Run({.method = &method,
                       .bytes = request->SerializeAsString(),
                       .caller = caller,
                       .path = *text,
                       .label = "past the receive limit",
                       .also_named = {spoiled.created},
                       .expectation = Expectation::kTooLarge});
  }

  std::unique_ptr<MatrixWorld> world_;
  int unique_ = 0;
};

TEST_P(HostileFieldMatrixTest,
       EveryFieldOfEveryRequestHoldsAgainstHostileValues) {
  const std::string service_name = GetParam();
  world_ = std::make_unique<MatrixWorld>();
  ASSERT_TRUE(world_->ok()) << world_->error();
  const auto* service = MatrixWorld::Service(service_name);
  ASSERT_NE(service, nullptr) << service_name;

  HostileCaseRunner runner(world_->suite(), service_name);
  // Another brand first, while every object is as the world made it: each
  // valid request names brand {B}'s objects (or {B} itself).
  const std::string other_brand = events::NewEventId();
  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor& method = *service->method(i);
    const auto& roles =
        method.options().GetExtension(common::v1::access).roles();
    if (std::find(roles.begin(), roles.end(), common::v1::ROLE_BRAND) ==
        roles.end()) {
      continue;
    }
    auth::Caller ignored;
    std::unique_ptr<Message> base = Base(method, &ignored);
    ASSERT_NE(base, nullptr);
    ASSERT_TRUE(runner.RunAsAnotherTenant(
        method, base->SerializeAsString(),
        BrandCaller(other_brand, absl::StrCat("other-brand-", ++unique_)),
        world_->BrandObjectIds()));
  }

  std::set<const FieldDescriptor*> covered;
  std::set<const FieldDescriptor*> to_cover;
  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor& method = *service->method(i);
    const auto fields = FieldsToCover(*method.input_type());
    to_cover.insert(fields.begin(), fields.end());
    ASSERT_TRUE(RunMethod(method, runner, covered)) << method.full_name();
  }
  // Computed from the contracts: a field no case reached fails here.
  for (const FieldDescriptor* field : to_cover) {
    EXPECT_TRUE(covered.contains(field))
        << field->full_name() << " is reachable from a request of "
        << service->full_name() << " but had no hostile case";
  }
  EXPECT_GT(runner.cases(), service->method_count());
  runner.PrintSummary();
  std::cout << service_name << ": " << service->method_count() << " RPCs, "
            << to_cover.size() << " fields\n";
}

INSTANTIATE_TEST_SUITE_P(EachService, HostileFieldMatrixTest,
                         ::testing::Values("recruitment", "dispatch", "ugc",
                                           "kpi"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace nanoinfluence::testing
