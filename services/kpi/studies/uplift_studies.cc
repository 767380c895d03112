#include "services/kpi/studies/uplift_studies.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/events/outbox.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "services/kpi/campaign_access.h"
#include "services/kpi/domain/uplift.h"
#include "services/kpi/studies/study_checks.h"
#include "services/kpi/studies/study_rows.h"

namespace nanoinfluence::kpi {
namespace {

using validation::Indexed;
using validation::InvalidField;

// A seed for a study created without one: random, never 0 (0 means "the
// study's default" in GetUpliftResult).
uint64_t RandomSeed() {
  absl::BitGen random;
  return absl::Uniform(absl::IntervalClosed, random, uint64_t{1},
                       std::numeric_limits<uint64_t>::max());
}

v1::UpliftRefusal RefusalOf(Refusal refusal) {
  switch (refusal) {
    case Refusal::kTooFewStores:
      return v1::UPLIFT_REFUSAL_TOO_FEW_STORES;
    case Refusal::kEmptyPeriod:
      return v1::UPLIFT_REFUSAL_EMPTY_PERIOD;
    case Refusal::kUnstableInterval:
      return v1::UPLIFT_REFUSAL_UNSTABLE_INTERVAL;
    case Refusal::kNone:
      break;
  }
  return v1::UPLIFT_REFUSAL_UNSPECIFIED;
}

// The domain's detail without its leading "<refusal name>: ": an outcome
// carries the name in `refusal` already.
std::string DetailWithoutName(const Uplift& uplift) {
  std::string_view detail = uplift.refusal_detail;
  const std::string prefix = std::string(RefusalName(uplift.refusal)) + ": ";
  if (detail.starts_with(prefix)) detail.remove_prefix(prefix.size());
  return std::string(detail);
}

// Which area the store was first recorded in; UNSPECIFIED when it is new.
absl::StatusOr<v1::StoreArea> AreaOf(sql::Connection& tx,
                                     const std::string& study_id,
                                     const std::string& store_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT area FROM uplift_stores WHERE study_id = ? AND "
               "store_id = ?",
               {study_id, store_id}));
  if (rows.rows.empty()) return v1::STORE_AREA_UNSPECIFIED;
  return static_cast<v1::StoreArea>(rows.rows[0].Int(0));
}

// Writes one record; returns whether it replaced an earlier figure.
absl::StatusOr<bool> StoreRecord(sql::Connection& tx,
                                 const std::string& study_id,
                                 const SalesRecord& record, int64_t now) {
  NANO_ASSIGN_OR_RETURN(
      int64_t updated,
      tx.Execute("UPDATE uplift_sales SET units_sold = ?, recorded_at = ? "
                 "WHERE study_id = ? AND store_id = ? AND period = ?",
                 {record.units_sold, now, study_id, record.store_id,
                  int64_t{record.period}}));
  if (updated > 0) return true;
  NANO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO uplift_sales (study_id, store_id, period, "
                 "units_sold, recorded_at) VALUES (?, ?, ?, ?, ?)",
                 {study_id, record.store_id, int64_t{record.period},
                  record.units_sold, now})
          .status());
  return false;
}

}  // namespace

UpliftStudies::UpliftStudies(sql::Database& db) : db_(db), writer_(db) {}

absl::Status UpliftStudies::Create(const auth::Caller& caller,
                                   const v1::CreateUpliftStudyRequest& request,
                                   v1::UpliftStudy* response) {
  NANO_ASSIGN_OR_RETURN(const StudyPlan plan, CheckCreateStudy(request));
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            const std::string brand_id,
            VisibleCampaignBrand(tx, caller, request.campaign_id()));
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet same_name,
            tx.Query("SELECT 1 FROM uplift_studies WHERE campaign_id = ? AND "
                     "name = ?",
                     {request.campaign_id(), plan.name}));
        if (!same_name.rows.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("name: the campaign already has a study named \"",
                           plan.name, "\""));
        }
        const std::string study_id = events::NewEventId();
        const uint64_t seed =
            plan.default_seed != 0 ? plan.default_seed : RandomSeed();
        NANO_RETURN_IF_ERROR(
            tx.Execute(
                  "INSERT INTO uplift_studies (study_id, campaign_id, "
                  "brand_id, name, before_first_day, before_last_day, "
                  "during_first_day, during_last_day, min_stores_per_area, "
                  "default_seed, exposed_stores, control_stores, created_at, "
                  "last_sales_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, "
                  "?, NULL)",
                  {study_id, request.campaign_id(), brand_id, plan.name,
                   plan.before_first, plan.before_last, plan.during_first,
                   plan.during_last, int64_t{plan.min_stores_per_area},
                   SeedColumn(seed), absl::ToUnixMicros(absl::Now())})
                .status());
        NANO_RETURN_IF_ERROR(BumpReportVersion(tx, request.campaign_id()));
        NANO_ASSIGN_OR_RETURN(*response, LoadStudy(tx, study_id));
        return absl::OkStatus();
      });
}

absl::Status UpliftStudies::RecordSales(
    const auth::Caller& caller, const v1::RecordStoreSalesRequest& request,
    v1::RecordStoreSalesResponse* response) {
  NANO_ASSIGN_OR_RETURN(const std::vector<SalesRecord> records,
                        CheckRecordSales(request));
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(const v1::UpliftStudy study,
                              LoadVisibleStudy(tx, caller, request.study_id()));
        const std::string& study_id = study.study_id();
        const int64_t now = absl::ToUnixMicros(absl::Now());
        int created = 0, replaced = 0, new_exposed = 0, new_control = 0;
        // Any error below returns before the commit: the whole batch is then
        // rolled back, the records already written included.
        for (const SalesRecord& record : records) {
          NANO_ASSIGN_OR_RETURN(const v1::StoreArea area,
                                AreaOf(tx, study_id, record.store_id));
          if (area == v1::STORE_AREA_UNSPECIFIED) {
            NANO_RETURN_IF_ERROR(
                tx.Execute(
                      "INSERT INTO uplift_stores (study_id, store_id, "
                      "area, created_at) VALUES (?, ?, ?, ?)",
                      {study_id, record.store_id, int64_t{record.area}, now})
                    .status());
            ++(record.area == v1::STORE_AREA_EXPOSED ? new_exposed
                                                     : new_control);
          } else if (area != record.area) {
            return absl::FailedPreconditionError(
                absl::StrCat(Indexed("sales", record.index), ".area: store \"",
                             record.store_id, "\" is already recorded in ",
                             v1::StoreArea_Name(area),
                             "; a store's area is fixed by its "
                             "first record"));
          }
          NANO_ASSIGN_OR_RETURN(const bool was_replaced,
                                StoreRecord(tx, study_id, record, now));
          ++(was_replaced ? replaced : created);
        }
        NANO_RETURN_IF_ERROR(
            tx.Execute(
                  "UPDATE uplift_studies SET exposed_stores = "
                  "exposed_stores + ?, control_stores = control_stores "
                  "+ ?, last_sales_at = ? WHERE study_id = ?",
                  {int64_t{new_exposed}, int64_t{new_control}, now, study_id})
                .status());
        NANO_RETURN_IF_ERROR(BumpReportVersion(tx, study.campaign_id()));
        NANO_ASSIGN_OR_RETURN(*response->mutable_study(),
                              LoadStudy(tx, study_id));
        response->set_created(created);
        response->set_replaced(replaced);
        return absl::OkStatus();
      });
}

absl::Status UpliftStudies::GetResult(const auth::Caller& caller,
                                      const v1::GetUpliftResultRequest& request,
                                      v1::UpliftResult* response) {
  NANO_ASSIGN_OR_RETURN(const int iterations, CheckGetResult(request));
  v1::UpliftStudy study;
  std::vector<StoreFigures> stores;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(study,
                              LoadVisibleStudy(tx, caller, request.study_id()));
        NANO_ASSIGN_OR_RETURN(stores, LoadStoreFigures(tx, study.study_id()));
        return absl::OkStatus();
      }));
  // The bootstrap runs outside the transaction: up to 100,000 resamples
  // need not hold a database connection.
  const uint64_t seed =
      request.seed() != 0 ? request.seed() : study.default_seed();
  const Uplift uplift = ComputeFor(study, std::move(stores), seed, iterations);
  if (uplift.refusal != Refusal::kNone) {
    // The domain's detail starts with the refusal's name, as promised.
    return absl::FailedPreconditionError(uplift.refusal_detail);
  }
  *response = ResultOf(study, uplift, seed, absl::Now());
  return absl::OkStatus();
}

absl::Status UpliftStudies::List(const auth::Caller& caller,
                                 const v1::ListUpliftStudiesRequest& request,
                                 v1::ListUpliftStudiesResponse* response) {
  // The form first: a malformed id is INVALID_ARGUMENT, whoever asks.
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalBrandId("brand_id", request.brand_id()));
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalUuid("campaign_id", request.campaign_id()));
  NANO_ASSIGN_OR_RETURN(const paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  if (caller.role == common::v1::ROLE_BRAND) {
    NANO_RETURN_IF_ERROR(
        validation::AddBrandFilter(where, caller, request.brand_id()));
  } else if (!caller.SeesEveryTenant()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "role ", auth::RoleName(caller.role), " cannot list uplift studies"));
  } else if (request.brand_id().empty() && request.campaign_id().empty()) {
    return InvalidField("brand_id", "required unless campaign_id is set");
  } else {
    NANO_RETURN_IF_ERROR(
        validation::AddBrandFilter(where, caller, request.brand_id()));
  }
  if (!request.campaign_id().empty()) {
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(const paging::TimeCursor cursor,
                          paging::TimeCursor::Parse(page.after));
    where.AddAfter("created_at", "study_id", cursor.time, cursor.id,
                   /*descending=*/false);
  }
  where.AddParam(int64_t{page.size} + 1);
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    if (!request.campaign_id().empty()) {
      NANO_RETURN_IF_ERROR(
          VisibleCampaignBrand(tx, caller, request.campaign_id()).status());
    }
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat("SELECT ", kStudyColumns,
                              " FROM uplift_studies WHERE ", where.sql(),
                              " ORDER BY created_at, study_id LIMIT ?"),
                 where.params()));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      *response->add_studies() = StudyFromRow(rows.rows[i]);
    }
    if (rows.rows.size() > size_t(page.size)) {
      const sql::Row& last = rows.rows[page.size - 1];
      response->mutable_page()->set_next_page_token(page.NextToken(
          paging::TimeCursor{last.Int(12), last.Text(0)}.Format()));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::UpliftOutcome>> UpliftStudies::OutcomesOf(
    sql::Connection& tx, absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kStudyColumns,
                            " FROM uplift_studies WHERE campaign_id = ? "
                            "ORDER BY created_at, study_id"),
               {std::string(campaign_id)}));
  const absl::Time now = absl::Now();
  std::vector<v1::UpliftOutcome> outcomes;
  outcomes.reserve(rows.rows.size());
  for (const sql::Row& row : rows.rows) {
    v1::UpliftOutcome& outcome = outcomes.emplace_back();
    *outcome.mutable_study() = StudyFromRow(row);
    const v1::UpliftStudy& study = outcome.study();
    NANO_ASSIGN_OR_RETURN(std::vector<StoreFigures> stores,
                          LoadStoreFigures(tx, study.study_id()));
    const Uplift uplift = ComputeFor(study, std::move(stores),
                                     study.default_seed(), kDefaultIterations);
    if (uplift.refusal != Refusal::kNone) {
      outcome.set_refusal(RefusalOf(uplift.refusal));
      outcome.set_refusal_detail(DetailWithoutName(uplift));
    } else {
      *outcome.mutable_result() =
          ResultOf(study, uplift, study.default_seed(), now);
    }
  }
  return outcomes;
}

}  // namespace nanoinfluence::kpi
