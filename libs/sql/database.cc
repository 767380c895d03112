#include "libs/sql/database.h"

#include <utility>

namespace nanoinfluence::sql {

absl::StatusOr<ResultSet> Database::Query(absl::string_view sql,
                                          std::initializer_list<Value> params) {
  absl::StatusOr<ResultSet> result;
  absl::Status status = Transact(TxMode::kRead, [&](Connection& c) {
    result = c.Query(sql, absl::MakeConstSpan(params.begin(), params.size()));
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<int64_t> Database::Execute(absl::string_view sql,
                                          std::initializer_list<Value> params) {
  absl::StatusOr<int64_t> changed;
  absl::Status status = Transact(TxMode::kWrite, [&](Connection& c) {
    changed =
        c.Execute(sql, absl::MakeConstSpan(params.begin(), params.size()));
    return changed.status();
  });
  if (!status.ok()) return status;
  return changed;
}

}  // namespace nanoinfluence::sql
