#include "services/ugc/near_duplicate_bands.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::ugc {
namespace {

// Contents re-banded a transaction: small enough that submissions on other
// replicas wait little for the write turn.
constexpr int kRebandBatch = 256;

}  // namespace

absl::StatusOr<bool> HasNearDuplicate(sql::Connection& tx,
                                      const Signature& signature,
                                      const std::string& author) {
  sql::Conditions bands;
  std::vector<sql::Value> keys;
  for (int64_t band : BandKeys(signature)) keys.emplace_back(band);
  if (keys.empty()) return false;
  bands.AddIn("b.band_key", keys);
  bands.Add(kComparable, {author});
  bool near = false;
  NANO_RETURN_IF_ERROR(tx.QueryEach(
      absl::StrCat("SELECT c.minhash FROM near_duplicate_bands b JOIN "
                   "contents c ON c.content_id = b.content_id WHERE ",
                   bands.sql(), " LIMIT 200"),
      bands.params(), [&](const sql::Row& row) {
        near = near || Similarity(signature, DecodeSignature(row.View(0))) >=
                           kNearDuplicateSimilarity;
      }));
  return near;
}

absl::Status InsertBands(sql::Connection& tx, const Signature& signature,
                         const std::string& content_id) {
  std::string sql =
      "INSERT INTO near_duplicate_bands (band_key, content_id) VALUES ";
  std::vector<sql::Value> params;
  for (int64_t band : BandKeys(signature)) {
    absl::StrAppend(&sql, params.empty() ? "" : ", ", "(?, ?)");
    params.emplace_back(band);
    params.emplace_back(content_id);
  }
  if (params.empty()) return absl::OkStatus();
  // A rebuild may meet rows a submission on another replica just wrote.
  absl::StrAppend(&sql, " ON CONFLICT DO NOTHING");
  return tx.Execute(sql, params).status();
}

absl::Status RebandStoredContent(sql::Database& db) {
  bool done = false;
  while (!done) {
    NANO_RETURN_IF_ERROR(db.Transact(
        sql::TxMode::kWrite, [&](sql::Connection& tx) -> absl::Status {
          NANO_ASSIGN_OR_RETURN(
              sql::ResultSet marker,
              tx.Query("SELECT after_content_id FROM near_duplicate_rebanding",
                       {}));
          if (marker.rows.empty()) {
            done = true;
            return absl::OkStatus();
          }
          NANO_ASSIGN_OR_RETURN(
              sql::ResultSet batch,
              tx.Query("SELECT content_id, minhash FROM contents WHERE "
                       "content_id > ? AND minhash IS NOT NULL ORDER BY "
                       "content_id LIMIT ?",
                       {marker.rows[0].Text(0), int64_t{kRebandBatch}}));
          for (const sql::Row& row : batch.rows) {
            NANO_RETURN_IF_ERROR(
                InsertBands(tx, DecodeSignature(row.View(1)), row.Text(0)));
          }
          if (batch.rows.size() < kRebandBatch) {
            done = true;
            return tx.Execute("DELETE FROM near_duplicate_rebanding", {})
                .status();
          }
          return tx
              .Execute(
                  "UPDATE near_duplicate_rebanding SET after_content_id = ?",
                  {batch.rows.back().Text(0)})
              .status();
        }));
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::ugc
