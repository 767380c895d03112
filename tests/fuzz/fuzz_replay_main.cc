// Replays inputs through a fuzz target without libFuzzer, so that the normal
// build (any compiler) runs every seed and every regression input as a test:
//
//   dispatch_fuzz_replay tests/fuzz/corpus/dispatch
//   tests/fuzz/regressions/dispatch
//
// Each argument is a file or a folder of files, replayed in name order. A
// file that does not parse as an input fails the run (a seed nobody can read
// tests nothing); a crash or a broken invariant aborts it.
//
// A seed (a file in a folder named "corpus") is a flow written to get far:
// its calls must answer OK one after the other, or as its line
// "# answers: OK OK NOT_FOUND" says when its flow ends in a refusal on
// purpose. A seed whose flow stopped answering as written (a date that
// passed, a rule that changed) would silently test less: it fails the run.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/fuzz/fuzz_oracle.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> InputFiles(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> in_folder;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      // README files explain a folder; they are not inputs.
      if (entry.is_regular_file() && entry.path().filename() != "README.md") {
        in_folder.push_back(entry.path());
      }
    }
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }
  return files;
}

bool IsSeed(const std::filesystem::path& file) {
  return file.parent_path().parent_path().filename() == "corpus";
}

// What a seed's calls must answer: its "# answers:" line, else all OK.
std::vector<std::string> ExpectedAnswers(const std::string& text,
                                         size_t calls) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::ConsumePrefix(&line, "# answers:")) {
      return absl::StrSplit(line, ' ', absl::SkipEmpty());
    }
  }
  return std::vector<std::string>(calls, "OK");
}

}  // namespace

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  const std::vector<std::filesystem::path> files = InputFiles(argc, argv);
  if (files.empty()) {
    std::cerr << "no inputs to replay\n";
    return 1;
  }
  int unreadable = 0;
  int seeds_astray = 0;
  for (const auto& file : files) {
    std::ifstream stream(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(stream)), {});
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    if (!stream ||
        nanoinfluence::fuzz::ParseInput(data, bytes.size()) == nullptr) {
      std::cerr << "not an input of this target: " << file << "\n";
      ++unreadable;
      continue;
    }
    std::cout << "replaying " << file << std::endl;
    nanoinfluence::fuzz::TakeAnswerCodes();
    LLVMFuzzerTestOneInput(data, bytes.size());
    const std::vector<std::string> answers =
        nanoinfluence::fuzz::TakeAnswerCodes();
    if (!IsSeed(file)) continue;
    const std::vector<std::string> expected =
        ExpectedAnswers(bytes, answers.size());
    if (answers != expected) {
      std::cerr << "seed " << file << " answered "
                << absl::StrJoin(answers, " ") << "\n  where it should answer "
                << absl::StrJoin(expected, " ")
                << "\n  (NANO_FUZZ_VERBOSE=1 shows each answer)\n";
      ++seeds_astray;
    }
  }
  std::cout << files.size() - unreadable << " inputs replayed, " << unreadable
            << " unreadable, " << seeds_astray
            << " seeds answering otherwise than written\n";
  return unreadable == 0 && seeds_astray == 0 ? 0 : 1;
}
