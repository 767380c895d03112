// The verified-tester badge after submission: a delivery event, or dispatch
// answering at last for content it could not verify when submitted.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

constexpr auto kNotReceived =
    common::v1::MODERATION_REASON_PRODUCT_NOT_RECEIVED;

bool Holds(const v1::Content& content) {
  return std::find(content.reasons().begin(), content.reasons().end(),
                   kNotReceived) != content.reasons().end();
}

// Whether the kind's automatic moderation depends on the delivery.
bool NeedsReceipt(const v1::Content& content) {
  return content.kind() == common::v1::CONTENT_KIND_REVIEW ||
         content.kind() == common::v1::CONTENT_KIND_RATING;
}

}  // namespace

absl::Status Ugc::SetDelivery(sql::Connection& tx,
                              const std::string& campaign_id,
                              const std::string& ambassador_id,
                              Delivery delivery) {
  const v1::TesterVerification verification =
      delivery == Delivery::kDelivered ? v1::TESTER_VERIFICATION_VERIFIED
                                       : v1::TESTER_VERIFICATION_NOT_DELIVERED;
  // A delivery verifies everything of the author; a "not delivered" only
  // settles what could not be asked.
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(
          absl::StrCat("SELECT ", kContentColumns,
                       " FROM contents WHERE campaign_id = ? AND "
                       "ambassador_id = ? AND tester_verification IN "
                       "(?, ?)"),
          {campaign_id, ambassador_id, int64_t{v1::TESTER_VERIFICATION_UNKNOWN},
           int64_t{delivery == Delivery::kDelivered
                       ? v1::TESTER_VERIFICATION_NOT_DELIVERED
                       : v1::TESTER_VERIFICATION_UNKNOWN}}));
  const auto now = Stamp(absl::Now());
  for (const sql::Row& row : rows.rows) {
    const v1::Content before = ContentFromRow(row);
    v1::Content after = before;
    after.set_tester_verification(verification);
    after.set_verified_tester(delivery == Delivery::kDelivered);
    // Automatic moderation follows what dispatch now says; a moderator's
    // decision stands.
    if (!before.moderated_manually() && NeedsReceipt(before)) {
      if (delivery == Delivery::kDelivered && Holds(before)) {
        after.clear_reasons();
        for (int reason : before.reasons()) {
          if (reason != kNotReceived)
            after.add_reasons(
                static_cast<common::v1::ModerationReason>(reason));
        }
        if (after.reasons().empty()) {
          after.set_status(common::v1::CONTENT_STATUS_APPROVED);
        }
      } else if (delivery == Delivery::kNotDelivered && !Holds(before) &&
                 before.status() == common::v1::CONTENT_STATUS_APPROVED) {
        after.set_status(common::v1::CONTENT_STATUS_PENDING);
        after.add_reasons(kNotReceived);
      }
      if (after.status() != before.status())
        *after.mutable_moderated_at() = now;
    }
    *after.mutable_updated_at() = now;
    // Watchers get the whole content, replies and reports included.
    Caller reader;
    reader.role = common::v1::ROLE_SERVICE;
    NANO_RETURN_IF_ERROR(LoadReplies(tx, reader, {&after}));
    NANO_RETURN_IF_ERROR(
        Change(tx, before, after, v1::CONTENT_CHANGE_MODERATED));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Ugc::ReverifyPending(int limit) {
  std::vector<std::pair<std::string, std::string>> pending;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet rows,
            tx.Query(
                "SELECT DISTINCT campaign_id, ambassador_id FROM "
                "contents WHERE tester_verification = ? LIMIT ?",
                {int64_t{v1::TESTER_VERIFICATION_UNKNOWN}, int64_t{limit}}));
        for (const sql::Row& row : rows.rows) {
          pending.emplace_back(row.Text(0), row.Text(1));
        }
        return absl::OkStatus();
      }));
  int settled = 0;
  for (const auto& campaign_and_ambassador : pending) {
    // Named, not a structured binding: the lambda below captures them, which
    // clang before 16 refuses for bindings (tools/sanitize builds with 14).
    const std::string& campaign_id = campaign_and_ambassador.first;
    const std::string& ambassador_id = campaign_and_ambassador.second;
    const Delivery delivery = receipts_.Check(campaign_id, ambassador_id);
    if (delivery == Delivery::kUnknown) break;  // dispatch still away
    NANO_RETURN_IF_ERROR(
        db_.Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
          return SetDelivery(tx, campaign_id, ambassador_id, delivery);
        }));
    ++settled;
  }
  return settled;
}

void Ugc::ReverifyLoop() {
  while (!stopping_.WaitForNotificationWithTimeout(policy_.reverify_every)) {
    ReverifyPending(100).IgnoreError();  // tried again next round
  }
}

}  // namespace nanoinfluence::ugc
