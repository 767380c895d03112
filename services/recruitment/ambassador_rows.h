// How ambassadors and their social accounts are stored (migrations/0003):
// one row per ambassador holding the profile and consent as protobuf bytes
// plus the columns targeting, tiers and reliability read, and one row per
// linked account.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/recruitment/v1/ambassador.pb.h"

namespace nanoinfluence::recruitment {

struct AmbassadorRow {
  std::string ambassador_id;
  bool erased = false;
  // Empty once erased.
  v1::AmbassadorProfile profile;
  v1::Consent consent;
  // Kept after erasure for the anonymous counts.
  std::string country_code;
  common::v1::TierRecord tier;
  double engagement_rate_percent = 0;
  int tests_counted = 0;
  int posted_on_time = 0;
  int posted_late = 0;
  int not_posted = 0;
  std::optional<absl::Time> reliability_updated_at;
  // Read only: the campaign of the ambassador's active test, derived from
  // the applications (the active_tests view); empty when none.
  std::string active_test_campaign_id;
  // Bumped by every save: the order in which another replica would follow
  // this ambassador's changes.
  int64_t revision = 0;
  absl::Time created_at;
  absl::Time updated_at;
};

// The columns AmbassadorFromRow reads, for "SELECT <these> FROM ambassadors".
extern const char kAmbassadorColumns[];
AmbassadorRow AmbassadorFromRow(const sql::Row& row);

absl::StatusOr<std::optional<AmbassadorRow>> LoadAmbassadorRow(
    sql::Connection& tx, absl::string_view ambassador_id);

// Inserts or replaces the row; the targeting columns are derived from the
// profile here, so they never disagree with it.
absl::Status StoreAmbassadorRow(sql::Connection& tx, const AmbassadorRow& row);

// The linked accounts of an ambassador, in the order they were linked.
absl::StatusOr<std::vector<v1::SocialAccount>> LoadSocialAccounts(
    sql::Connection& tx, absl::string_view ambassador_id);

// An account with the ambassador it belongs to; nullopt when missing.
struct SocialAccountRow {
  std::string ambassador_id;
  v1::SocialAccount account;
};
absl::StatusOr<std::optional<SocialAccountRow>> LoadSocialAccount(
    sql::Connection& tx, absl::string_view social_account_id);

// The handle as compared for uniqueness: trimmed, no leading "@", lower case.
std::string HandleKey(absl::string_view handle);

// Records a grant or withdrawal of one consent purpose.
absl::Status RecordConsent(sql::Connection& tx, absl::string_view ambassador_id,
                           absl::string_view purpose,
                           const v1::ConsentRecord& record);

// Bit u set for each Universe value u of the profile.
uint32_t UniverseBits(const v1::AmbassadorProfile& profile);
// Birth year of the youngest child, 0 without children.
int32_t YoungestChildYear(const v1::AmbassadorProfile& profile);

}  // namespace nanoinfluence::recruitment
