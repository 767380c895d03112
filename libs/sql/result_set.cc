#include "libs/sql/result_set.h"

#include "absl/strings/numbers.h"

namespace nanoinfluence::sql {

bool Row::IsNull(size_t column) const {
  return std::holds_alternative<std::monostate>(values_.at(column));
}

int64_t Row::Int(size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  int64_t parsed = 0;
  if (const auto* s = std::get_if<std::string>(&v)) {
    // SQLite lets TEXT into an INTEGER column; never throw on a bad value.
    return absl::SimpleAtoi(*s, &parsed) ? parsed : 0;
  }
  return 0;
}

double Row::Real(size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  double parsed = 0;
  if (const auto* s = std::get_if<std::string>(&v)) {
    return absl::SimpleAtod(*s, &parsed) ? parsed : 0;
  }
  return 0;
}

std::string Row::Text(size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

absl::string_view Row::View(size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return {};
}

}  // namespace nanoinfluence::sql
