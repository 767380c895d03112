#include "libs/events/event_fields.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::events {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxTextChars = 200;
constexpr int64_t kMaxNumber = 1'000'000'000'000;

absl::Status CheckString(const std::string& path, const FieldDescriptor& field,
                         const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  if (field.name() == "brand_id") {
    return validation::CheckBrandId(path, value);
  }
  if (absl::EndsWith(field.name(), "_id")) {
    return validation::CheckUuid(path, value);
  }
  if (field.name() == "sku") return validation::CheckSku(path, value);
  if (field.name() == "country_code") {
    return validation::CheckCountryCode(path, value);
  }
  return validation::CleanText(path, value, {0, kMaxTextChars}).status();
}

absl::Status CheckNumber(const std::string& path, int64_t value) {
  if (value < 0 || value > kMaxNumber) {
    return validation::InvalidField(path, "0..10^12");
  }
  return absl::OkStatus();
}

absl::Status CheckMessage(const std::string& prefix, const Message& message);

// One value of `field`: element `index` of a repeated field, else the value.
absl::Status CheckValue(const std::string& path, const Message& message,
                        const FieldDescriptor& field, int index) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      return CheckString(
          path, field,
          repeated
              ? r.GetRepeatedStringReference(message, &field, index, &scratch)
              : r.GetStringReference(message, &field, &scratch));
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int value = repeated
                            ? r.GetRepeatedEnumValue(message, &field, index)
                            : r.GetEnumValue(message, &field);
      if (field.enum_type()->FindValueByNumber(value) == nullptr) {
        return validation::InvalidField(path, "not a known value");
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32:
      return CheckNumber(path, repeated
                                   ? r.GetRepeatedInt32(message, &field, index)
                                   : r.GetInt32(message, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return CheckNumber(path, repeated
                                   ? r.GetRepeatedInt64(message, &field, index)
                                   : r.GetInt64(message, &field));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& inner = repeated
                                 ? r.GetRepeatedMessage(message, &field, index)
                                 : r.GetMessage(message, &field);
      if (const auto* time =
              dynamic_cast<const google::protobuf::Timestamp*>(&inner)) {
        return validation::CheckTimestamp(path, *time);
      }
      return CheckMessage(path, inner);
    }
    default:  // bool; no event carries unsigned or floating numbers
      return absl::OkStatus();
  }
}

// Every set field of `message`, into its sub-messages.
absl::Status CheckMessage(const std::string& prefix, const Message& message) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = validation::Nested(prefix, field->name());
    if (!field->is_repeated()) {
      NANO_RETURN_IF_ERROR(CheckValue(path, message, *field, -1));
      continue;
    }
    const int size = message.GetReflection()->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      NANO_RETURN_IF_ERROR(
          CheckValue(validation::Indexed(path, i), message, *field, i));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckEventFields(const common::v1::Event& event) {
  return CheckMessage("", event);
}

}  // namespace nanoinfluence::events
