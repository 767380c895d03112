#include "libs/status/log_detail.h"

#include "absl/strings/cord.h"
#include "absl/types/optional.h"

namespace nanoinfluence {
namespace {

constexpr char kLogDetailUrl[] = "type.nanoinfluence.dev/log-detail";

}  // namespace

absl::Status WithLogDetail(absl::Status status, absl::string_view detail) {
  if (!status.ok()) status.SetPayload(kLogDetailUrl, absl::Cord(detail));
  return status;
}

std::string LogDetailOf(const absl::Status& status) {
  const absl::optional<absl::Cord> detail = status.GetPayload(kLogDetailUrl);
  return detail.has_value() ? std::string(*detail) : std::string();
}

}  // namespace nanoinfluence
