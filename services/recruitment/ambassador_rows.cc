#include "services/recruitment/ambassador_rows.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "services/recruitment/domain/profile_rules.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;

sql::Value OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time.has_value()) return sql::kNull;
  return absl::ToUnixMicros(*time);
}

constexpr char kAccountColumns[] =
    "social_account_id, ambassador_id, network, handle, followers, "
    "engagement_rate, linked_at, updated_at";

SocialAccountRow AccountFromRow(const sql::Row& row) {
  SocialAccountRow account;
  account.ambassador_id = row.Text(1);
  v1::SocialAccount& a = account.account;
  a.set_social_account_id(row.Text(0));
  a.set_network(static_cast<common::v1::SocialNetwork>(row.Int(2)));
  a.set_handle(row.Text(3));
  a.set_followers(row.Int(4));
  a.set_engagement_rate_percent(row.Real(5));
  *a.mutable_linked_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(6));
  *a.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(7));
  return account;
}

}  // namespace

const char kAmbassadorColumns[] =
    "ambassador_id, erased_at, profile, consent, country_code, audience, "
    "tier, tier_version, tier_computed_at, engagement_rate, tests_counted, "
    "posted_on_time, posted_late, not_posted, reliability_updated_at, "
    "(SELECT t.campaign_id FROM active_tests t "
    "WHERE t.ambassador_id = ambassadors.ambassador_id LIMIT 1), "
    "revision, created_at, updated_at";

AmbassadorRow AmbassadorFromRow(const sql::Row& row) {
  AmbassadorRow a;
  a.ambassador_id = row.Text(0);
  a.erased = !row.IsNull(1);
  if (!a.erased) a.profile.ParseFromString(row.Text(2));
  a.consent.ParseFromString(row.Text(3));
  a.country_code = row.Text(4);
  a.tier.set_ambassador_id(a.ambassador_id);
  a.tier.set_audience(row.Int(5));
  a.tier.set_tier(static_cast<common::v1::Tier>(row.Int(6)));
  a.tier.set_version(row.Int(7));
  *a.tier.mutable_computed_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(8));
  a.engagement_rate_percent = row.Real(9);
  a.tests_counted = static_cast<int>(row.Int(10));
  a.posted_on_time = static_cast<int>(row.Int(11));
  a.posted_late = static_cast<int>(row.Int(12));
  a.not_posted = static_cast<int>(row.Int(13));
  if (!row.IsNull(14))
    a.reliability_updated_at = absl::FromUnixMicros(row.Int(14));
  a.active_test_campaign_id = row.Text(15);
  a.revision = row.Int(16);
  a.created_at = absl::FromUnixMicros(row.Int(17));
  a.updated_at = absl::FromUnixMicros(row.Int(18));
  return a;
}

absl::StatusOr<std::optional<AmbassadorRow>> LoadAmbassadorRow(
    sql::Connection& tx, absl::string_view ambassador_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kAmbassadorColumns,
                            " FROM ambassadors WHERE ambassador_id = ?"),
               {std::string(ambassador_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return AmbassadorFromRow(rows.rows[0]);
}

uint32_t UniverseBits(const v1::AmbassadorProfile& profile) {
  uint32_t bits = 0;
  for (int universe : profile.universes()) bits |= 1u << universe;
  return bits;
}

int32_t YoungestChildYear(const v1::AmbassadorProfile& profile) {
  const auto& years = profile.household().children_birth_years();
  return years.empty() ? 0 : *std::max_element(years.begin(), years.end());
}

absl::Status StoreAmbassadorRow(sql::Connection& tx, const AmbassadorRow& a) {
  const v1::AmbassadorProfile& p = a.profile;
  sql::Value email = sql::kNull, profile = sql::kNull, birth = sql::kNull,
             household = sql::kNull;
  if (!a.erased) {
    email = p.email();
    profile = sql::Blob{p.SerializeAsString()};
    birth = int64_t{validation::DateKey(p.birth_date())};
    if (p.has_shipping_address())
      household = HouseholdKey(p.shipping_address());
  }
  return tx
      .Execute(
          "INSERT INTO ambassadors (ambassador_id, erased_at, email, profile, "
          "consent, country_code, postal_key, birth_date, universes, "
          "youngest_child_year, household_key, terms_version, "
          "data_processing_version, audience, tier, tier_version, "
          "tier_computed_at, engagement_rate, tests_counted, posted_on_time, "
          "posted_late, not_posted, reliability_updated_at, revision, "
          "created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (ambassador_id) DO UPDATE SET "
          "erased_at = excluded.erased_at, email = excluded.email, "
          "profile = excluded.profile, consent = excluded.consent, "
          "country_code = excluded.country_code, "
          "postal_key = excluded.postal_key, birth_date = excluded.birth_date, "
          "universes = excluded.universes, "
          "youngest_child_year = excluded.youngest_child_year, "
          "household_key = excluded.household_key, "
          "terms_version = excluded.terms_version, "
          "data_processing_version = excluded.data_processing_version, "
          "audience = excluded.audience, tier = excluded.tier, "
          "tier_version = excluded.tier_version, "
          "tier_computed_at = excluded.tier_computed_at, "
          "engagement_rate = excluded.engagement_rate, "
          "tests_counted = excluded.tests_counted, "
          "posted_on_time = excluded.posted_on_time, "
          "posted_late = excluded.posted_late, "
          "not_posted = excluded.not_posted, "
          "reliability_updated_at = excluded.reliability_updated_at, "
          "revision = excluded.revision, updated_at = excluded.updated_at",
          {a.ambassador_id,
           a.erased ? sql::Value{absl::ToUnixMicros(a.updated_at)} : sql::kNull,
           email,
           profile,
           sql::Blob{a.consent.SerializeAsString()},
           a.country_code,
           a.erased ? std::string()
                    : validation::PostalCodeKey(p.postal_code()),
           birth,
           int64_t{UniverseBits(p)},
           int64_t{YoungestChildYear(p)},
           household,
           a.consent.terms().version(),
           a.consent.data_processing().version(),
           a.tier.audience(),
           int64_t{a.tier.tier()},
           a.tier.version(),
           TimeUtil::TimestampToMicroseconds(a.tier.computed_at()),
           a.engagement_rate_percent,
           int64_t{a.tests_counted},
           int64_t{a.posted_on_time},
           int64_t{a.posted_late},
           int64_t{a.not_posted},
           OptionalMicros(a.reliability_updated_at),
           a.revision,
           absl::ToUnixMicros(a.created_at),
           absl::ToUnixMicros(a.updated_at)})
      .status();
}

absl::StatusOr<std::vector<v1::SocialAccount>> LoadSocialAccounts(
    sql::Connection& tx, absl::string_view ambassador_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kAccountColumns,
                            " FROM social_accounts WHERE ambassador_id = ? "
                            "ORDER BY linked_at, social_account_id"),
               {std::string(ambassador_id)}));
  std::vector<v1::SocialAccount> accounts;
  for (const sql::Row& row : rows.rows) {
    accounts.push_back(AccountFromRow(row).account);
  }
  return accounts;
}

absl::StatusOr<std::optional<SocialAccountRow>> LoadSocialAccount(
    sql::Connection& tx, absl::string_view social_account_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(
          absl::StrCat("SELECT ", kAccountColumns,
                       " FROM social_accounts WHERE social_account_id = ?"),
          {std::string(social_account_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return AccountFromRow(rows.rows[0]);
}

std::string HandleKey(absl::string_view handle) {
  absl::string_view key = absl::StripAsciiWhitespace(handle);
  if (!key.empty() && key[0] == '@') key.remove_prefix(1);
  return absl::AsciiStrToLower(key);
}

absl::Status RecordConsent(sql::Connection& tx, absl::string_view ambassador_id,
                           absl::string_view purpose,
                           const v1::ConsentRecord& record) {
  return tx
      .Execute(
          "INSERT INTO consent_history (ambassador_id, purpose, version, "
          "granted, recorded_at) VALUES (?, ?, ?, ?, ?)",
          {std::string(ambassador_id), std::string(purpose), record.version(),
           int64_t{record.granted()},
           TimeUtil::TimestampToMicroseconds(record.recorded_at())})
      .status();
}

}  // namespace nanoinfluence::recruitment
