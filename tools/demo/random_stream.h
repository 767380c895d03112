// Deterministic random numbers for the demo: the same seed gives the same
// community, choices and texts on every run and machine. The generator and
// every draw are written by hand (libs/random, and the draws here)
// rather than taken from <random>, whose distributions differ between
// standard libraries.
//
// Each decision draws from its own named stream, so adding a draw to one
// phase does not shift the choices of another:
//
//   RandomStream rng(seed, "member", index);
//   int followers = rng.LogUniform(30, 999);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "libs/random/xoshiro256.h"

namespace nanoinfluence::demo {

// The seed of the stream `name`, instance `index`, of the run seeded `seed`.
uint64_t StreamSeed(uint64_t seed, absl::string_view name, uint64_t index);

class RandomStream {
 public:
  // A stream named `name`, instance `index`, of the run seeded `seed`.
  RandomStream(uint64_t seed, absl::string_view name, uint64_t index = 0)
      : generator_(StreamSeed(seed, name, index)) {}

  uint64_t Next() { return generator_.Next(); }
  // Uniform in [0, 1).
  double Unit();
  // Uniform integer in [low, high], both included; low <= high.
  int64_t Between(int64_t low, int64_t high);
  // True with probability `p`.
  bool Chance(double p);
  // Normal with the given mean and standard deviation (Box-Muller).
  double Normal(double mean, double deviation);
  // exp(uniform(log low, log high)), rounded; skewed towards `low`, as
  // follower counts are.
  int64_t LogUniform(int64_t low, int64_t high);
  // An index in [0, weights.size()) drawn with the given weights.
  size_t Weighted(const std::vector<double>& weights);

  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<size_t>(
        Between(0, static_cast<int64_t>(values.size()) - 1))];
  }
  template <typename T>
  void Shuffle(std::vector<T>& values) {
    for (size_t i = values.size(); i > 1; --i) {
      std::swap(
          values[i - 1],
          values[static_cast<size_t>(Between(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  Xoshiro256 generator_;
};

// A UUID (version 4 layout) made from the stream: ids the demo chooses
// itself, as the app's sign-up does for a new ambassador.
std::string StreamUuid(RandomStream& rng);

}  // namespace nanoinfluence::demo
