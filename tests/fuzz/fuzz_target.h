// What every fuzz target of tests/fuzz is made of: a service's input message
// (tests/fuzz/inputs/<service>_fuzz_input.proto) and a function that runs
// one input's calls against that service's real core on a fresh store. Each
// <service>_fuzz_target.cc defines both; fuzz_entry_points.cc turns them
// into libFuzzer's entry points, for the fuzzer and for the replay test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "google/protobuf/message.h"

namespace nanoinfluence::fuzz {

// The calls of an input that run (field 1 of every input message); enough
// to build a campaign and act on it, while more would only slow each run.
inline constexpr int kMaxCallsPerInput = 16;

// An empty input message of the target's type.
const google::protobuf::Message& InputPrototype();

// Runs the calls of `input` (of InputPrototype()'s type). Returns normally
// whatever the service answers; a broken invariant aborts (fuzz_oracle.h).
void RunInput(const google::protobuf::Message& input);

// `data` read as an input in protobuf text format; null when it is not one.
// Text, not the wire format, so that seeds and regressions are readable and
// an invalid UTF-8 string reaches the handler instead of failing the parse.
std::unique_ptr<google::protobuf::Message> ParseInput(const uint8_t* data,
                                                      size_t size);

}  // namespace nanoinfluence::fuzz
