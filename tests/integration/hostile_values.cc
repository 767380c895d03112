#include "tests/integration/hostile_values.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace nanoinfluence::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool OnTheWay(const std::vector<const FieldDescriptor*>& steps,
              const Descriptor* type) {
  for (const FieldDescriptor* step : steps) {
    if (step->message_type() == type) return true;
  }
  return false;
}

void Collect(const Descriptor& message, int max_depth, FieldPath& path,
             std::vector<FieldPath>& out) {
  if (static_cast<int>(path.steps.size()) >= max_depth) return;
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor* field = message.field(i);
    path.steps.push_back(field);
    const Descriptor* type = field->message_type();
    if (type == nullptr || type->field_count() == 0) {
      out.push_back(path);
    } else if (path.steps.size() == 1 ||
               !OnTheWay({path.steps.begin(), path.steps.end() - 1}, type)) {
      Collect(*type, max_depth, path, out);
    }
    path.steps.pop_back();
  }
}

// Values of one C++ type, set or added as the field's cardinality asks.
template <typename T>
HostileValue Scalar(std::string label, T value) {
  return {std::move(label), [value](Message& m, const FieldDescriptor& f) {
            const auto& r = *m.GetReflection();
            const bool add = f.is_repeated();
            if constexpr (std::is_same_v<T, std::string>) {
              add ? r.AddString(&m, &f, value) : r.SetString(&m, &f, value);
            } else if constexpr (std::is_same_v<T, int32_t>) {
              if (f.cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
                add ? r.AddEnumValue(&m, &f, value)
                    : r.SetEnumValue(&m, &f, value);
              } else {
                add ? r.AddInt32(&m, &f, value) : r.SetInt32(&m, &f, value);
              }
            } else if constexpr (std::is_same_v<T, int64_t>) {
              add ? r.AddInt64(&m, &f, value) : r.SetInt64(&m, &f, value);
            } else if constexpr (std::is_same_v<T, uint32_t>) {
              add ? r.AddUInt32(&m, &f, value) : r.SetUInt32(&m, &f, value);
            } else if constexpr (std::is_same_v<T, uint64_t>) {
              add ? r.AddUInt64(&m, &f, value) : r.SetUInt64(&m, &f, value);
            } else if constexpr (std::is_same_v<T, double>) {
              if (f.cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
                const float narrow = static_cast<float>(value);
                add ? r.AddFloat(&m, &f, narrow) : r.SetFloat(&m, &f, narrow);
              } else {
                add ? r.AddDouble(&m, &f, value) : r.SetDouble(&m, &f, value);
              }
            }
          }};
}

std::vector<HostileValue> Texts() {
  return {
      Scalar<std::string>("invalid UTF-8", "ok\xFF\xFEok"),
      Scalar<std::string>("NUL", std::string("a\0b", 3)),
      Scalar<std::string>("zero-width space",
                          "a\xE2\x80\x8B"
                          "b"),
      Scalar<std::string>("right-to-left override",
                          "ab\xE2\x80\xAE"
                          "cd"),
      // No generic limit is known: far past any field's, and 1 MiB, which
      // still fits the server's 4 MiB message limit.
      Scalar<std::string>("100,001 characters", std::string(100'001, 'x')),
      Scalar<std::string>("1 MiB", std::string(1 << 20, 'x')),
  };
}

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendTag(const FieldDescriptor& field, int wire_type, std::string& out) {
  AppendVarint((static_cast<uint64_t>(field.number()) << 3) | wire_type, out);
}

// One small element of `field` on the wire: "x", 1, an empty message.
std::string OneElement(const FieldDescriptor& field) {
  std::string out;
  switch (field.type()) {
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      AppendTag(field, 2, out);
      out += "\x01x";
      break;
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      AppendTag(field, 2, out);
      out.push_back('\0');
      break;
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
      AppendTag(field, 1, out);
      out.append("\x01\0\0\0\0\0\0\0", 8);
      break;
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
      AppendTag(field, 5, out);
      out.append("\x01\0\0\0", 4);
      break;
    default:  // the varint types
      AppendTag(field, 0, out);
      out.push_back('\x01');
  }
  return out;
}

bool FirstRepeated(const Descriptor& message, FieldPath& path) {
  if (path.steps.size() >= 6) return false;
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor* field = message.field(i);
    path.steps.push_back(field);
    if (field->is_repeated()) return true;
    const Descriptor* type = field->message_type();
    if (type != nullptr &&
        !OnTheWay({path.steps.begin(), path.steps.end() - 1}, type) &&
        FirstRepeated(*type, path)) {
      return true;
    }
    path.steps.pop_back();
  }
  return false;
}

}  // namespace

std::string FieldPath::Text() const {
  std::vector<std::string> parts;
  for (const FieldDescriptor* step : steps) {
    parts.push_back(
        absl::StrCat(step->name(), step->is_repeated() ? "[0]" : ""));
  }
  return absl::StrJoin(parts, ".");
}

std::vector<FieldPath> ReachableFields(const Descriptor& request,
                                       int max_depth) {
  std::vector<FieldPath> out;
  FieldPath path;
  Collect(request, max_depth, path, out);
  return out;
}

std::set<const FieldDescriptor*> FieldsToCover(const Descriptor& request) {
  std::set<const FieldDescriptor*> fields;
  std::set<const Descriptor*> seen = {&request};
  std::vector<const Descriptor*> pending = {&request};
  while (!pending.empty()) {
    const Descriptor* message = pending.back();
    pending.pop_back();
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      fields.insert(field);
      if (field->message_type() != nullptr &&
          seen.insert(field->message_type()).second) {
        pending.push_back(field->message_type());
      }
    }
  }
  return fields;
}

std::vector<HostileValue> HostileValuesFor(const FieldDescriptor& field) {
  using Limits32 = std::numeric_limits<int32_t>;
  using Limits64 = std::numeric_limits<int64_t>;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return Texts();
    case FieldDescriptor::CPPTYPE_ENUM:
      return {Scalar<int32_t>("999", 999), Scalar<int32_t>("-1", -1)};
    case FieldDescriptor::CPPTYPE_INT32:
      return {Scalar<int32_t>("-1", -1),
              Scalar<int32_t>("INT32_MIN", Limits32::min()),
              Scalar<int32_t>("INT32_MAX", Limits32::max())};
    case FieldDescriptor::CPPTYPE_INT64:
      return {Scalar<int64_t>("-1", -1),
              Scalar<int64_t>("INT64_MIN", Limits64::min()),
              Scalar<int64_t>("INT64_MAX", Limits64::max())};
    case FieldDescriptor::CPPTYPE_UINT32:
      return {
          Scalar<uint32_t>("UINT32_MAX", std::numeric_limits<uint32_t>::max())};
    case FieldDescriptor::CPPTYPE_UINT64:
      return {
          Scalar<uint64_t>("UINT64_MAX", std::numeric_limits<uint64_t>::max())};
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return {Scalar<double>("NaN", std::nan("")),
              Scalar<double>("+inf", HUGE_VAL),
              Scalar<double>("-inf", -HUGE_VAL)};
    case FieldDescriptor::CPPTYPE_BOOL:
      return {{"flipped", [](Message& m, const FieldDescriptor& f) {
                 const auto& r = *m.GetReflection();
                 f.is_repeated() ? r.AddBool(&m, &f, true)
                                 : r.SetBool(&m, &f, !r.GetBool(m, &f));
               }}};
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return {{"present, empty", [](Message& m, const FieldDescriptor& f) {
                 const auto& r = *m.GetReflection();
                 f.is_repeated() ? r.AddMessage(&m, &f)
                                 : r.MutableMessage(&m, &f);
               }}};
  }
  return {};
}

Spoiled Spoil(Message& request, const FieldPath& path,
              const HostileValue& value) {
  Spoiled spoiled;
  Message* message = &request;
  FieldPath crossed;
  for (size_t i = 0; i + 1 < path.steps.size(); ++i) {
    const FieldDescriptor* step = path.steps[i];
    const auto& r = *message->GetReflection();
    crossed.steps.push_back(step);
    const bool absent = step->is_repeated() ? r.FieldSize(*message, step) == 0
                                            : !r.HasField(*message, step);
    if (absent && spoiled.created.empty()) spoiled.created = crossed.Text();
    if (step->is_repeated()) {
      message = absent ? r.AddMessage(message, step)
                       : r.MutableRepeatedMessage(message, step, 0);
    } else {
      message = r.MutableMessage(message, step);
    }
  }
  const FieldDescriptor& leaf = path.leaf();
  if (leaf.is_repeated()) message->GetReflection()->ClearField(message, &leaf);
  value.put(*message, leaf);
  return spoiled;
}

ManyElements WithManyElements(const Message& request, int count) {
  ManyElements result;
  result.bytes = request.SerializeAsString();
  if (!FirstRepeated(*request.GetDescriptor(), result.path)) {
    result.path = {};
    return result;
  }
  const Message* message = &request;
  FieldPath crossed;
  for (size_t i = 0; i + 1 < result.path.steps.size() && message != nullptr;
       ++i) {
    const FieldDescriptor* step = result.path.steps[i];
    const auto& r = *message->GetReflection();
    crossed.steps.push_back(step);
    const bool absent = step->is_repeated() ? r.FieldSize(*message, step) == 0
                                            : !r.HasField(*message, step);
    if (absent) {
      result.created = crossed.Text();
      break;
    }
    message = step->is_repeated() ? &r.GetRepeatedMessage(*message, step, 0)
                                  : &r.GetMessage(*message, step);
  }
  const std::string element = OneElement(result.path.leaf());
  std::string wrapped;
  wrapped.reserve(element.size() * count);
  for (int i = 0; i < count; ++i) wrapped += element;
  // Each message on the way holds the next one; a singular message given
  // twice on the wire is merged, so the base's own content stays.
  for (size_t i = result.path.steps.size() - 1; i-- > 0;) {
    std::string outer;
    AppendTag(*result.path.steps[i], 2, outer);
    AppendVarint(wrapped.size(), outer);
    wrapped = outer + wrapped;
  }
  result.bytes += wrapped;
  return result;
}

}  // namespace nanoinfluence::testing
