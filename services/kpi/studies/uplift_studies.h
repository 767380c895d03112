// Sales-uplift studies of the kpi service: CreateUpliftStudy,
// RecordStoreSales, GetUpliftResult and ListUpliftStudies below the gRPC glue,
// and the studies' outcomes the campaign report shows. The formula is the
// domain's (services/kpi/domain/uplift.h); this class stores studies and
// sales and applies the contract's checks and tenancy.
//
//   UpliftStudies studies(db);
//   v1::UpliftStudy study;
//   NANO_RETURN_IF_ERROR(studies.Create(caller, request, &study));
//
// Tenancy: a study belongs to its campaign's brand (taken from the campaigns
// table, never from a request); a brand caller's NOT_FOUND for another
// brand's campaign or study is the same as for a missing one. Roles are
// enforced before (the access policy: ops or brand).
//
// Errors of every method: INVALID_ARGUMENT whose message starts with the
// field's path, with nothing written; UNAVAILABLE when the database is busy
// or unreachable.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/auth/caller.h"
#include "libs/idempotency/once_writer.h"
#include "libs/sql/database.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/kpi/v1/uplift.pb.h"

namespace nanoinfluence::kpi {

class UpliftStudies {
 public:
  // `db` holds the kpi tables (migrations up to 0004) and must outlive this.
  explicit UpliftStudies(sql::Database& db);

  // CreateUpliftStudy, idempotent by request_id. NOT_FOUND when the campaign
  // is missing, not opened or another brand's; ALREADY_EXISTS when the
  // request_id was used with another request or the campaign already has a
  // study of that name. A default_seed of 0 is replaced by a random non-zero
  // one, stored. Bumps the campaign's report version.
  absl::Status Create(const auth::Caller& caller,
                      const v1::CreateUpliftStudyRequest& request,
                      v1::UpliftStudy* response);

  // RecordStoreSales, idempotent by request_id, all or nothing. NOT_FOUND
  // for a missing or another brand's study; FAILED_PRECONDITION naming the
  // store when a record gives the other area than the store's first record
  // (nothing of the batch is then written); ALREADY_EXISTS for a request_id
  // used with another request. Bumps the campaign's report version.
  absl::Status RecordSales(const auth::Caller& caller,
                           const v1::RecordStoreSalesRequest& request,
                           v1::RecordStoreSalesResponse* response);

  // GetUpliftResult. NOT_FOUND for a missing or another brand's study;
  // FAILED_PRECONDITION whose message starts with the UpliftRefusal name
  // when the data cannot support a result.
  absl::Status GetResult(const auth::Caller& caller,
                         const v1::GetUpliftResultRequest& request,
                         v1::UpliftResult* response);

  // ListUpliftStudies, oldest first. NOT_FOUND for a campaign_id missing,
  // not opened or another brand's; PERMISSION_DENIED for a brand caller
  // naming another brand_id; INVALID_ARGUMENT for an ops caller naming
  // neither brand_id nor campaign_id, or a bad `page`.
  absl::Status List(const auth::Caller& caller,
                    const v1::ListUpliftStudiesRequest& request,
                    v1::ListUpliftStudiesResponse* response);

  // Each study of the campaign, oldest first, with its result (the study's
  // default seed, 10,000 iterations) or its refusal and refusal_detail (the
  // explanation without the refusal's name, which `refusal` carries). Runs
  // inside the caller's transaction `tx` (read); no tenancy check (the
  // caller did it).
  static absl::StatusOr<std::vector<v1::UpliftOutcome>> OutcomesOf(
      sql::Connection& tx, absl::string_view campaign_id);

 private:
  sql::Database& db_;
  idempotency::OnceWriter writer_;
};

}  // namespace nanoinfluence::kpi
