#include "services/recruitment/domain/eligibility.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::recruitment {
namespace {

// What stays of an erased ambassador: the id.
AmbassadorFacts Tombstone(const std::string& ambassador_id) {
  AmbassadorFacts facts;
  facts.ambassador_id = ambassador_id;
  return facts;
}

}  // namespace

CompiledTargeting CompiledTargeting::From(const v1::Targeting& targeting) {
  CompiledTargeting compiled;
  for (int tier : targeting.tiers()) compiled.tiers |= 1u << tier;
  for (int universe : targeting.universes()) {
    compiled.universes |= 1u << universe;
  }
  compiled.countries.assign(targeting.country_codes().begin(),
                            targeting.country_codes().end());
  for (const v1::Region& region : targeting.regions()) {
    compiled.regions.emplace_back(
        region.country_code(),
        validation::PostalCodeKey(region.postal_code_prefix()));
  }
  compiled.min_age = targeting.min_age();
  compiled.max_age = targeting.max_age();
  if (targeting.has_with_children()) {
    compiled.with_children = targeting.with_children();
  }
  compiled.max_child_age = targeting.max_child_age();
  compiled.min_engagement_rate_percent =
      targeting.min_engagement_rate_percent();
  return compiled;
}

bool CompiledTargeting::Matches(const AmbassadorFacts& facts,
                                int32_t today) const {
  if (!facts.consent_current) return false;
  if (tiers != 0 && (tiers & (1u << facts.tier)) == 0) return false;
  if (universes != 0 && (universes & facts.universes) == 0) return false;
  if (facts.engagement_rate_percent < min_engagement_rate_percent) {
    return false;
  }
  if (!countries.empty() && std::find(countries.begin(), countries.end(),
                                      facts.country_code) == countries.end()) {
    return false;
  }
  if (!regions.empty() &&
      std::none_of(regions.begin(), regions.end(), [&](const auto& region) {
        return region.first == facts.country_code &&
               absl::StartsWith(facts.postal_key, region.second);
      })) {
    return false;
  }
  if (min_age > 0 || max_age > 0) {
    const int age = validation::AgeInYears(facts.birth_date, today);
    if (min_age > 0 && age < min_age) return false;
    if (max_age > 0 && age > max_age) return false;
  }
  if (with_children.has_value()) {
    const bool has_children = facts.youngest_child_year != 0;
    if (*with_children != has_children) return false;
    if (*with_children && max_child_age > 0 &&
        today / 10000 - facts.youngest_child_year > max_child_age) {
      return false;
    }
  }
  return true;
}

void EligibilityIndex::Upsert(AmbassadorFacts facts) {
  absl::MutexLock lock(&mu_);
  const auto [it, inserted] =
      slot_of_.try_emplace(facts.ambassador_id, facts_.size());
  if (inserted) {
    facts_.push_back(std::move(facts));
    removed_.push_back(false);
    ++live_;
    return;
  }
  if (!removed_[it->second]) facts_[it->second] = std::move(facts);
}

void EligibilityIndex::Remove(const std::string& ambassador_id) {
  absl::MutexLock lock(&mu_);
  const auto [it, inserted] =
      slot_of_.try_emplace(ambassador_id, facts_.size());
  if (inserted) {
    facts_.push_back(Tombstone(ambassador_id));
    removed_.push_back(true);
    return;
  }
  if (!removed_[it->second]) --live_;
  removed_[it->second] = true;
  // Nothing personal stays in memory either.
  facts_[it->second] = Tombstone(ambassador_id);
}

void EligibilityIndex::SetActiveTest(const std::string& ambassador_id,
                                     bool active) {
  absl::MutexLock lock(&mu_);
  const auto it = slot_of_.find(ambassador_id);
  if (it != slot_of_.end() && !removed_[it->second]) {
    facts_[it->second].has_active_test = active;
  }
}

std::optional<AmbassadorFacts> EligibilityIndex::Get(
    const std::string& ambassador_id) const {
  absl::ReaderMutexLock lock(&mu_);
  const auto it = slot_of_.find(ambassador_id);
  if (it == slot_of_.end() || removed_[it->second]) return std::nullopt;
  return facts_[it->second];
}

std::vector<std::optional<AmbassadorFacts>> EligibilityIndex::GetMany(
    const std::vector<std::string>& ambassador_ids) const {
  std::vector<std::optional<AmbassadorFacts>> found(ambassador_ids.size());
  absl::ReaderMutexLock lock(&mu_);
  for (size_t i = 0; i < ambassador_ids.size(); ++i) {
    const auto it = slot_of_.find(ambassador_ids[i]);
    if (it != slot_of_.end() && !removed_[it->second]) {
      found[i] = facts_[it->second];
    }
  }
  return found;
}

bool EligibilityIndex::Visit(
    absl::string_view ambassador_id,
    absl::FunctionRef<void(const AmbassadorFacts&)> visit) const {
  absl::ReaderMutexLock lock(&mu_);
  const auto it = slot_of_.find(ambassador_id);
  if (it == slot_of_.end() || removed_[it->second]) return false;
  visit(facts_[it->second]);
  return true;
}

EligibleCount EligibilityIndex::Count(const CompiledTargeting& targeting,
                                      int32_t today,
                                      bool exclude_active_testers) const {
  EligibleCount count;
  absl::ReaderMutexLock lock(&mu_);
  for (size_t i = 0; i < facts_.size(); ++i) {
    const AmbassadorFacts& facts = facts_[i];
    if (removed_[i] || (exclude_active_testers && facts.has_active_test) ||
        !targeting.Matches(facts, today)) {
      continue;
    }
    ++count.total;
    ++count.by_tier[facts.tier - 1];
  }
  return count;
}

size_t EligibilityIndex::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return live_;
}

}  // namespace nanoinfluence::recruitment
