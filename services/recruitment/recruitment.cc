#include "services/recruitment/recruitment.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/log/json_log.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::recruitment {

using google::protobuf::util::TimeUtil;

Recruitment::Recruitment(sql::Database& db, const events::Outbox& outbox,
                         tiers::TierCacheWriter* tier_cache,
                         ProfilePolicy policy)
    : db_(db),
      outbox_(outbox),
      tier_cache_(tier_cache),
      policy_(std::move(policy)),
      write_back_(tier_cache == nullptr
                      ? nullptr
                      : std::make_unique<TierWriteBack>(*tier_cache)),
      intake_(db,
              [this](sql::Connection& tx, const common::v1::Event& event) {
                return ApplyEvent(tx, event);
              }),
      writer_(db) {}

absl::Status Recruitment::LoadIndex() {
  // Pages by id so no transaction holds the database for long.
  std::string after;
  while (true) {
    sql::ResultSet rows;
    NANO_RETURN_IF_ERROR(
        db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
          NANO_ASSIGN_OR_RETURN(
              rows,
              tx.Query(absl::StrCat("SELECT ", kAmbassadorColumns,
                                    " FROM ambassadors WHERE ambassador_id > "
                                    "? ORDER BY ambassador_id LIMIT 10000"),
                       {after}));
          return absl::OkStatus();
        }));
    if (rows.rows.empty()) return absl::OkStatus();
    for (const sql::Row& row : rows.rows) {
      const AmbassadorRow ambassador = AmbassadorFromRow(row);
      if (ambassador.erased) {
        index_.Remove(ambassador.ambassador_id);
      } else {
        index_.Upsert(FactsOf(ambassador));
      }
    }
    after = rows.rows.back().Text(0);
  }
}

absl::Status Recruitment::Write(const Caller& caller,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response,
                                WriteBody body) {
  AfterCommit after;
  bool replayed = false;
  NANO_RETURN_IF_ERROR(writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string* data_subject) {
        after = AfterCommit{};
        NANO_RETURN_IF_ERROR(body(tx, after));
        *data_subject = after.data_subject;
        return absl::OkStatus();
      },
      &replayed));
  if (!replayed) WriteTierCache(after);
  return absl::OkStatus();
}

void Recruitment::WriteTierCache(const AfterCommit& after) {
  if (tier_cache_ == nullptr) return;
  for (const std::string& id : after.erased) {
    if (!tier_cache_->Erase(id).ok()) {
      LogLine("warn", "tier cache erase failed")
          .Add("ambassador_id", id)
          .Emit();
    }
  }
  for (const common::v1::TierRecord& record : after.tiers) {
    // Synchronous: once the call answers, every reader sees the new tier.
    // The database stays the truth when Redis is down; readers fall back.
    if (!tier_cache_->Put(record).ok()) {
      LogLine("warn", "tier cache write failed")
          .Add("ambassador_id", record.ambassador_id())
          .Emit();
    }
  }
}

absl::StatusOr<AmbassadorRow> Recruitment::LoadVisibleAmbassador(
    sql::Connection& tx, const Caller& caller, absl::string_view requested) {
  if (!requested.empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckUuid("ambassador_id", requested));
  }
  NANO_ASSIGN_OR_RETURN(std::string id, auth::AmbassadorFor(caller, requested));
  return LoadLiveAmbassador(tx, id);
}

absl::StatusOr<v1::Ambassador> Recruitment::LoadAmbassadorView(
    sql::Connection& tx, const Caller& caller, absl::string_view requested) {
  NANO_ASSIGN_OR_RETURN(AmbassadorRow row,
                        LoadVisibleAmbassador(tx, caller, requested));
  NANO_ASSIGN_OR_RETURN(auto accounts,
                        LoadSocialAccounts(tx, row.ambassador_id));
  return AmbassadorView(row, accounts);
}

absl::StatusOr<AmbassadorRow> Recruitment::LoadLiveAmbassador(
    sql::Connection& tx, absl::string_view id) {
  NANO_ASSIGN_OR_RETURN(std::optional<AmbassadorRow> row,
                        LoadAmbassadorRow(tx, id));
  if (!row.has_value() || row->erased) return auth::NotFound("ambassador", id);
  return *std::move(row);
}

absl::StatusOr<v1::Campaign> Recruitment::LoadOwnedCampaign(
    sql::Connection& tx, const Caller& caller, absl::string_view campaign_id,
    bool with_counters) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("campaign_id", campaign_id));
  NANO_ASSIGN_OR_RETURN(std::optional<v1::Campaign> campaign,
                        LoadCampaign(tx, campaign_id, with_counters));
  if (!campaign.has_value() || !caller.SeesBrand(campaign->brand_id())) {
    return auth::NotFound("campaign", campaign_id);
  }
  return *std::move(campaign);
}

absl::Status Recruitment::SaveAmbassador(sql::Connection& tx,
                                         AmbassadorRow& row) {
  ++row.revision;
  NANO_RETURN_IF_ERROR(StoreAmbassadorRow(tx, row));
  if (row.erased) {
    tx.OnCommit([this, id = row.ambassador_id] { index_.Remove(id); });
  } else {
    tx.OnCommit([this, facts = FactsOf(row)] { index_.Upsert(facts); });
  }
  return absl::OkStatus();
}

void Recruitment::NoteActiveTest(sql::Connection& tx,
                                 const std::string& ambassador_id,
                                 bool active) {
  tx.OnCommit([this, ambassador_id, active] {
    index_.SetActiveTest(ambassador_id, active);
  });
}

AmbassadorFacts Recruitment::FactsOf(const AmbassadorRow& row) const {
  const v1::AmbassadorProfile& p = row.profile;
  AmbassadorFacts facts;
  facts.ambassador_id = row.ambassador_id;
  facts.tier = row.tier.tier();
  facts.audience = row.tier.audience();
  facts.tier_version = row.tier.version();
  facts.tier_computed_at =
      TimeUtil::TimestampToMicroseconds(row.tier.computed_at());
  facts.universes = UniverseBits(p);
  facts.country_code = p.country_code();
  facts.postal_key = validation::PostalCodeKey(p.postal_code());
  facts.birth_date = validation::DateKey(p.birth_date());
  facts.youngest_child_year = YoungestChildYear(p);
  facts.engagement_rate_percent = row.engagement_rate_percent;
  facts.reliability_score =
      ReliabilityScore(row.posted_on_time, row.tests_counted, policy_);
  facts.consent_current =
      row.consent.terms().granted() &&
      row.consent.terms().version() == policy_.terms_version &&
      row.consent.data_processing().granted() &&
      row.consent.data_processing().version() ==
          policy_.data_processing_version;
  facts.has_shipping_address = p.has_shipping_address();
  facts.has_active_test = !row.active_test_campaign_id.empty();
  return facts;
}

v1::Ambassador Recruitment::AmbassadorView(
    const AmbassadorRow& row,
    const std::vector<v1::SocialAccount>& accounts) const {
  v1::Ambassador a;
  a.set_ambassador_id(row.ambassador_id);
  *a.mutable_profile() = row.profile;
  *a.mutable_consent() = row.consent;
  for (const v1::SocialAccount& account : accounts) {
    *a.add_social_accounts() = account;
  }
  *a.mutable_tier() = row.tier;
  a.set_engagement_rate_percent(row.engagement_rate_percent);
  v1::ReliabilityScore* reliability = a.mutable_reliability();
  reliability->set_score(
      ReliabilityScore(row.posted_on_time, row.tests_counted, policy_));
  reliability->set_tests_counted(row.tests_counted);
  reliability->set_posted_on_time(row.posted_on_time);
  reliability->set_posted_late(row.posted_late);
  reliability->set_not_posted(row.not_posted);
  if (row.reliability_updated_at.has_value()) {
    *reliability->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(*row.reliability_updated_at));
  }
  a.set_active_test_campaign_id(row.active_test_campaign_id);
  *a.mutable_created_at() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(row.created_at));
  *a.mutable_updated_at() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(row.updated_at));
  return a;
}

v1::ApplicantSummary Recruitment::SummaryOf(const AmbassadorRow& row) const {
  v1::ApplicantSummary summary;
  summary.set_display_name(row.profile.display_name());
  summary.set_country_code(row.profile.country_code());
  summary.set_tier(row.tier.tier());
  summary.set_audience(row.tier.audience());
  summary.set_engagement_rate_percent(row.engagement_rate_percent);
  summary.set_reliability_score(
      ReliabilityScore(row.posted_on_time, row.tests_counted, policy_));
  summary.set_tests_counted(row.tests_counted);
  return summary;
}

bool Recruitment::Reaches(const v1::Campaign& campaign,
                          const AmbassadorFacts& facts) const {
  return CompiledTargeting::From(campaign.spec().targeting())
      .Matches(facts, validation::TodayKey());
}

absl::Status Recruitment::Emit(sql::Connection& tx,
                               absl::string_view aggregate_type,
                               absl::string_view aggregate_id,
                               common::v1::Event event) const {
  event.set_aggregate_type(std::string(aggregate_type));
  event.set_aggregate_id(std::string(aggregate_id));
  return outbox_.Append(tx, std::move(event)).status();
}

absl::Status Recruitment::IngestEvents(
    const Caller& caller, const common::v1::IngestEventsRequest& request,
    common::v1::IngestEventsResponse* response) {
  return intake_.Ingest(caller, request, response);
}

}  // namespace nanoinfluence::recruitment
