#include "tools/demo/random_stream.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace nanoinfluence::demo {
namespace {

uint64_t Fnv1a(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

// The name and index move the seed so that each stream is independent.
uint64_t StreamSeed(uint64_t seed, absl::string_view name, uint64_t index) {
  return seed ^ Xoshiro256::RotateLeft(Fnv1a(name), 17) ^
         (index * 0xd1b54a32d192ed03ULL);
}

double RandomStream::Unit() {
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

int64_t RandomStream::Between(int64_t low, int64_t high) {
  const uint64_t range = static_cast<uint64_t>(high - low) + 1;
  if (range == 0) return static_cast<int64_t>(Next());  // the full range
  // Rejection of the biased tail keeps every value equally likely.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t draw;
  do {
    draw = Next();
  } while (draw >= limit);
  return low + static_cast<int64_t>(draw % range);
}

bool RandomStream::Chance(double p) { return Unit() < p; }

double RandomStream::Normal(double mean, double deviation) {
  const double u1 = 1.0 - Unit();  // (0, 1]: log never sees 0
  const double u2 = Unit();
  return mean +
         deviation * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

int64_t RandomStream::LogUniform(int64_t low, int64_t high) {
  const double value = std::exp(std::log(static_cast<double>(low)) +
                                Unit() * (std::log(static_cast<double>(high)) -
                                          std::log(static_cast<double>(low))));
  const int64_t rounded = std::llround(value);
  return rounded < low ? low : rounded > high ? high : rounded;
}

size_t RandomStream::Weighted(const std::vector<double>& weights) {
  double total = 0;
  for (double weight : weights) total += weight;
  double draw = Unit() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i]) return i;
    draw -= weights[i];
  }
  return weights.size() - 1;
}

std::string StreamUuid(RandomStream& rng) {
  const uint64_t high = rng.Next();
  const uint64_t low = rng.Next();
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x",
                         static_cast<uint32_t>(high >> 32),
                         static_cast<uint32_t>((high >> 16) & 0xffff),
                         static_cast<uint32_t>(high & 0xfff),
                         static_cast<uint32_t>(0x8000 | ((low >> 48) & 0x3fff)),
                         low & 0xffffffffffffULL);
}

}  // namespace nanoinfluence::demo
