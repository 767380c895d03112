// Pagination of every List RPC: the page size (0 = 50, above 1,000 clamped)
// and an opaque page token carrying where the previous page stopped, bound
// to the request's filters.
//
//   NANO_ASSIGN_OR_RETURN(Page page, ReadPage(request));
//   rows = "... WHERE (created_at, id) < (?, ?) ... LIMIT page.size + 1"
//   if (rows.size() > page.size) {
//     response->mutable_page()->set_next_page_token(
//         page.NextToken(cursor_of_last_row_shown));
//   }
//
// The token is base64url(check, cursor) where the check is a hash of the
// request's filters and the cursor. A token reused with other filters, or
// altered, is INVALID_ARGUMENT naming `page.page_token`. The hash is not a
// signature: a forged cursor only moves inside what the caller may see,
// since every query applies the caller's tenancy itself.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nanoinfluence::paging {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct Page {
  // Items to return, 1..1,000.
  int size = kDefaultPageSize;
  // Where the previous page stopped (as the service wrote it); empty for
  // the first page.
  std::string after;
  // The request's filters (everything but `page`), deterministic bytes.
  std::string filters;

  // The token of the page following the item whose cursor is `cursor`.
  std::string NextToken(absl::string_view cursor) const;
};

// The usual cursor: the sort time (Unix microseconds) and the id of the
// last item shown, as "<time>|<id>".
struct TimeCursor {
  int64_t time = 0;
  std::string id;

  std::string Format() const;
  // INVALID_ARGUMENT naming `page.page_token` when malformed.
  static absl::StatusOr<TimeCursor> Parse(absl::string_view text);
};

// Reads the `page` field (a nanoinfluence.common.v1.PageRequest) of a List
// request.
absl::StatusOr<Page> ReadPage(const google::protobuf::Message& request);

}  // namespace nanoinfluence::paging
