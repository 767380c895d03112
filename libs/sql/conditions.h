// The WHERE clause of a query whose filters depend on the request, built
// with its parameters side by side so they never drift apart:
//
//   Conditions where;
//   where.Add("brand_id = ?", {brand_id});
//   where.AddIn("status", statuses);            // status IN (?, ?, ?)
//   where.AddAfter("created_at", "campaign_id", cursor, /*descending=*/true);
//   conn.Query(absl::StrCat("SELECT ... WHERE ", where.sql(), " ..."),
//              where.params());
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "libs/sql/result_set.h"

namespace nanoinfluence::sql {

class Conditions {
 public:
  // One condition with its `?` parameters, ANDed with the others.
  void Add(absl::string_view condition,
           std::initializer_list<Value> params = {});
  // `column IN (?, ...)`; nothing when `values` is empty (no filter).
  void AddIn(absl::string_view column, const std::vector<Value>& values);
  // Keyset pagination on (time_column, id_column): rows after the cursor
  // (time, id) in ascending order, or before it when `descending`.
  void AddAfter(absl::string_view time_column, absl::string_view id_column,
                int64_t time, const std::string& id, bool descending);
  // Appends a parameter for a placeholder outside the WHERE clause (LIMIT).
  void AddParam(const Value& value);

  // The conditions joined by AND; "1 = 1" when there is none.
  std::string sql() const;
  const std::vector<Value>& params() const { return params_; }

 private:
  std::vector<std::string> conditions_;
  std::vector<Value> params_;
};

}  // namespace nanoinfluence::sql
