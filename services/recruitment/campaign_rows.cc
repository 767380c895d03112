#include "services/recruitment/campaign_rows.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

const char kCampaignColumns[] =
    "campaign_id, brand_id, status, spec, eligible_nano, eligible_micro, "
    "eligible_macro, selection_seed, created_at, updated_at, opened_at, "
    "selection_done_at, closed_at";

v1::Campaign CampaignFromRow(const sql::Row& row) {
  v1::Campaign c;
  c.set_campaign_id(row.Text(0));
  c.set_brand_id(row.Text(1));
  c.set_status(static_cast<v1::CampaignStatus>(row.Int(2)));
  c.mutable_spec()->ParseFromString(row.Text(3));
  if (c.status() != v1::CAMPAIGN_STATUS_DRAFT) {
    int64_t total = 0;
    for (int t = 0; t < 3; ++t) {
      v1::TierCount* count = c.add_eligible_by_tier();
      count->set_tier(static_cast<common::v1::Tier>(t + 1));
      count->set_count(row.Int(4 + t));
      total += count->count();
    }
    c.set_eligible_count(total);
  }
  c.set_selection_seed(static_cast<uint64_t>(row.Int(7)));
  *c.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(8));
  *c.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(9));
  if (auto t = TimestampColumn(row, 10)) *c.mutable_opened_at() = *t;
  if (auto t = TimestampColumn(row, 11)) *c.mutable_selection_done_at() = *t;
  if (auto t = TimestampColumn(row, 12)) *c.mutable_closed_at() = *t;
  return c;
}

absl::Status FillCounters(sql::Connection& tx, v1::Campaign* campaign) {
  // Applied, selected or not: a selected application is stored APPLIED.
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(
          "SELECT (SELECT COUNT(*) FROM applications WHERE campaign_id "
          "= ? AND status IN (?, ?)), (SELECT COUNT(*) FROM selections "
          "WHERE campaign_id = ?)",
          {campaign->campaign_id(), int64_t{v1::APPLICATION_STATUS_APPLIED},
           int64_t{v1::APPLICATION_STATUS_NOT_SELECTED},
           campaign->campaign_id()}));
  campaign->set_application_count(rows.rows[0].Int(0));
  campaign->set_selected_count(static_cast<int32_t>(rows.rows[0].Int(1)));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Campaign>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id, bool with_counters) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kCampaignColumns,
                            " FROM campaigns WHERE campaign_id = ?"),
               {std::string(campaign_id)}));
  if (rows.rows.empty()) return std::nullopt;
  v1::Campaign campaign = CampaignFromRow(rows.rows[0]);
  if (with_counters) NANO_RETURN_IF_ERROR(FillCounters(tx, &campaign));
  return campaign;
}

absl::Status StoreCampaign(sql::Connection& tx, const v1::Campaign& c) {
  int64_t eligible[3] = {0, 0, 0};
  for (const v1::TierCount& count : c.eligible_by_tier()) {
    if (count.tier() >= 1 && count.tier() <= 3) {
      eligible[count.tier() - 1] = count.count();
    }
  }
  return tx
      .Execute(
          "INSERT INTO campaigns (campaign_id, brand_id, status, spec, "
          "product_sku, universe, window_end, eligible_nano, eligible_micro, "
          "eligible_macro, selection_seed, created_at, updated_at, opened_at, "
          "selection_done_at, closed_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (campaign_id) DO UPDATE SET status = excluded.status, "
          "spec = excluded.spec, product_sku = excluded.product_sku, "
          "universe = excluded.universe, window_end = excluded.window_end, "
          "eligible_nano = excluded.eligible_nano, "
          "eligible_micro = excluded.eligible_micro, "
          "eligible_macro = excluded.eligible_macro, "
          "selection_seed = excluded.selection_seed, "
          "updated_at = excluded.updated_at, opened_at = excluded.opened_at, "
          "selection_done_at = excluded.selection_done_at, "
          "closed_at = excluded.closed_at",
          {c.campaign_id(), c.brand_id(), int64_t{c.status()},
           sql::Blob{c.spec().SerializeAsString()}, c.spec().product_sku(),
           int64_t{c.spec().universe()},
           TimeUtil::TimestampToMicroseconds(
               c.spec().application_window().end()),
           eligible[0], eligible[1], eligible[2],
           static_cast<int64_t>(c.selection_seed()),
           TimeUtil::TimestampToMicroseconds(c.created_at()),
           TimeUtil::TimestampToMicroseconds(c.updated_at()),
           MicrosOrNull(c.has_opened_at(), c.opened_at()),
           MicrosOrNull(c.has_selection_done_at(), c.selection_done_at()),
           MicrosOrNull(c.has_closed_at(), c.closed_at())})
      .status();
}

v1::Campaign AsSeenByAmbassador(v1::Campaign campaign) {
  campaign.mutable_spec()->clear_targeting();
  campaign.mutable_spec()->clear_quotas();
  campaign.mutable_spec()->clear_tier_priority();
  campaign.clear_eligible_count();
  campaign.clear_eligible_by_tier();
  campaign.clear_application_count();
  campaign.clear_selected_count();
  campaign.clear_selection_seed();
  return campaign;
}

const char kSelectApplications[] =
    "SELECT application_id, campaign_id, brand_id, ambassador_id, status, "
    "invited, motivation, applicant, household_key, rank, overridden, "
    "sample_allocated, selected_at, created_at, updated_at, tier "
    "FROM applications_now";

ApplicationRow ApplicationFromRow(const sql::Row& row) {
  ApplicationRow r;
  v1::Application& a = r.application;
  a.set_application_id(row.Text(0));
  a.set_campaign_id(row.Text(1));
  a.set_brand_id(row.Text(2));
  a.set_ambassador_id(row.Text(3));
  a.set_status(static_cast<v1::ApplicationStatus>(row.Int(4)));
  a.set_invited(row.Int(5) != 0);
  a.set_motivation(row.Text(6));
  if (!row.IsNull(7)) a.mutable_applicant()->ParseFromString(row.Text(7));
  r.household_key = row.Text(8);
  a.set_rank(static_cast<int32_t>(row.Int(9)));
  a.set_overridden(row.Int(10) != 0);
  r.sample_allocated = row.Int(11) != 0;
  if (!row.IsNull(12)) r.selected_at = absl::FromUnixMicros(row.Int(12));
  *a.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(13));
  *a.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int(14));
  r.tier = static_cast<common::v1::Tier>(row.Int(15));
  return r;
}

absl::StatusOr<std::optional<ApplicationRow>> LoadApplication(
    sql::Connection& tx, absl::string_view application_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat(kSelectApplications, " WHERE application_id = ?"),
               {std::string(application_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return ApplicationFromRow(rows.rows[0]);
}

absl::StatusOr<std::optional<ApplicationRow>> LoadApplicationOf(
    sql::Connection& tx, absl::string_view campaign_id,
    absl::string_view ambassador_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat(kSelectApplications,
                            " WHERE campaign_id = ? AND ambassador_id = ?"),
               {std::string(campaign_id), std::string(ambassador_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return ApplicationFromRow(rows.rows[0]);
}

absl::Status InsertSelection(sql::Connection& tx, const ApplicationRow& r) {
  const v1::Application& a = r.application;
  sql::Value applicant = sql::kNull;
  if (a.has_applicant()) {
    applicant = sql::Blob{a.applicant().SerializeAsString()};
  }
  return tx
      .Execute(
          "INSERT INTO selections (campaign_id, ambassador_id, "
          "application_id, rank, tier, applicant, selected_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {a.campaign_id(), a.ambassador_id(), a.application_id(),
           int64_t{a.rank()}, int64_t{r.tier}, applicant,
           absl::ToUnixMicros(r.selected_at.value_or(absl::Now()))})
      .status();
}

absl::Status DeleteSelection(sql::Connection& tx, const ApplicationRow& r) {
  return tx
      .Execute(
          "DELETE FROM selections WHERE campaign_id = ? AND ambassador_id = ?",
          {r.application.campaign_id(), r.application.ambassador_id()})
      .status();
}

absl::Status StoreApplication(sql::Connection& tx, const ApplicationRow& r) {
  const v1::Application& a = r.application;
  sql::Value motivation = sql::kNull, applicant = sql::kNull,
             household = sql::kNull;
  if (!a.motivation().empty()) motivation = a.motivation();
  if (a.has_applicant()) {
    applicant = sql::Blob{a.applicant().SerializeAsString()};
  }
  if (!r.household_key.empty()) household = r.household_key;
  // The selection itself is a row of `selections` (InsertSelection).
  const int64_t status = a.status() == v1::APPLICATION_STATUS_SELECTED
                             ? int64_t{v1::APPLICATION_STATUS_APPLIED}
                             : int64_t{a.status()};
  // Most stores change an existing application: try the update first.
  NANO_ASSIGN_OR_RETURN(
      int64_t updated,
      tx.Execute("UPDATE applications SET status = ?, invited = ?, "
                 "motivation = ?, applicant = ?, household_key = ?, tier = ?, "
                 "overridden = ?, updated_at = ? WHERE application_id = ?",
                 {status, int64_t{a.invited()}, motivation, applicant,
                  household, int64_t{r.tier}, int64_t{a.overridden()},
                  TimeUtil::TimestampToMicroseconds(a.updated_at()),
                  a.application_id()}));
  if (updated > 0) return absl::OkStatus();
  return tx
      .Execute(
          "INSERT INTO applications (application_id, campaign_id, brand_id, "
          "ambassador_id, status, invited, motivation, applicant, "
          "household_key, tier, overridden, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {a.application_id(), a.campaign_id(), a.brand_id(), a.ambassador_id(),
           status, int64_t{a.invited()}, motivation, applicant, household,
           int64_t{r.tier}, int64_t{a.overridden()},
           TimeUtil::TimestampToMicroseconds(a.created_at()),
           TimeUtil::TimestampToMicroseconds(a.updated_at())})
      .status();
}

}  // namespace nanoinfluence::recruitment
