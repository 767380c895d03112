// Replays inputs through a fuzz target without libFuzzer, so that the normal
// build (any compiler) runs every seed and every regression input as a test:
//
//   dispatch_fuzz_replay tests/fuzz/corpus/dispatch
//   tests/fuzz/regressions/dispatch
//
// Each argument is a file or a folder of files, replayed in name order. A
// file that does not parse as an input fails the run (a seed nobody can read
// tests nothing); a crash or a broken invariant aborts it.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

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

}  // namespace

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  const std::vector<std::filesystem::path> files = InputFiles(argc, argv);
  if (files.empty()) {
    std::cerr << "no inputs to replay\n";
    return 1;
  }
  int unreadable = 0;
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
    LLVMFuzzerTestOneInput(data, bytes.size());
  }
  std::cout << files.size() - unreadable << " inputs replayed, " << unreadable
            << " unreadable\n";
  return unreadable == 0 ? 0 : 1;
}
