#include "services/ugc/domain/near_duplicate.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {
namespace {

constexpr int kShingleWords = 3;

// FNV-1a: a fixed, portable hash of the shingle's bytes. Signatures are
// stored, so the hash must never change with the standard library.
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

uint64_t Fnv1a(uint64_t hash, absl::string_view bytes) {
  for (const char byte : bytes) {
    hash ^= static_cast<uint8_t>(byte);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The hash of words[first, last) joined by single spaces, without joining.
uint64_t JoinedHash(const std::vector<std::string>& words, size_t first,
                    size_t last) {
  uint64_t hash = kFnvOffset;
  for (size_t i = first; i < last; ++i) {
    if (i > first) hash = Fnv1a(hash, " ");
    hash = Fnv1a(hash, words[i]);
  }
  return hash;
}

// SplitMix64's finaliser: spreads every input bit over the output.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// The seed of hash function `i`, fixed forever.
uint64_t Seed(int i) {
  return Mix(0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(i + 1));
}

std::vector<uint64_t> ShingleHashes(const std::vector<std::string>& words) {
  std::vector<uint64_t> hashes;
  if (words.size() < kShingleWords) {
    hashes.push_back(JoinedHash(words, 0, words.size()));
    return hashes;
  }
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    hashes.push_back(JoinedHash(words, i, i + kShingleWords));
  }
  return hashes;
}

}  // namespace

Signature Sketch(absl::string_view text) { return Sketch(FoldedText(text)); }

Signature Sketch(const FoldedText& text) {
  const std::vector<std::string>& words = text.words;
  if (words.size() < kMinWordsToSketch) return {};
  const std::vector<uint64_t> shingles = ShingleHashes(words);
  Signature signature(kMinHashes, std::numeric_limits<uint32_t>::max());
  for (int i = 0; i < kMinHashes; ++i) {
    const uint64_t seed = Seed(i);
    for (const uint64_t shingle : shingles) {
      const auto value = static_cast<uint32_t>(Mix(shingle ^ seed) >> 32);
      signature[i] = std::min(signature[i], value);
    }
  }
  return signature;
}

double Similarity(const Signature& a, const Signature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

std::vector<int64_t> BandKeys(const Signature& signature) {
  std::vector<int64_t> keys;
  if (signature.empty()) return keys;
  if (signature.size() < static_cast<size_t>(kBands * kRowsPerBand)) {
    return keys;
  }
  for (int band = 0; band < kBands; ++band) {
    uint64_t key = Mix(static_cast<uint64_t>(band) + 1);
    for (int row = 0; row < kRowsPerBand; ++row) {
      key = Mix(key ^ signature[band * kRowsPerBand + row]);
    }
    keys.push_back(std::bit_cast<int64_t>(key));
  }
  return keys;
}

std::string EncodeSignature(const Signature& signature) {
  std::string bytes;
  bytes.reserve(signature.size() * 4);
  for (const uint32_t value : signature) {
    for (int shift = 0; shift < 32; shift += 8) {
      bytes.push_back(static_cast<char>((value >> shift) & 0xFF));
    }
  }
  return bytes;
}

Signature DecodeSignature(absl::string_view bytes) {
  if (bytes.size() % 4 != 0) return {};
  Signature signature(bytes.size() / 4);
  for (size_t i = 0; i < signature.size(); ++i) {
    uint32_t value = 0;
    for (int b = 3; b >= 0; --b) {
      value = (value << 8) | static_cast<uint8_t>(bytes[i * 4 + b]);
    }
    signature[i] = value;
  }
  return signature;
}

}  // namespace nanoinfluence::ugc
