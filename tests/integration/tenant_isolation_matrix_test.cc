// QUALITY.md's authz row, generated from the contracts. Every RPC of every
// service gets its valid request (valid_requests.cc, naming the objects of
// one brand and its ambassadors, matrix_world.h), sent over real sockets to
// the real binaries:
//
// - with each token that must be refused (none, not a bearer, malformed,
//   bad signature, expired, wrong audience, wrong issuer): UNAUTHENTICATED;
// - by each role its policy does not list, acting for the objects' own
//   tenant: PERMISSION_DENIED;
// - where brands may call it, by another brand; where ambassadors may, by
//   another ambassador (a tester of the same campaign): a write naming the
//   other tenant's objects is NOT_FOUND or PERMISSION_DENIED, a read may
//   answer an empty list, and no answer holds the other tenant's ids;
// - with the request's own tenant field (`brand_id`, `ambassador_id`) set to
//   the other tenant: refused; set to the caller's own id while the rest
//   names the other tenant's objects: as above;
// - for every id of the other tenant the request holds, again with an id of
//   the same format that names nothing: the same code, message and answer
//   once the id is substituted, so ids cannot be probed.
//
// Every refused call must keep the process serving and leave every table's
// row count as it was. The coverage is computed from the descriptors: an RPC
// without its cases fails here, so a new RPC cannot be forgotten.
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "nanoinfluence/common/v1/auth.pb.h"
#include "tests/harness/test_tokens.h"
#include "tests/integration/hostile_case_runner.h"
#include "tests/integration/matrix_world.h"
#include "tests/integration/refused_tokens.h"
#include "tests/integration/valid_requests.h"

namespace nanoinfluence::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

bool Admits(const MethodDescriptor& method, common::v1::Role role) {
  const auto& roles = method.options().GetExtension(common::v1::access).roles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// Fields of the request set to other values, by name (top-level string
// fields; a request without the first has no such case, one without a
// later one is sent without it).
struct Variant {
  std::vector<std::pair<std::string, std::string>> fields;
  // Whether the first field names the tenant (brand_id, ambassador_id): the
  // answer must then be PERMISSION_DENIED.
  bool names_other_tenant = false;
};

const FieldDescriptor* StringField(const google::protobuf::Descriptor& type,
                                   const std::string& name) {
  const FieldDescriptor* field = type.FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return nullptr;
  }
  return field;
}

// Another tenant of one kind, the ids (of the world's tenant and its
// objects) it must never act on or see, and the variants of each request it
// sends besides the valid request itself.
struct Stranger {
  auth::Caller caller;
  std::vector<std::string> foreign_ids;
  std::vector<Variant> variants;
};

// One call's request: the serialized message and the request id inside it.
struct Request {
  std::string bytes;
  std::string request_id;
};

class TenantIsolationMatrixTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fresh valid request of `method` with `edit` applied; nullopt after a
  // test failure when there is none.
  std::optional<Request> Make(
      const MethodDescriptor& method,
      const std::function<void(Message&)>& edit = [](Message&) {}) {
    // Fixed width: a request id swapped for another keeps the message's
    // length (RunPairs substitutes inside the serialized bytes).
    const std::string unique = absl::StrFormat("%06d", ++unique_);
    auth::Caller ignored;
    std::unique_ptr<Message> request =
        ParsedValidRequest(method, world_->Ids(), unique, &ignored);
    if (request == nullptr) return std::nullopt;
    edit(*request);
    return Request{request->SerializeAsString(),
                   absl::StrCat("matrix-", unique)};
  }

  // The owner's tenant under every role the policy does not list.
  bool RunTokensAndRoles(const MethodDescriptor& method) {
    const std::optional<Request> request = Make(method);
    if (!request.has_value()) return true;
    for (const auto& [name, header] : RefusedAuthorizations()) {
      ++cases_[method.full_name()];
      if (!runner_->RunRefused(method, request->bytes, header,
                               grpc::StatusCode::UNAUTHENTICATED, name)) {
        return false;
      }
    }
    const auto& ids = world_->Ids();
    const std::string subject = absl::StrCat("matrix-roles-", unique_);
    for (const auth::Caller& caller :
         {OpsCaller(subject), BrandCaller(ids.at("{B}"), subject),
          AmbassadorCaller(ids.at("{T0}")), ServiceCaller(subject)}) {
      if (Admits(method, caller.role)) continue;
      ++cases_[method.full_name()];
      if (!runner_->RunRefused(
              method, request->bytes, Bearer(*TestTokenSettings(), caller),
              grpc::StatusCode::PERMISSION_DENIED,
              absl::StrCat("as role ", auth::RoleName(caller.role)))) {
        return false;
      }
    }
    return true;
  }

  // The request as the stranger, then each of its variants, each followed
  // by its existing/missing id pairs.
  bool RunAsStranger(const MethodDescriptor& method, const Stranger& stranger) {
    std::vector<std::pair<std::optional<Request>, bool>> requests = {
        {Make(method), false}};
    const google::protobuf::Descriptor& type = *method.input_type();
    for (const Variant& variant : stranger.variants) {
      if (StringField(type, variant.fields.front().first) == nullptr) continue;
      auto edit = [&type, &variant](Message& m) {
        for (const auto& [name, value] : variant.fields) {
          const FieldDescriptor* field = StringField(type, name);
          if (field != nullptr) m.GetReflection()->SetString(&m, field, value);
        }
      };
      requests.push_back({Make(method, edit), variant.names_other_tenant});
    }
    for (const auto& [request, names_other_tenant] : requests) {
      if (!request.has_value()) return true;
      ++cases_[method.full_name()];
      if (!runner_->RunAsAnotherTenant(method, request->bytes, stranger.caller,
                                       stranger.foreign_ids,
                                       names_other_tenant)) {
        return false;
      }
      if (!RunPairs(method, *request, stranger)) return false;
    }
    return true;
  }

  // The owner of the request's objects naming another tenant in the
  // request's tenant field: PERMISSION_DENIED all the same (a handler that
  // reads the field only when no object is named would let it through).
  bool RunOwnerNamingAnotherTenant(const MethodDescriptor& method) {
    const auto& ids = world_->Ids();
    const std::string subject = absl::StrCat("matrix-owner-", ++unique_);
    auth::Caller tester = AmbassadorCaller(ids.at("{T0}"));
    tester.subject = subject;
    const std::vector<
        std::tuple<common::v1::Role, auth::Caller, std::string, std::string>>
        owners = {{common::v1::ROLE_BRAND, BrandCaller(ids.at("{B}"), subject),
                   "brand_id", other_brand_},
                  {common::v1::ROLE_AMBASSADOR, tester, "ambassador_id",
                   ids.at("{T1}")}};
    for (const auto& [role, owner, field_name, other_tenant] : owners) {
      const FieldDescriptor* field =
          StringField(*method.input_type(), field_name);
      if (!Admits(method, role) || field == nullptr) continue;
      // A named copy: clang 14 cannot capture a structured binding.
      const std::string& other = other_tenant;
      const std::optional<Request> request =
          Make(method, [field, &other](Message& m) {
            m.GetReflection()->SetString(&m, field, other);
          });
      if (!request.has_value()) return true;
      ++cases_[method.full_name()];
      if (!runner_->RunAsAnotherTenant(method, request->bytes, owner, {other},
                                       true)) {
        return false;
      }
    }
    return true;
  }

  // A write the owner made, sent again with the same request_id by another
  // tenant under the same subject (one person may work for two brands):
  // the other tenant must get an answer of its own, never the owner's
  // stored one. Runs last, as the owner's writes change the world.
  bool RunReplayByAnotherTenant(const MethodDescriptor& method) {
    if (method.input_type()->FindFieldByName("request_id") == nullptr) {
      return true;
    }
    const auto& ids = world_->Ids();
    const std::string subject = absl::StrCat("matrix-replay-", ++unique_);
    auth::Caller first_tester = AmbassadorCaller(ids.at("{T0}"));
    auth::Caller second_tester = AmbassadorCaller(ids.at("{T1}"));
    first_tester.subject = second_tester.subject = subject;
    const std::vector<std::tuple<common::v1::Role, auth::Caller, auth::Caller,
                                 std::vector<std::string>>>
        pairs = {{common::v1::ROLE_BRAND, BrandCaller(ids.at("{B}"), subject),
                  BrandCaller(other_brand_, subject), world_->BrandObjectIds()},
                 {common::v1::ROLE_AMBASSADOR, first_tester, second_tester,
                  world_->OtherAmbassadorsObjectIds()}};
    for (const auto& [role, owner, stranger, foreign_ids] : pairs) {
      if (!Admits(method, role)) continue;
      const std::optional<Request> request = Make(method);
      if (!request.has_value()) return true;
      std::string owners_answer;
      const grpc::Status owners =
          runner_->SendValid(method, request->bytes, owner, &owners_answer);
      std::string answer;
      ++cases_[method.full_name()];
      if (!runner_->RunAsAnotherTenant(method, request->bytes, stranger,
                                       foreign_ids, false, &answer)) {
        return false;
      }
      if (owners.ok() && !owners_answer.empty()) {
        EXPECT_NE(answer, owners_answer)
            << method.full_name() << ": another " << auth::RoleName(role)
            << " replaying the request_id got the owner's stored answer";
      }
    }
    return true;
  }

  // For each of the owner's ids the request holds, the request again with
  // an id of the same format (a fresh UUIDv7, as every id of the suite) and
  // its own request id.
  bool RunPairs(const MethodDescriptor& method, const Request& request,
                const Stranger& stranger) {
    for (const std::string& id : stranger.foreign_ids) {
      if (!absl::StrContains(request.bytes, id)) continue;
      const std::string missing = events::NewEventId();
      // Same lengths, so the serialized message stays well formed.
      const std::string other_request_id = absl::StrCat(
          "matrix-", absl::StrFormat("%06d", 900000 + ++unique_ % 100000));
      const std::string missing_bytes = absl::StrReplaceAll(
          request.bytes,
          {{id, missing}, {request.request_id, other_request_id}});
      ++pairs_[method.full_name()];
      if (!runner_->RunForeignAgainstMissing(method, request.bytes,
                                             missing_bytes, stranger.caller, id,
                                             missing)) {
        return false;
      }
    }
    return true;
  }

  std::vector<Stranger> StrangersFor(const MethodDescriptor& method) {
    const auto& ids = world_->Ids();
    std::vector<Stranger> strangers;
    const std::string subject = absl::StrCat("matrix-stranger-", ++unique_);
    if (Admits(method, common::v1::ROLE_BRAND)) {
      // Its own brand id in a request naming the other brand's objects is
      // not a way in either.
      strangers.push_back({BrandCaller(other_brand_, subject),
                           world_->BrandObjectIds(),
                           {{{{"brand_id", ids.at("{B}")}}, true},
                            {{{"brand_id", other_brand_}}}}});
    }
    if (Admits(method, common::v1::ROLE_AMBASSADOR)) {
      // A tester of the same campaign: only ownership stands between them.
      // A draft campaign is visible to no ambassador (asked for as
      // themself: an empty ambassador_id).
      auth::Caller tester = AmbassadorCaller(ids.at("{T1}"));
      tester.subject = subject;
      std::vector<std::string> foreign = world_->OtherAmbassadorsObjectIds();
      foreign.push_back(ids.at("{D}"));
      strangers.push_back(
          {tester,
           foreign,
           {{{{"ambassador_id", ids.at("{T0}")}}, true},
            {{{"campaign_id", ids.at("{D}")}, {"ambassador_id", ""}}}}});
    }
    return strangers;
  }

  std::unique_ptr<MatrixWorld> world_;
  std::unique_ptr<HostileCaseRunner> runner_;
  const std::string other_brand_ = events::NewEventId();
  int unique_ = 0;
  // Method -> its token, role and stranger cases; its id pairs.
  std::map<std::string, int> cases_;
  std::map<std::string, int> pairs_;
};

TEST_P(TenantIsolationMatrixTest, EveryRpcKeepsEveryTenantApart) {
  const std::string service_name = GetParam();
  world_ = std::make_unique<MatrixWorld>();
  ASSERT_TRUE(world_->ok()) << world_->error();
  const auto* service = MatrixWorld::Service(service_name);
  ASSERT_NE(service, nullptr) << service_name;
  runner_ = std::make_unique<HostileCaseRunner>(world_->suite(), service_name);

  // Every refused token and role first, while the world is as it was made.
  for (int i = 0; i < service->method_count(); ++i) {
    ASSERT_TRUE(RunTokensAndRoles(*service->method(i)))
        << service->method(i)->full_name();
  }
  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor& method = *service->method(i);
    for (const Stranger& stranger : StrangersFor(method)) {
      ASSERT_TRUE(RunAsStranger(method, stranger)) << method.full_name();
    }
    ASSERT_TRUE(RunOwnerNamingAnotherTenant(method)) << method.full_name();
  }

  for (int i = 0; i < service->method_count(); ++i) {
    ASSERT_TRUE(RunReplayByAnotherTenant(*service->method(i)))
        << service->method(i)->full_name();
  }

  // Computed from the contracts: an RPC without its cases fails here.
  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor& method = *service->method(i);
    int expected = static_cast<int>(RefusedAuthorizations().size());
    for (auto role : {common::v1::ROLE_OPS, common::v1::ROLE_BRAND,
                      common::v1::ROLE_AMBASSADOR, common::v1::ROLE_SERVICE}) {
      if (!Admits(method, role)) ++expected;
    }
    for (auto role : {common::v1::ROLE_BRAND, common::v1::ROLE_AMBASSADOR}) {
      if (Admits(method, role)) ++expected;
    }
    EXPECT_GE(cases_[method.full_name()], expected)
        << method.full_name() << " had too few authz cases";
    // A request a tenant may send names that tenant's objects (or the
    // tenant), so each must have had its existing/missing pairs.
    if (Admits(method, common::v1::ROLE_BRAND)) {
      EXPECT_GT(pairs_[method.full_name()], 0)
          << method.full_name() << " had no existing/missing id pair";
    }
  }
  runner_->PrintAuthzSummary();
  std::cout << service_name << ": " << service->method_count() << " RPCs\n";
}

INSTANTIATE_TEST_SUITE_P(EachService, TenantIsolationMatrixTest,
                         ::testing::Values("recruitment", "dispatch", "ugc",
                                           "kpi"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace nanoinfluence::testing
