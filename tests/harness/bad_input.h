// The bad-input matrix of a service (QUALITY.md): each case is a request in
// protobuf text format, `base` then `spoil` merged over it; the answer must
// be INVALID_ARGUMENT naming `field`. Every method of the service must have
// a case, so a new RPC cannot be forgotten.
//
//   std::set<std::string> covered = ExpectEachNamed(*service, Cases(), fill,
//       [&](const std::string& method, const std::string& bytes) {
//         return Send(method, bytes);
//       });
//   ... streams, covered.insert(...) ...
//   ExpectAllCovered(*service, covered);
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

namespace nanoinfluence::testing {

struct BadInput {
  std::string method;
  std::string base;
  std::string spoil;
  // What the error message must name, before its ':'.
  std::string field;
};

// Sends each case as the serialized request of its method (`fill` replaces
// placeholders of the text with real ids) and checks the answer; returns the
// methods that had a case.
inline std::set<std::string> ExpectEachNamed(
    const google::protobuf::ServiceDescriptor& service,
    const std::vector<BadInput>& cases,
    const std::function<std::string(const std::string&)>& fill,
    const std::function<grpc::Status(const std::string& method,
                                     const std::string& bytes)>& send) {
  std::set<std::string> covered;
  for (const BadInput& bad : cases) {
    const auto* method = service.FindMethodByName(bad.method);
    EXPECT_NE(method, nullptr) << bad.method;
    if (method == nullptr) continue;
    covered.insert(bad.method);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    EXPECT_TRUE(google::protobuf::TextFormat::MergeFromString(fill(bad.base),
                                                              request.get()))
        << bad.method << " base";
    EXPECT_TRUE(google::protobuf::TextFormat::MergeFromString(fill(bad.spoil),
                                                              request.get()))
        << bad.method << " " << bad.spoil;
    const grpc::Status status = send(bad.method, request->SerializeAsString());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << bad.method << " with " << bad.spoil << ": "
        << status.error_message();
    EXPECT_THAT(status.error_message(),
                ::testing::StartsWith(absl::StrCat(bad.field, ":")))
        << bad.method << " with " << bad.spoil;
  }
  return covered;
}

// Fails for each method of `service` missing from `covered`.
inline void ExpectAllCovered(const google::protobuf::ServiceDescriptor& service,
                             const std::set<std::string>& covered) {
  for (int i = 0; i < service.method_count(); ++i) {
    EXPECT_TRUE(covered.contains(service.method(i)->name()))
        << service.method(i)->name() << " has no bad-input case";
  }
}

}  // namespace nanoinfluence::testing
