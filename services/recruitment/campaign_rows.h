// How campaigns and applications are stored (migrations/0003): the spec
// and the applicant summary as protobuf bytes, plus the columns that
// queries filter and count on.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"

namespace nanoinfluence::recruitment {

// "SELECT <these> FROM campaigns" for CampaignFromRow.
extern const char kCampaignColumns[];
// The campaign without its application counters.
v1::Campaign CampaignFromRow(const sql::Row& row);
// The campaign with its counters (counting reads every application: leave
// them out where they are not shown); nullopt when missing.
absl::StatusOr<std::optional<v1::Campaign>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id,
    bool with_counters = true);
// Fills application_count and selected_count.
absl::Status FillCounters(sql::Connection& tx, v1::Campaign* campaign);
// Inserts or replaces the campaign (counters are not stored).
absl::Status StoreCampaign(sql::Connection& tx, const v1::Campaign& campaign);
// The campaign as an ambassador sees it: no targeting, quotas, tier priority
// or counters.
v1::Campaign AsSeenByAmbassador(v1::Campaign campaign);

struct ApplicationRow {
  v1::Application application;
  // The applicant's household when applying; empty once erased.
  std::string household_key;
  // The applicant's tier when the summary was taken; kept after erasure.
  common::v1::Tier tier = common::v1::TIER_UNSPECIFIED;
  // Dispatch allocated a sample (SampleAllocated): the selection is locked.
  bool sample_allocated = false;
  std::optional<absl::Time> selected_at;
};

// "SELECT <columns> FROM applications_now", for ApplicationFromRow: the
// applications with the statuses a selection or a close decided
// (migrations/0003).
extern const char kSelectApplications[];
ApplicationRow ApplicationFromRow(const sql::Row& row);
absl::StatusOr<std::optional<ApplicationRow>> LoadApplication(
    sql::Connection& tx, absl::string_view application_id);
absl::StatusOr<std::optional<ApplicationRow>> LoadApplicationOf(
    sql::Connection& tx, absl::string_view campaign_id,
    absl::string_view ambassador_id);
// Inserts or updates the application's own row; a SELECTED one is stored
// APPLIED, its selection being a row of `selections`.
absl::Status StoreApplication(sql::Connection& tx, const ApplicationRow& row);
// Records the selection of a SELECTED application: rank, tier, summary,
// selected_at.
absl::Status InsertSelection(sql::Connection& tx, const ApplicationRow& row);
// Removes the selection of the application's tester (rejected, withdrawn).
absl::Status DeleteSelection(sql::Connection& tx, const ApplicationRow& row);

}  // namespace nanoinfluence::recruitment
