#include "libs/sql/conditions.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace nanoinfluence::sql {

void Conditions::Add(absl::string_view condition,
                     std::initializer_list<Value> params) {
  conditions_.emplace_back(condition);
  params_.insert(params_.end(), params.begin(), params.end());
}

void Conditions::AddIn(absl::string_view column,
                       const std::vector<Value>& values) {
  if (values.empty()) return;
  std::vector<std::string> marks(values.size(), "?");
  conditions_.push_back(
      absl::StrCat(column, " IN (", absl::StrJoin(marks, ", "), ")"));
  params_.insert(params_.end(), values.begin(), values.end());
}

void Conditions::AddAfter(absl::string_view time_column,
                          absl::string_view id_column, int64_t time,
                          const std::string& id, bool descending) {
  const char* op = descending ? "<" : ">";
  Add(absl::StrCat("(", time_column, " ", op, " ? OR (", time_column,
                   " = ? AND ", id_column, " ", op, " ?))"),
      {time, time, id});
}

void Conditions::AddParam(const Value& value) { params_.push_back(value); }

std::string Conditions::sql() const {
  return conditions_.empty() ? "1 = 1" : absl::StrJoin(conditions_, " AND ");
}

}  // namespace nanoinfluence::sql
