#include "tools/demo/text_variety.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace nanoinfluence::demo {
namespace {

constexpr size_t kMinWords = 8;

uint64_t HashShingle(const std::string& a, const std::string& b,
                     const std::string& c) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const std::string* word : {&a, &b, &c}) {
    for (char ch : *word) {
      hash ^= static_cast<uint8_t>(ch);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xff;  // word separator
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

absl::flat_hash_set<uint64_t> Shingles(absl::string_view text) {
  const std::vector<std::string> words = FoldedWords(text);
  absl::flat_hash_set<uint64_t> shingles;
  if (words.size() < kMinWords) return shingles;
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    shingles.insert(HashShingle(words[i], words[i + 1], words[i + 2]));
  }
  return shingles;
}

}  // namespace

std::vector<std::string> FoldedWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(c) || byte >= 0x80) {
      word.push_back(absl::ascii_tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

double TextVariety::ClosestSimilarity(absl::string_view text) const {
  const absl::flat_hash_set<uint64_t> shingles = Shingles(text);
  if (shingles.empty()) return 0;
  absl::flat_hash_map<uint32_t, size_t> shared;
  for (uint64_t shingle : shingles) {
    auto found = index_.find(shingle);
    if (found == index_.end()) continue;
    for (uint32_t id : found->second) ++shared[id];
  }
  double closest = 0;
  for (const auto& [id, common] : shared) {
    const double union_size =
        static_cast<double>(shingles.size() + sizes_[id] - common);
    closest = std::max(closest, common / union_size);
  }
  return closest;
}

bool TextVariety::Accept(absl::string_view text) {
  const absl::flat_hash_set<uint64_t> shingles = Shingles(text);
  if (shingles.empty()) return true;
  if (ClosestSimilarity(text) >= kMaxSimilarity) return false;
  const auto id = static_cast<uint32_t>(sizes_.size());
  sizes_.push_back(shingles.size());
  for (uint64_t shingle : shingles) index_[shingle].push_back(id);
  return true;
}

}  // namespace nanoinfluence::demo
