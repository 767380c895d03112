// The near-duplicate band index (table near_duplicate_bands): the lookup
// rows of each content's signature, how a submission finds the stored
// content it may copy, and the rebuild of the rows from the stored
// signatures when the band scheme changes.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/sql/database.h"
#include "services/ugc/domain/near_duplicate.h"

namespace nanoinfluence::ugc {

// Content a new submission is compared with (alias `c` for contents):
// everything stored but the author's own content not approved, which a
// corrected resubmission (the disclosure added) replaces rather than copies.
// Takes the author as its one parameter.
inline constexpr char kComparable[] =
    "NOT (c.ambassador_id = ? AND c.status != 2)";  // 2: APPROVED

// Whether comparable stored content is near `signature`: shares a band and
// is similar.
absl::StatusOr<bool> HasNearDuplicate(sql::Connection& tx,
                                      const Signature& signature,
                                      const std::string& author);

// The band rows of `content_id`, in one statement (a submission waits for
// the write turn; one statement a band would cost it more).
absl::Status InsertBands(sql::Connection& tx, const Signature& signature,
                         const std::string& content_id);

// Writes the band rows of the stored content that a migration left to
// re-band (table near_duplicate_rebanding), a batch a transaction, resuming
// where the last run stopped; returns once none is left.
absl::Status RebandStoredContent(sql::Database& db);

}  // namespace nanoinfluence::ugc
