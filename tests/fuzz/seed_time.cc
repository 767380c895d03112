#include "tests/fuzz/seed_time.h"

#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"

namespace nanoinfluence::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr int64_t kYear2000 = 946'684'800;
constexpr int64_t kYear2200 = 7'258'118'400;

void Shift(Message& message, int64_t by_seconds) {
  if (auto* time = dynamic_cast<google::protobuf::Timestamp*>(&message)) {
    if (time->seconds() >= kYear2000 && time->seconds() < kYear2200) {
      time->set_seconds(time->seconds() + by_seconds);
    }
    return;
  }
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      Shift(*reflection->MutableMessage(&message, field), by_seconds);
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      Shift(*reflection->MutableRepeatedMessage(&message, field, i),
            by_seconds);
    }
  }
}

}  // namespace

void ShiftSeedTimes(Message& request, absl::Time now) {
  Shift(request, absl::ToUnixSeconds(now) - kSeedNowSeconds);
}

}  // namespace nanoinfluence::fuzz
