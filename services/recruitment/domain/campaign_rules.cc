#include "services/recruitment/domain/campaign_rules.h"

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::recruitment {
namespace {

using validation::CleanText;
using validation::Indexed;
using validation::InvalidField;
using validation::Nested;

absl::Time ToTime(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) +
         absl::Nanoseconds(time.nanos());
}

absl::Status CheckSku(const std::string& field, absl::string_view sku) {
  if (sku.empty()) return InvalidField(field, "required");
  if (sku.size() > 64) return InvalidField(field, "at most 64 characters");
  for (char c : sku) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') {
      return InvalidField(field, "only letters, digits, \".\", \"_\", \"-\"");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRegion(const v1::Region& region, const std::string& prefix) {
  NANO_RETURN_IF_ERROR(validation::CheckCountryCode(
      Nested(prefix, "country_code"), region.country_code()));
  const std::string field = Nested(prefix, "postal_code_prefix");
  const std::string& code = region.postal_code_prefix();
  if (code.empty()) return InvalidField(field, "required");
  if (code.size() > 10) return InvalidField(field, "at most 10 characters");
  for (char c : code) {
    if (!absl::ascii_isalnum(c) && c != ' ') {
      return InvalidField(field, "only letters and digits");
    }
  }
  if (validation::PostalCodeKey(code).empty()) {
    return InvalidField(field, "at least one letter or digit");
  }
  return absl::OkStatus();
}

// Enum values of a repeated field: each valid and at most once.
template <typename Enum, typename Repeated>
absl::Status CheckDistinctEnums(const std::string& field,
                                const Repeated& values, int max) {
  NANO_RETURN_IF_ERROR(validation::CheckMaxSize(field, values.size(), max));
  std::set<int> seen;
  for (int i = 0; i < values.size(); ++i) {
    NANO_RETURN_IF_ERROR(
        validation::CheckEnum(Indexed(field, i), static_cast<Enum>(values[i])));
    if (!seen.insert(values[i]).second) {
      return InvalidField(Indexed(field, i), "listed twice");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAge(const std::string& field, int age) {
  if (age != 0 && (age < 18 || age > 120)) {
    return InvalidField(field, "0 (none) or 18..120");
  }
  return absl::OkStatus();
}

absl::Status CheckQuotas(const v1::CampaignSpec& spec,
                         const std::string& prefix) {
  const std::string field = Nested(prefix, "quotas");
  const auto& quotas = spec.quotas();
  NANO_RETURN_IF_ERROR(validation::CheckMaxSize(field, quotas.size(), 100));
  if (quotas.empty()) return absl::OkStatus();
  const bool by_tier = quotas[0].has_tier();
  const bool by_percent = quotas[0].has_percent();
  absl::flat_hash_set<std::string> keys;
  int64_t total = 0;
  for (int i = 0; i < quotas.size(); ++i) {
    const v1::QuotaBucket& bucket = quotas[i];
    const std::string at = Indexed(field, i);
    if (bucket.key_case() == v1::QuotaBucket::KEY_NOT_SET) {
      return InvalidField(Nested(at, "key"), "required (tier or region)");
    }
    if (bucket.has_tier() != by_tier) {
      return InvalidField(Nested(at, "key"),
                          "every bucket by tier or every bucket by region");
    }
    std::string key;
    if (by_tier) {
      NANO_RETURN_IF_ERROR(
          validation::CheckEnum(Nested(at, "tier"), bucket.tier()));
      key = absl::StrCat(bucket.tier());
    } else {
      NANO_RETURN_IF_ERROR(CheckRegion(bucket.region(), Nested(at, "region")));
      key = absl::StrCat(
          bucket.region().country_code(), "|",
          validation::PostalCodeKey(bucket.region().postal_code_prefix()));
    }
    if (!keys.insert(key).second) {
      return InvalidField(Nested(at, "key"),
                          "the same key as an earlier bucket");
    }
    if (bucket.share_case() == v1::QuotaBucket::SHARE_NOT_SET) {
      return InvalidField(Nested(at, "share"), "required (percent or count)");
    }
    if (bucket.has_percent() != by_percent) {
      return InvalidField(Nested(at, "share"),
                          "every bucket a percent or every bucket a count");
    }
    if (by_percent && (bucket.percent() < 1 || bucket.percent() > 100)) {
      return InvalidField(Nested(at, "percent"), "1..100");
    }
    if (!by_percent && (bucket.count() < 1 || bucket.count() > 100000)) {
      return InvalidField(Nested(at, "count"), "1..100,000");
    }
    total += by_percent ? bucket.percent() : bucket.count();
  }
  if (by_percent && total != 100) {
    return InvalidField(
        field, absl::StrCat("percents add up to ", total, ", not 100"));
  }
  if (!by_percent && total != spec.slots()) {
    return InvalidField(field,
                        absl::StrCat("counts add up to ", total, ", not the ",
                                     spec.slots(), " slots"));
  }
  return absl::OkStatus();
}

absl::Status CheckWindow(const common::v1::TimeRange& window,
                         const std::string& field) {
  if (!window.has_start())
    return InvalidField(Nested(field, "start"), "required");
  if (!window.has_end()) return InvalidField(Nested(field, "end"), "required");
  NANO_RETURN_IF_ERROR(
      validation::CheckTimestamp(Nested(field, "start"), window.start()));
  NANO_RETURN_IF_ERROR(
      validation::CheckTimestamp(Nested(field, "end"), window.end()));
  const absl::Duration length = ToTime(window.end()) - ToTime(window.start());
  if (length <= absl::ZeroDuration()) {
    return InvalidField(Nested(field, "end"), "must be after the start");
  }
  if (length > absl::Hours(24 * 365)) {
    return InvalidField(Nested(field, "end"),
                        "at most 365 days after the start");
  }
  return absl::OkStatus();
}

// The spec fields, by mask path, and whether each may change while
// RECRUITING.
const std::vector<std::pair<std::string, bool>>& SpecPaths() {
  static const auto* paths = new std::vector<std::pair<std::string, bool>>{
      {"name", true},
      {"description", true},
      {"brand_name", false},
      {"product_sku", false},
      {"product_name", false},
      {"product_image_url", true},
      {"universe", false},
      {"targeting", false},
      {"slots", false},
      {"quotas", false},
      {"application_window", false},
      {"application_window.start", false},
      {"application_window.end", true},
      {"post_deadline_days", true},
      {"tier_priority", false},
  };
  return *paths;
}

void CopyPath(const std::string& path, const v1::CampaignSpec& from,
              v1::CampaignSpec* to) {
  if (path == "application_window.start") {
    *to->mutable_application_window()->mutable_start() =
        from.application_window().start();
    return;
  }
  if (path == "application_window.end") {
    *to->mutable_application_window()->mutable_end() =
        from.application_window().end();
    return;
  }
  const auto* field = v1::CampaignSpec::descriptor()->FindFieldByName(path);
  const auto* reflection = to->GetReflection();
  reflection->ClearField(to, field);
  if (field->is_repeated()) {
    for (int i = 0; i < reflection->FieldSize(from, field); ++i) {
      // Every repeated spec field is a message or an enum.
      if (field->type() == google::protobuf::FieldDescriptor::TYPE_ENUM) {
        reflection->AddEnumValue(
            to, field, reflection->GetRepeatedEnumValue(from, field, i));
      } else {
        reflection->AddMessage(to, field)->CopyFrom(
            reflection->GetRepeatedMessage(from, field, i));
      }
    }
    return;
  }
  if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
    if (reflection->HasField(from, field)) {
      reflection->MutableMessage(to, field)->CopyFrom(
          reflection->GetMessage(from, field));
    }
    return;
  }
  switch (field->cpp_type()) {
    case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(to, field, reflection->GetString(from, field));
      break;
    case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
      reflection->SetInt32(to, field, reflection->GetInt32(from, field));
      break;
    case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
      reflection->SetEnumValue(to, field,
                               reflection->GetEnumValue(from, field));
      break;
    default:
      break;
  }
}

}  // namespace

absl::Status CheckTargeting(const v1::Targeting& targeting,
                            absl::string_view prefix_view) {
  const std::string prefix(prefix_view);
  NANO_RETURN_IF_ERROR(CheckDistinctEnums<common::v1::Tier>(
      Nested(prefix, "tiers"), targeting.tiers(), 3));
  NANO_RETURN_IF_ERROR(CheckDistinctEnums<common::v1::Universe>(
      Nested(prefix, "universes"), targeting.universes(), 16));
  const std::string countries = Nested(prefix, "country_codes");
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize(countries, targeting.country_codes_size(), 250));
  for (int i = 0; i < targeting.country_codes_size(); ++i) {
    NANO_RETURN_IF_ERROR(validation::CheckCountryCode(
        Indexed(countries, i), targeting.country_codes(i)));
  }
  const std::string regions = Nested(prefix, "regions");
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize(regions, targeting.regions_size(), 1000));
  for (int i = 0; i < targeting.regions_size(); ++i) {
    NANO_RETURN_IF_ERROR(
        CheckRegion(targeting.regions(i), Indexed(regions, i)));
  }
  NANO_RETURN_IF_ERROR(
      CheckAge(Nested(prefix, "min_age"), targeting.min_age()));
  NANO_RETURN_IF_ERROR(
      CheckAge(Nested(prefix, "max_age"), targeting.max_age()));
  if (targeting.max_age() != 0 && targeting.max_age() < targeting.min_age()) {
    return InvalidField(Nested(prefix, "max_age"), "below min_age");
  }
  const std::string child_age = Nested(prefix, "max_child_age");
  if (targeting.max_child_age() < 0 || targeting.max_child_age() > 25) {
    return InvalidField(child_age, "0..25");
  }
  if (targeting.max_child_age() != 0 &&
      !(targeting.has_with_children() && targeting.with_children())) {
    return InvalidField(child_age, "only with with_children true");
  }
  const double engagement = targeting.min_engagement_rate_percent();
  if (!std::isfinite(engagement) || engagement < 0 || engagement > 100) {
    return InvalidField(Nested(prefix, "min_engagement_rate_percent"),
                        "0..100");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CampaignSpec> CleanCampaignSpec(
    const v1::CampaignSpec& spec, absl::string_view prefix_view) {
  const std::string prefix(prefix_view);
  v1::CampaignSpec clean = spec;
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_name(),
      CleanText(Nested(prefix, "name"), spec.name(), {1, 120}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_description(),
      CleanText(Nested(prefix, "description"), spec.description(),
                {0, 4000, /*multiline=*/true}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_brand_name(),
      CleanText(Nested(prefix, "brand_name"), spec.brand_name(), {1, 100}));
  NANO_RETURN_IF_ERROR(
      CheckSku(Nested(prefix, "product_sku"), spec.product_sku()));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_product_name(),
      CleanText(Nested(prefix, "product_name"), spec.product_name(), {1, 200}));
  if (!spec.product_image_url().empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckHttpsUrl(
        Nested(prefix, "product_image_url"), spec.product_image_url()));
  }
  NANO_RETURN_IF_ERROR(
      validation::CheckEnum(Nested(prefix, "universe"), spec.universe()));
  NANO_RETURN_IF_ERROR(
      CheckTargeting(spec.targeting(), Nested(prefix, "targeting")));
  if (spec.slots() < 1 || spec.slots() > 100000) {
    return InvalidField(Nested(prefix, "slots"),
                        spec.slots() == 0 ? "required" : "1..100,000");
  }
  NANO_RETURN_IF_ERROR(CheckQuotas(spec, prefix));
  NANO_RETURN_IF_ERROR(CheckWindow(spec.application_window(),
                                   Nested(prefix, "application_window")));
  if (spec.post_deadline_days() < 1 || spec.post_deadline_days() > 90) {
    return InvalidField(Nested(prefix, "post_deadline_days"),
                        spec.post_deadline_days() == 0 ? "required" : "1..90");
  }
  NANO_RETURN_IF_ERROR(CheckDistinctEnums<common::v1::Tier>(
      Nested(prefix, "tier_priority"), spec.tier_priority(), 3));
  return clean;
}

absl::StatusOr<v1::CampaignSpec> ApplySpecUpdate(
    const v1::Campaign& current, const v1::CampaignSpec& changes,
    const google::protobuf::FieldMask& mask) {
  if (mask.paths().empty()) {
    return InvalidField("update_mask", "required: name the fields to change");
  }
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize("update_mask.paths", mask.paths_size(), 20));
  v1::CampaignSpec updated = current.spec();
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const auto& paths = SpecPaths();
    const auto it =
        std::find_if(paths.begin(), paths.end(),
                     [&](const auto& p) { return p.first == path; });
    if (it == paths.end()) {
      return InvalidField(Indexed("update_mask.paths", i),
                          "not a field of the campaign spec");
    }
    const bool recruiting = current.status() == v1::CAMPAIGN_STATUS_RECRUITING;
    if (current.status() != v1::CAMPAIGN_STATUS_DRAFT &&
        !(recruiting && it->second)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "campaign.", path, ": cannot change while the campaign is ",
          v1::CampaignStatus_Name(current.status())));
    }
    if (recruiting && path == "application_window.end" &&
        ToTime(changes.application_window().end()) <
            ToTime(current.spec().application_window().end())) {
      return absl::FailedPreconditionError(
          "campaign.application_window.end: may only move later while "
          "recruiting");
    }
    CopyPath(path, changes, &updated);
  }
  return updated;
}

}  // namespace nanoinfluence::recruitment
