// The events recruitment takes from dispatch: TestClosed (reliability, and
// the end of the active test) and SampleAllocated (the selection of that
// tester is locked).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {

absl::Status Recruitment::ApplyEvent(sql::Connection& tx,
                                     const common::v1::Event& event) {
  const bool from_dispatch = event.producer() == "dispatch";
  if (event.has_sample_allocated() && from_dispatch) {
    const common::v1::SampleAllocated& allocated = event.sample_allocated();
    // Only a selected tester gets a sample; anything else is a mistake of
    // the producer, kept aside rather than locking an unselected person.
    NANO_ASSIGN_OR_RETURN(
        int64_t changed,
        tx.Execute("UPDATE selections SET sample_allocated = 1 WHERE "
                   "campaign_id = ? AND ambassador_id = ?",
                   {allocated.campaign_id(), allocated.ambassador_id()}));
    if (changed == 0) {
      return events::Reject(absl::StrCat(
          "SampleAllocated: ambassador ", allocated.ambassador_id(),
          " is not a selected tester of campaign ", allocated.campaign_id()));
    }
    return absl::OkStatus();
  }
  if (!event.has_test_closed() || !from_dispatch) {
    return absl::OkStatus();  // not an event recruitment takes
  }
  const common::v1::TestClosed& closed = event.test_closed();
  NANO_ASSIGN_OR_RETURN(std::optional<AmbassadorRow> row,
                        LoadAmbassadorRow(tx, closed.ambassador_id()));
  if (!row.has_value()) {
    return events::Reject(absl::StrCat("TestClosed: unknown ambassador ",
                                       closed.ambassador_id()));
  }
  if (row->erased) return absl::OkStatus();  // nothing left to score
  // A test closes once: the selected application it belongs to records it.
  NANO_ASSIGN_OR_RETURN(
      int64_t closing,
      tx.Execute("UPDATE selections SET test_closed = 1 WHERE campaign_id = "
                 "? AND ambassador_id = ? AND test_closed = 0",
                 {closed.campaign_id(), closed.ambassador_id()}));
  if (closing == 0) {
    return events::Reject(absl::StrCat(
        "TestClosed: no open test of ambassador ", closed.ambassador_id(),
        " on campaign ", closed.campaign_id()));
  }
  switch (closed.outcome()) {
    case common::v1::TEST_OUTCOME_POSTED_ON_TIME:
      ++row->posted_on_time;
      break;
    case common::v1::TEST_OUTCOME_POSTED_LATE:
      ++row->posted_late;
      break;
    case common::v1::TEST_OUTCOME_NOT_POSTED:
      ++row->not_posted;
      break;
    case common::v1::TEST_OUTCOME_NOT_DELIVERED:
      break;  // the tester is not to blame
    default:
      return events::Reject(
          absl::StrCat("TestClosed: unknown outcome ", closed.outcome()));
  }
  const absl::Time now = absl::Now();
  if (closed.outcome() != common::v1::TEST_OUTCOME_NOT_DELIVERED) {
    ++row->tests_counted;
    row->reliability_updated_at = now;
  }
  // The test is over (the active_tests view); the index learns it from the
  // saved row's facts.
  if (row->active_test_campaign_id == closed.campaign_id()) {
    row->active_test_campaign_id.clear();
  }
  row->updated_at = now;
  return SaveAmbassador(tx, *row);
}

}  // namespace nanoinfluence::recruitment
