// The part of an error meant for the server's log, never for the caller.
// A store's failed statement and its engine's full message name tables and
// columns: sent to any caller they would describe the schema. The detail
// rides on the status as a payload; ToGrpcStatus logs it and sends only the
// message.
//
//   return WithLogDetail(absl::UnavailableError("store: disk I/O error"),
//                        "\"INSERT INTO outbox ...\": disk I/O error");
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence {

// `status` with `detail` attached (replacing any detail it had).
absl::Status WithLogDetail(absl::Status status, absl::string_view detail);

// The detail attached to `status`; "" when none.
std::string LogDetailOf(const absl::Status& status);

}  // namespace nanoinfluence
