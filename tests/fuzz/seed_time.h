// Seeds are written at a fixed "now" (kSeedNow, 2026-09-21T14:13:20Z); the
// recruitment target moves their times to the real now before each call.
// A campaign takes applications only while its application window holds
// the present, and a window lasts at most 365 days, so a seed written in
// absolute time would silently stop creating its campaign a year later.
//
// Every Timestamp of the request (at any depth) whose time lies in years
// 2000..2199 is moved by (now - kSeedNow); the edge values a mutation makes
// (negative, year 9999, nanos out of range) are left as they are, so the
// fuzzer still reaches them.
#pragma once

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace nanoinfluence::fuzz {

inline constexpr int64_t kSeedNowSeconds = 1'790'000'000;

void ShiftSeedTimes(google::protobuf::Message& request, absl::Time now);

}  // namespace nanoinfluence::fuzz
