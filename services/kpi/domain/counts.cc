#include "services/kpi/domain/counts.h"

namespace nanoinfluence::kpi {

void AddDifference(const Counts& before, const Counts& after, Counts* out) {
  for (const auto& [key, value] : after) (*out)[key] += value;
  for (const auto& [key, value] : before) (*out)[key] -= value;
  std::erase_if(*out, [](const auto& entry) { return entry.second == 0; });
}

int64_t DayOf(int64_t unix_micros) {
  constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;
  // Floor, not truncation: a time before 1970 belongs to a negative day.
  int64_t day = unix_micros / kMicrosPerDay;
  if (unix_micros % kMicrosPerDay < 0) --day;
  return day;
}

int StoredTier(int proto_tier) {
  return proto_tier >= 1 && proto_tier <= 3 ? proto_tier : 1;
}

}  // namespace nanoinfluence::kpi
