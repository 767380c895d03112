// Keeps the demo's generated texts apart from each other: a text is
// accepted only when it shares less than half of its word 3-shingles with
// every text accepted before (Jaccard similarity < 0.5), so ugc's copy and
// near-copy checks (MinHash at 0.8) never hold a genuine review by chance.
// Texts under 8 words are not compared, as ugc does not compare them.
//
//   TextVariety variety;
//   while (!variety.Accept(candidate)) candidate = Rewrite();
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence::demo {

class TextVariety {
 public:
  // Below this Jaccard similarity with every accepted text, a text passes.
  static constexpr double kMaxSimilarity = 0.5;

  // Accepts and remembers `text` when it is far enough from the others;
  // false (and nothing remembered) otherwise.
  bool Accept(absl::string_view text);
  // The highest similarity of `text` with an accepted text, 0..1.
  double ClosestSimilarity(absl::string_view text) const;

 private:
  // Distinct shingle hashes of each accepted text, and for each hash the
  // texts holding it.
  std::vector<size_t> sizes_;
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> index_;
};

// Lower-case words of letters and digits (bytes of non-ASCII letters kept).
std::vector<std::string> FoldedWords(absl::string_view text);

}  // namespace nanoinfluence::demo
