#include "tests/fuzz/fuzz_oracle.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::fuzz {

void FailInvariant(const std::string& what) {
  std::cerr << "fuzz invariant broken: " << what << std::endl;
  std::abort();
}

namespace {
// One input runs at a time, on one thread.
std::vector<std::string>& AnswerCodes() {
  static auto* codes = new std::vector<std::string>();
  return *codes;
}
}  // namespace

std::vector<std::string> TakeAnswerCodes() {
  std::vector<std::string> codes;
  codes.swap(AnswerCodes());
  return codes;
}

void CheckAnswer(absl::string_view rpc, const absl::Status& status,
                 const google::protobuf::Message* response) {
  AnswerCodes().push_back(absl::StatusCodeToString(status.code()));
  // For writing seeds: shows how far an input gets.
  static const bool verbose = std::getenv("NANO_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::cerr << rpc << ": " << status << "\n";
  switch (status.code()) {
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kInternal:
      FailInvariant(absl::StrCat(rpc, " answered ", status.ToString()));
    case absl::StatusCode::kInvalidArgument:
      if (status.message().empty()) {
        FailInvariant(absl::StrCat(rpc, ": INVALID_ARGUMENT names no field"));
      }
      return;
    case absl::StatusCode::kOk:
      break;
    default:
      return;
  }
  if (response == nullptr) return;
  std::string wire;
  if (!response->SerializeToString(&wire)) {
    FailInvariant(absl::StrCat(rpc, ": the answer does not serialize"));
  }
  std::unique_ptr<google::protobuf::Message> parsed(response->New());
  if (!parsed->ParseFromString(wire)) {
    FailInvariant(absl::StrCat(rpc, ": a client could not parse the answer ",
                               response->ShortDebugString()));
  }
}

}  // namespace nanoinfluence::fuzz
