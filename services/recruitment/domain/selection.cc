#include "services/recruitment/domain/selection.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::recruitment {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A stable hash of the seed and the id: the same on every machine and
// build, so a selection can be replayed.
uint64_t TieBreak(uint64_t seed, const std::string& id) {
  uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a
  for (unsigned char c : id) hash = (hash ^ c) * 0x100000001B3ull;
  return SplitMix64(seed ^ hash);
}

}  // namespace

std::vector<int> QuotaTargets(const v1::CampaignSpec& spec) {
  const auto& quotas = spec.quotas();
  if (quotas.empty()) return {spec.slots()};
  std::vector<int> targets(quotas.size());
  if (quotas[0].has_count()) {
    for (int i = 0; i < quotas.size(); ++i) targets[i] = quotas[i].count();
    return targets;
  }
  // Largest remainder: floors first, then one more slot to the buckets with
  // the largest remainders, the earlier bucket first on a tie.
  int assigned = 0;
  std::vector<std::pair<int64_t, int>> remainders;
  for (int i = 0; i < quotas.size(); ++i) {
    const int64_t exact = int64_t{spec.slots()} * quotas[i].percent();
    targets[i] = static_cast<int>(exact / 100);
    assigned += targets[i];
    remainders.emplace_back(exact % 100, i);
  }
  std::stable_sort(
      remainders.begin(), remainders.end(),
      [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int i = 0; assigned < spec.slots(); ++i, ++assigned) {
    ++targets[remainders[i % remainders.size()].second];
  }
  return targets;
}

int BucketOf(const v1::CampaignSpec& spec, const Applicant& applicant) {
  const auto& quotas = spec.quotas();
  if (quotas.empty()) return 0;
  int best = -1;
  size_t best_length = 0;
  for (int i = 0; i < quotas.size(); ++i) {
    const v1::QuotaBucket& bucket = quotas[i];
    if (bucket.has_tier()) {
      if (bucket.tier() == applicant.tier) return i;
      continue;
    }
    const std::string prefix =
        validation::PostalCodeKey(bucket.region().postal_code_prefix());
    if (bucket.region().country_code() == applicant.country_code &&
        absl::StartsWith(applicant.postal_key, prefix) &&
        (best < 0 || prefix.size() > best_length)) {
      best = i;
      best_length = prefix.size();
    }
  }
  return best;
}

int TierPriority(const v1::CampaignSpec& spec, common::v1::Tier tier) {
  for (int i = 0; i < spec.tier_priority_size(); ++i) {
    if (spec.tier_priority(i) == tier) return i;
  }
  // Unlisted tiers follow, in the default order NANO, MICRO, MACRO.
  return spec.tier_priority_size() + static_cast<int>(tier);
}

Selection Select(const v1::CampaignSpec& spec,
                 const std::vector<Applicant>& applicants, uint64_t seed) {
  const std::vector<int> targets = QuotaTargets(spec);
  std::vector<std::vector<size_t>> members(targets.size());
  for (size_t i = 0; i < applicants.size(); ++i) {
    const int bucket = BucketOf(spec, applicants[i]);
    if (bucket >= 0) members[bucket].push_back(i);
  }
  std::vector<uint64_t> tie(applicants.size());
  for (size_t i = 0; i < applicants.size(); ++i) {
    tie[i] = TieBreak(seed, applicants[i].ambassador_id);
  }
  const auto better = [&](size_t a, size_t b) {
    const Applicant& x = applicants[a];
    const Applicant& y = applicants[b];
    if (x.reliability_score != y.reliability_score) {
      return x.reliability_score > y.reliability_score;
    }
    if (x.engagement_rate_percent != y.engagement_rate_percent) {
      return x.engagement_rate_percent > y.engagement_rate_percent;
    }
    if (tie[a] != tie[b]) return tie[a] < tie[b];
    return x.ambassador_id < y.ambassador_id;
  };
  for (auto& bucket : members) std::sort(bucket.begin(), bucket.end(), better);

  Selection selection;
  std::vector<size_t> picked;  // in selection order
  absl::flat_hash_set<std::string> households;
  // Takes the next applicant of `bucket` from `*cursor` whose household has
  // no tester yet; false when the bucket has none left.
  const auto take_next = [&](size_t bucket, size_t* cursor) {
    while (*cursor < members[bucket].size()) {
      const size_t i = members[bucket][(*cursor)++];
      const std::string& household = applicants[i].household_key;
      if (!household.empty() && !households.insert(household).second) continue;
      picked.push_back(i);
      return true;
    }
    return false;
  };

  std::vector<size_t> cursors(targets.size(), 0);
  int spare = 0;
  for (size_t b = 0; b < targets.size(); ++b) {
    v1::BucketFill& fill = selection.buckets.emplace_back();
    if (!spec.quotas().empty()) *fill.mutable_bucket() = spec.quotas(b);
    fill.set_target(targets[b]);
    fill.set_applicants(static_cast<int>(members[b].size()));
    while (fill.filled() < targets[b] && take_next(b, &cursors[b])) {
      fill.set_filled(fill.filled() + 1);
    }
    fill.set_shortfall(targets[b] - fill.filled());
    spare += fill.shortfall();
  }
  for (size_t b = 0; b < targets.size() && spare > 0; ++b) {
    v1::BucketFill& fill = selection.buckets[b];
    while (spare > 0 && take_next(b, &cursors[b])) {
      fill.set_spillover_received(fill.spillover_received() + 1);
      --spare;
    }
  }
  selection.unfilled_slots = spec.slots() - static_cast<int>(picked.size());

  std::vector<size_t> order(picked.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return TierPriority(spec, applicants[picked[a]].tier) <
           TierPriority(spec, applicants[picked[b]].tier);
  });
  for (size_t r = 0; r < order.size(); ++r) {
    selection.selected.push_back(
        {.applicant = picked[order[r]], .rank = static_cast<int>(r + 1)});
  }
  return selection;
}

}  // namespace nanoinfluence::recruitment
