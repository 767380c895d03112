// libFuzzer's custom mutator and cross-over for the text-format inputs of
// fuzz_target.h: structural mutations (request_mutator.h) most of the time,
// libFuzzer's own byte mutations otherwise and whenever the input does not
// parse or the result would not fit. Linked into the libFuzzer binaries
// only: the replay test has no LLVMFuzzerMutate.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "google/protobuf/text_format.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/request_mutator.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

// Writes `message` as text into `out`; 0 when it does not fit. Calls past
// kMaxCallsPerInput are dropped first: they would never run, and only make
// the input slower to parse.
size_t WriteText(google::protobuf::Message& message, uint8_t* out,
                 size_t max_size) {
  const auto* calls = message.GetDescriptor()->FindFieldByNumber(1);
  const auto* reflection = message.GetReflection();
  while (reflection->FieldSize(message, calls) >
         nanoinfluence::fuzz::kMaxCallsPerInput) {
    reflection->RemoveLast(&message, calls);
  }
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(message, &text) ||
      text.size() > max_size) {
    return 0;
  }
  std::memcpy(out, text.data(), text.size());
  return text.size();
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size,
                                          size_t max_size, unsigned int seed) {
  auto input = nanoinfluence::fuzz::ParseInput(data, size);
  // One mutation in eight stays a byte mutation: it reaches spellings the
  // structural mutator never writes (escapes, digits inside strings).
  if (input == nullptr || seed % 8 == 0) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  nanoinfluence::fuzz::RequestMutator(seed).Mutate(*input);
  const size_t written = WriteText(*input, data, max_size);
  return written != 0 ? written : LLVMFuzzerMutate(data, size, max_size);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2,
                                            uint8_t* out, size_t max_out_size,
                                            unsigned int seed) {
  auto into = nanoinfluence::fuzz::ParseInput(data1, size1);
  auto from = nanoinfluence::fuzz::ParseInput(data2, size2);
  if (into == nullptr || from == nullptr) return 0;
  nanoinfluence::fuzz::RequestMutator(seed).CrossOver(*into, *from);
  return WriteText(*into, out, max_out_size);
}
