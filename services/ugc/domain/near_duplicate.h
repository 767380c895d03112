// Finds content that is nearly the same text as other content, the way
// reposts with a few words swapped try to pass as new: MinHash over word
// 3-shingles, with bands for locality-sensitive lookup in an index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {

constexpr int kMinHashes = 64;
// The lookup keys: kBands bands of kRowsPerBand values, taken from the
// start of the signature (all kMinHashes values estimate the similarity).
// Two texts of similarity s share a band with probability
// 1 - (1 - s^3)^6: 98.7% at the 0.8 threshold, 99.98% at 0.9, 0.08% for
// unrelated texts (s = 0.05). Each band is an index row written with every
// submission, so few bands keep the write small (docs/ugc.md); 16 bands of
// 4 found 99.98% at 0.8 for 2.7 times the rows.
constexpr int kBands = 6;
constexpr int kRowsPerBand = 3;
static_assert(kBands * kRowsPerBand <= kMinHashes);
constexpr int kMinWordsToSketch = 8;
// At or above, two texts are near duplicates.
constexpr double kNearDuplicateSimilarity = 0.8;

using Signature = std::vector<uint32_t>;

// kMinHashes values, the same on every run and machine, over the 3-word
// shingles of the folded words of `text`; empty for texts of fewer than
// kMinWordsToSketch words, too short to judge.
Signature Sketch(absl::string_view text);
Signature Sketch(const FoldedText& text);

// The fraction of positions where `a` and `b` agree, an estimate of the
// Jaccard similarity of their shingles; 0 when either is empty or their
// sizes differ.
double Similarity(const Signature& a, const Signature& b);

// One key per band, mixing the band's index with its rows, as a signed
// 64-bit integer so that an SQL INTEGER column can index it. Signatures
// similar enough share at least one key with high probability. Empty for a
// signature too short for the bands (an empty one).
std::vector<int64_t> BandKeys(const Signature& signature);

// Four little-endian bytes a value, for a BLOB column.
std::string EncodeSignature(const Signature& signature);
// The inverse; empty when `bytes` is not a whole number of values.
Signature DecodeSignature(absl::string_view bytes);

}  // namespace nanoinfluence::ugc
