// Whether a producer's outbox has reached a subscriber: the SQL that, run
// on the producer's database beside the running service, answers 1 once
// the subscriber's cursor reached the last event written.
//
//   Eventually([&] { return QueryTestDatabase(dir, "ugc",
//                        OutboxDeliveredQuery("kpi")) == 1; });
#pragma once

#include <string>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::testing {

inline std::string OutboxDeliveredQuery(const std::string& subscriber) {
  return absl::StrCat(
      "SELECT COALESCE((SELECT delivered_sequence FROM outbox_cursors "
      "WHERE subscriber = '",
      subscriber, "'), 0) >= COALESCE((SELECT MAX(sequence) FROM outbox), 0)");
}

}  // namespace nanoinfluence::testing
