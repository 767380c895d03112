// Values, rows and result sets of the SQL layer, the same for every backend.
//
//   NANO_ASSIGN_OR_RETURN(ResultSet rs,
//       conn.Query("SELECT id, audience FROM ambassadors WHERE id = ?", {id}));
//   if (rs.rows.empty()) return absl::NotFoundError("ambassador_id: not
//   found"); int64_t audience = rs.rows[0].Int(1);
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence::sql {

// Bytes stored as a BLOB (bytea), as opposed to TEXT.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// One SQL value. Booleans are stored as integers 0/1 so both backends agree.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

// SQL NULL, for bound parameters.
inline constexpr std::monostate kNull{};

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  const Value& at(size_t column) const { return values_.at(column); }
  bool IsNull(size_t column) const;
  // The column as an integer; 0 for NULL or text that is not a number. A
  // REAL is truncated.
  int64_t Int(size_t column) const;
  // The column as a double; 0 for NULL or text that is not a number.
  double Real(size_t column) const;
  // The column's text or blob bytes; empty for NULL; an integer as decimal.
  std::string Text(size_t column) const;
  // The column's text or blob bytes without a copy, valid while the row
  // lives; empty for NULL or a number.
  absl::string_view View(size_t column) const;

 private:
  std::vector<Value> values_;
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

}  // namespace nanoinfluence::sql
