// A valid request for every RPC of the suite, and a caller its access policy
// allows, naming the objects MatrixWorld made: the base each hostile case
// spoils in one field. A method missing here fails the hostile-field matrix,
// so a new RPC gets its base request when it is added.
//
//   std::optional<ValidRequest> base =
//       ValidRequestFor("nanoinfluence.kpi.v1.KpiService.GetCampaignReport",
//                       world.Ids(), "17");
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "libs/auth/caller.h"

namespace nanoinfluence::testing {

struct ValidRequest {
  // The request in protobuf text format, placeholders replaced.
  std::string text;
  auth::Caller caller;
};

// The valid request of the method `full_name` ("pkg.Service.Method"), with
// the placeholders of `ids` replaced, a fresh request_id and event ids, and
// `unique` in what must differ from one call to the next (an email, a
// subject, so that per-caller limits never refuse a case). nullopt for a
// method it does not know.
std::optional<ValidRequest> ValidRequestFor(
    const std::string& full_name, const std::map<std::string, std::string>& ids,
    const std::string& unique);

// ValidRequestFor(method) parsed into a message of its request type, its
// caller in `caller`; nullptr, after adding a test failure, when the method
// has no valid request or it does not parse.
std::unique_ptr<google::protobuf::Message> ParsedValidRequest(
    const google::protobuf::MethodDescriptor& method,
    const std::map<std::string, std::string>& ids, const std::string& unique,
    auth::Caller* caller);

}  // namespace nanoinfluence::testing
