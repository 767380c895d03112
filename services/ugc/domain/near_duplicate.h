// Finds content that is nearly the same text as other content, the way
// reposts with a few words swapped try to pass as new: MinHash over word
// 3-shingles, with bands for locality-sensitive lookup in an index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence::ugc {

constexpr int kMinHashes = 64;
constexpr int kBands = 16;  // of kMinHashes / kBands = 4 rows each
constexpr int kMinWordsToSketch = 8;
// At or above, two texts are near duplicates.
constexpr double kNearDuplicateSimilarity = 0.8;

using Signature = std::vector<uint32_t>;

// kMinHashes values, the same on every run and machine, over the 3-word
// shingles of the folded words of `text`; empty for texts of fewer than
// kMinWordsToSketch words, too short to judge.
Signature Sketch(absl::string_view text);

// The fraction of positions where `a` and `b` agree, an estimate of the
// Jaccard similarity of their shingles; 0 when either is empty or their
// sizes differ.
double Similarity(const Signature& a, const Signature& b);

// One key per band, mixing the band's index with its rows, as a signed
// 64-bit integer so that an SQL INTEGER column can index it. Signatures
// similar enough share at least one key with high probability. Empty for an
// empty signature.
std::vector<int64_t> BandKeys(const Signature& signature);

// Four little-endian bytes a value, for a BLOB column.
std::string EncodeSignature(const Signature& signature);
// The inverse; empty when `bytes` is not a whole number of values.
Signature DecodeSignature(absl::string_view bytes);

}  // namespace nanoinfluence::ugc
