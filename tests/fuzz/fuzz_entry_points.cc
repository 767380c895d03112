// libFuzzer's entry points over fuzz_target.h: linked into the libFuzzer
// binary (clang) and into the replay test (any compiler, no libFuzzer).
#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/fuzz_target.h"

namespace nanoinfluence::fuzz {
namespace {

// Parse errors of mutated inputs are expected by the million; printing them
// would drown the fuzzer's own output.
class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
  void AddWarning(int, int, const std::string&) override {}
};

}  // namespace

std::unique_ptr<google::protobuf::Message> ParseInput(const uint8_t* data,
                                                      size_t size) {
  std::unique_ptr<google::protobuf::Message> input(InputPrototype().New());
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!parser.ParseFromString(text, input.get())) return nullptr;
  return input;
}

}  // namespace nanoinfluence::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Protobuf logs every invalid UTF-8 string it serializes; the fuzzer sends
  // them on purpose.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = nanoinfluence::fuzz::ParseInput(data, size);
  // -1 keeps an input that is not a message out of the corpus.
  if (input == nullptr) return -1;
  nanoinfluence::fuzz::RunInput(*input);
  return 0;
}
