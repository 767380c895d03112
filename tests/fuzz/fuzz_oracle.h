// What a fuzz target checks of each answer, beyond "no crash" (which the
// sanitizers watch): the rules of docs/reliability.md that hold for every
// request, however hostile.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nanoinfluence::fuzz {

// Prints `what` and aborts: libFuzzer records the input as a crash.
[[noreturn]] void FailInvariant(const std::string& what);

// Aborts when the answer of RPC `rpc` breaks a rule:
//  - UNKNOWN or INTERNAL: the code met a request it did not understand
//    (bad input must be INVALID_ARGUMENT; CONVENTIONS.md, "One status
//    mapping"), or an unchecked value reached SQL;
//  - INVALID_ARGUMENT without a message naming the field;
//  - an OK answer (`response`) a client could not parse, e.g. a string
//    field echoing invalid UTF-8, which proto3 clients refuse.
// With NANO_FUZZ_VERBOSE set, prints every answer's status (to write seeds
// that get far).
void CheckAnswer(absl::string_view rpc, const absl::Status& status,
                 const google::protobuf::Message* response);

// The codes of the answers CheckAnswer saw since the last call, in order
// ("OK", "NOT_FOUND"): the replay compares a seed's with what it expects.
std::vector<std::string> TakeAnswerCodes();

}  // namespace nanoinfluence::fuzz
