#include "services/kpi/figure_paths.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"

namespace nanoinfluence::kpi {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string ScalarText(const Message& message, const FieldDescriptor* field,
                       int index) {
  std::string text;
  google::protobuf::TextFormat::PrintFieldValueToString(message, field, index,
                                                        &text);
  return text;
}

// "[CONTENT_KIND_REVIEW,PLATFORM_GOOGLE]": the element's leading string and
// enum fields; "[<index>]" when it starts with anything else.
std::string ElementKey(const Message& element, int index) {
  std::vector<std::string> parts;
  const auto* descriptor = element.GetDescriptor();
  const Reflection* reflection = element.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) break;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      parts.push_back(reflection->GetString(element, field));
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      parts.push_back(reflection->GetEnum(element, field)->name());
    } else {
      break;
    }
  }
  if (parts.empty()) return absl::StrCat("[", index, "]");
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

void Flatten(const Message& message, const std::string& prefix,
             std::map<std::string, std::string>* out) {
  const auto* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const std::string path = prefix.empty()
                                 ? field->name()
                                 : absl::StrCat(prefix, ".", field->name());
    const bool is_message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        if (is_message) {
          const Message& element =
              reflection->GetRepeatedMessage(message, field, j);
          Flatten(element, path + ElementKey(element, j), out);
        } else {
          (*out)[absl::StrCat(path, "[", j, "]")] =
              ScalarText(message, field, j);
        }
      }
    } else if (is_message) {
      if (reflection->HasField(message, field)) {
        Flatten(reflection->GetMessage(message, field), path, out);
      }
    } else {
      (*out)[path] = ScalarText(message, field, -1);
    }
  }
}

}  // namespace

std::map<std::string, std::string> FigurePaths(const Message& message) {
  std::map<std::string, std::string> paths;
  Flatten(message, "", &paths);
  return paths;
}

std::vector<v1::RecountDifference> Differences(
    const std::map<std::string, std::string>& stored,
    const std::map<std::string, std::string>& recounted,
    const std::string& absent) {
  std::map<std::string, std::pair<std::string, std::string>> both;
  for (const auto& [path, value] : stored) both[path] = {value, absent};
  for (const auto& [path, value] : recounted) {
    auto [it, inserted] = both.try_emplace(path, absent, value);
    if (!inserted) it->second.second = value;
  }
  std::vector<v1::RecountDifference> differences;
  for (const auto& [path, values] : both) {
    if (values.first == values.second) continue;
    v1::RecountDifference& difference = differences.emplace_back();
    difference.set_figure(path);
    difference.set_stored_value(values.first);
    difference.set_recounted_value(values.second);
  }
  return differences;
}

}  // namespace nanoinfluence::kpi
