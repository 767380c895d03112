#include "tools/bench/community_generator.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/sql/migrations.h"
#include "libs/sql/sqlite_database.h"
#include "libs/status/status_macros.h"
#include "libs/tiers/tier_rule.h"
#include "migrations.h"
#include "services/recruitment/ambassador_rows.h"
#include "services/recruitment/campaign_rows.h"
#include "services/recruitment/domain/profile_rules.h"

namespace nanoinfluence::bench {
namespace {

using google::protobuf::util::TimeUtil;
namespace v1 = recruitment::v1;

constexpr int kBatch = 10'000;

std::string Uuid(std::mt19937_64& random) {
  const uint64_t a = random(), b = random();
  return absl::StrFormat("%08x-%04x-4%03x-8%03x-%012x", a >> 32,
                         (a >> 16) & 0xFFFF, a & 0xFFF, b >> 52,
                         b & 0xFFFFFFFFFFFFull);
}

google::protobuf::Timestamp Stamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

struct Country {
  const char* code;
  double share;
  int postal_digits;
};
constexpr Country kCountries[] = {
    {"FR", 0.6, 5}, {"BE", 0.15, 4}, {"DE", 0.15, 5}, {"ES", 0.1, 5}};

recruitment::AmbassadorRow MakeAmbassador(int64_t i, std::mt19937_64& random,
                                          absl::Time now) {
  std::uniform_real_distribution<double> unit(0, 1);
  recruitment::AmbassadorRow row;
  row.ambassador_id = Uuid(random);
  v1::AmbassadorProfile& p = row.profile;
  p.set_display_name(absl::StrCat("Member ", i));
  p.set_first_name(absl::StrCat("First", i));
  p.set_last_name(absl::StrCat("Last", i));
  p.set_email(absl::StrCat("member", i, "@example.com"));
  const Country* country = &kCountries[0];
  for (double pick = unit(random), total = 0; const Country& c : kCountries) {
    total += c.share;
    country = &c;
    if (pick < total) break;
  }
  p.set_country_code(country->code);
  p.set_postal_code(absl::StrFormat(
      "%0*d", country->postal_digits,
      static_cast<int>(unit(random) * std::pow(10, country->postal_digits))));
  p.mutable_birth_date()->set_year(1950 + static_cast<int>(unit(random) * 57));
  p.mutable_birth_date()->set_month(1 + static_cast<int>(unit(random) * 12));
  p.mutable_birth_date()->set_day(1 + static_cast<int>(unit(random) * 28));
  for (int u = 1; u <= 16; ++u) {
    if (unit(random) < 0.35)
      p.add_universes(static_cast<common::v1::Universe>(u));
  }
  if (unit(random) < 0.3) {
    p.mutable_household()->set_size(3);
    p.mutable_household()->add_children_birth_years(
        2008 + static_cast<int>(unit(random) * 18));
  }
  if (unit(random) < 0.9) {
    common::v1::PostalAddress* a = p.mutable_shipping_address();
    a->set_recipient_name(absl::StrCat("First", i, " Last", i));
    a->set_line1(absl::StrCat(1 + i % 200, " rue du Test ", i));
    a->set_postal_code(p.postal_code());
    a->set_city("Ville");
    a->set_country_code(p.country_code());
  }
  row.country_code = p.country_code();
  for (auto* consent :
       {row.consent.mutable_terms(), row.consent.mutable_data_processing()}) {
    consent->set_granted(true);
    consent->set_version("2026-01");
    *consent->mutable_recorded_at() = Stamp(now);
  }
  // Audience: four in five have accounts; followers log-normal around 150.
  std::lognormal_distribution<double> followers(5.0, 1.8);
  const int64_t audience =
      unit(random) < 0.8 ? static_cast<int64_t>(followers(random)) : 0;
  row.tier.set_ambassador_id(row.ambassador_id);
  row.tier.set_audience(audience);
  row.tier.set_tier(tiers::TierForAudience(audience));
  row.tier.set_version(1);
  *row.tier.mutable_computed_at() = Stamp(now);
  row.engagement_rate_percent =
      audience > 0 ? std::round(unit(random) * 1200) / 100 : 0;
  if (unit(random) < 0.4) {
    row.tests_counted = 1 + static_cast<int>(unit(random) * 5);
    for (int t = 0; t < row.tests_counted; ++t) {
      const double outcome = unit(random);
      if (outcome < 0.7) {
        ++row.posted_on_time;
      } else if (outcome < 0.85) {
        ++row.posted_late;
      } else {
        ++row.not_posted;
      }
    }
    row.reliability_updated_at = now;
  }
  row.revision = 1;
  row.created_at = row.updated_at = now - absl::Seconds(i);
  return row;
}

bool WouldApply(const recruitment::AmbassadorRow& row) {
  const auto& p = row.profile;
  bool food = false;
  for (int u : p.universes()) food |= u == common::v1::UNIVERSE_FOOD;
  return food && p.country_code() == "FR" && p.has_shipping_address() &&
         row.tier.tier() != common::v1::TIER_MACRO;
}

// One RECRUITING campaign and its applicants, drawn among `candidates`.
absl::Status AddCampaign(sql::Database& db, const CommunityOptions& options,
                         absl::Time now, std::mt19937_64& random,
                         std::vector<recruitment::AmbassadorRow>& candidates,
                         Community& community) {
  const std::string campaign_id = Uuid(random);
  v1::Campaign campaign;
  campaign.set_campaign_id(campaign_id);
  campaign.set_brand_id(community.brand_id);
  campaign.set_status(v1::CAMPAIGN_STATUS_RECRUITING);
  v1::CampaignSpec* spec = campaign.mutable_spec();
  spec->set_name("Crunchy oat bar");
  spec->set_brand_name("Oat & Co");
  spec->set_product_sku("OAT-BAR-40G");
  spec->set_product_name("Oat bar, 40 g");
  spec->set_universe(common::v1::UNIVERSE_FOOD);
  spec->mutable_targeting()->add_country_codes("FR");
  spec->mutable_targeting()->add_universes(common::v1::UNIVERSE_FOOD);
  spec->set_slots(options.slots);
  auto* nano = spec->add_quotas();
  nano->set_tier(common::v1::TIER_NANO);
  nano->set_percent(70);
  auto* micro = spec->add_quotas();
  micro->set_tier(common::v1::TIER_MICRO);
  micro->set_percent(30);
  *spec->mutable_application_window()->mutable_start() =
      Stamp(now - absl::Hours(24));
  *spec->mutable_application_window()->mutable_end() =
      Stamp(now + absl::Hours(24 * 30));
  spec->set_post_deadline_days(21);
  *campaign.mutable_created_at() = *campaign.mutable_updated_at() =
      *campaign.mutable_opened_at() = Stamp(now);

  // Applicants: a random draw among those the campaign reaches.
  std::shuffle(candidates.begin(), candidates.end(), random);
  recruitment::ProfilePolicy policy;
  int64_t applicants = 0;
  std::vector<std::string> testers;
  if (options.select_all) {
    campaign.set_status(v1::CAMPAIGN_STATUS_SELECTION_DONE);
    *campaign.mutable_selection_done_at() = Stamp(now);
  }
  NANO_RETURN_IF_ERROR(
      db.Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
        NANO_RETURN_IF_ERROR(recruitment::StoreCampaign(tx, campaign));
        for (size_t i = 0;
             i < candidates.size() && applicants < options.applicants; ++i) {
          const recruitment::AmbassadorRow& row = candidates[i];
          recruitment::ApplicationRow application;
          v1::Application& a = application.application;
          a.set_application_id(Uuid(random));
          a.set_campaign_id(campaign_id);
          a.set_brand_id(community.brand_id);
          a.set_ambassador_id(row.ambassador_id);
          a.set_status(v1::APPLICATION_STATUS_APPLIED);
          a.set_motivation("I love oat bars.");
          v1::ApplicantSummary* summary = a.mutable_applicant();
          summary->set_display_name(row.profile.display_name());
          summary->set_country_code(row.country_code);
          summary->set_tier(row.tier.tier());
          summary->set_audience(row.tier.audience());
          summary->set_engagement_rate_percent(row.engagement_rate_percent);
          summary->set_reliability_score(recruitment::ReliabilityScore(
              row.posted_on_time, row.tests_counted, policy));
          *a.mutable_created_at() = *a.mutable_updated_at() = Stamp(now);
          application.household_key =
              recruitment::HouseholdKey(row.profile.shipping_address());
          application.tier = row.tier.tier();
          NANO_RETURN_IF_ERROR(recruitment::StoreApplication(tx, application));
          ++applicants;
          if (options.select_all) {
            a.set_rank(static_cast<int32_t>(applicants));
            application.selected_at = now;
            NANO_RETURN_IF_ERROR(recruitment::InsertSelection(tx, application));
            testers.push_back(row.ambassador_id);
          }
        }
        return absl::OkStatus();
      }));
  community.campaign_ids.push_back(campaign_id);
  community.applicants = applicants;
  community.testers.push_back(std::move(testers));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Community> GenerateCommunity(const std::string& database_path,
                                            const CommunityOptions& options) {
  NANO_ASSIGN_OR_RETURN(auto db, sql::OpenSqlite({.path = database_path,
                                                  .synchronous = "NORMAL"}));
  NANO_RETURN_IF_ERROR(
      sql::ApplyMigrations(*db, recruitment::Migrations()).status());
  std::mt19937_64 random(options.seed);
  const absl::Time now = absl::Now();
  Community community;
  community.brand_id = Uuid(random);
  std::vector<recruitment::AmbassadorRow> candidates;
  for (int64_t start = 0; start < options.ambassadors; start += kBatch) {
    NANO_RETURN_IF_ERROR(
        db->Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
          for (int64_t i = start;
               i < std::min(start + kBatch, options.ambassadors); ++i) {
            recruitment::AmbassadorRow row = MakeAmbassador(i, random, now);
            NANO_RETURN_IF_ERROR(recruitment::StoreAmbassadorRow(tx, row));
            ++community.by_tier[row.tier.tier() - 1];
            if (WouldApply(row)) candidates.push_back(std::move(row));
          }
          return absl::OkStatus();
        }));
  }
  community.ambassadors = options.ambassadors;

  for (int32_t c = 0; c < options.campaigns; ++c) {
    NANO_RETURN_IF_ERROR(
        AddCampaign(*db, options, now, random, candidates, community));
  }
  NANO_RETURN_IF_ERROR(db->PurgeDeletedData());  // one file, no log
  return community;
}

}  // namespace nanoinfluence::bench
