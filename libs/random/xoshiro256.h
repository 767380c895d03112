// xoshiro256** (Blackman and Vigna) seeded through SplitMix64: the one
// pseudo-random generator of the suite's reproducible results (kpi's
// bootstrap, the demo's community). Hand-written, with every draw built on
// it by hand too, because <random>'s distributions differ between standard
// libraries: the same seed must give the same figures on every machine.
//
//   Xoshiro256 rng(seed);
//   uint64_t word = rng.Next();
#pragma once

#include <cstdint>

namespace nanoinfluence {

class Xoshiro256 {
 public:
  // SplitMix64 spreads any seed, 0 included, over a non-zero state.
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(seed);
  }

  uint64_t Next() {
    const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

  static uint64_t RotateLeft(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }

 private:
  static uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
};

}  // namespace nanoinfluence
