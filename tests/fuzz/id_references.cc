#include "tests/fuzz/id_references.h"

#include <cstdlib>
#include <iostream>
#include <type_traits>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "google/protobuf/descriptor.h"

namespace nanoinfluence::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Calls `visit(message, field)` for every set field of the tree.
template <typename M, typename Visit>
void ForEachSetField(M& message, const Visit& visit) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    visit(message, field);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const auto* reflection = message.GetReflection();
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        if constexpr (std::is_const_v<M>) {
          ForEachSetField(reflection->GetRepeatedMessage(message, field, i),
                          visit);
        } else {
          ForEachSetField(
              *reflection->MutableRepeatedMessage(&message, field, i), visit);
        }
      }
    } else if constexpr (std::is_const_v<M>) {
      ForEachSetField(reflection->GetMessage(message, field), visit);
    } else {
      ForEachSetField(*reflection->MutableMessage(&message, field), visit);
    }
  }
}

bool IsString(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
         field->type() == FieldDescriptor::TYPE_STRING;
}

}  // namespace

void IdReferences::Learn(const Message& answer) {
  ForEachSetField(answer, [this](const Message& message,
                                 const FieldDescriptor* field) {
    if (!IsString(field) || !absl::EndsWith(field->name(), "_id")) return;
    const auto* reflection = message.GetReflection();
    const int count =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count && ids_.size() < kMaxIds; ++i) {
      std::string id = field->is_repeated()
                           ? reflection->GetRepeatedString(message, field, i)
                           : reflection->GetString(message, field);
      if (id.empty() || absl::c_linear_search(ids_, id)) continue;
      if (verbose_) std::cerr << "  @" << ids_.size() << " = " << id << "\n";
      ids_.push_back(std::move(id));
    }
  });
}

void IdReferences::Resolve(Message& request) const {
  if (ids_.empty()) return;
  // The id "@N" stands for, or null when `value` is not a reference.
  auto referenced = [this](const std::string& value) -> const std::string* {
    size_t n = 0;
    if (value.size() < 2 || value[0] != '@' ||
        !absl::SimpleAtoi(value.substr(1), &n)) {
      return nullptr;
    }
    return &ids_[n % ids_.size()];
  };
  ForEachSetField(request, [&](Message& message, const FieldDescriptor* field) {
    if (!IsString(field)) return;
    const auto* reflection = message.GetReflection();
    if (!field->is_repeated()) {
      const auto* id = referenced(reflection->GetString(message, field));
      if (id != nullptr) reflection->SetString(&message, field, *id);
      return;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      const auto* id =
          referenced(reflection->GetRepeatedString(message, field, i));
      if (id != nullptr) reflection->SetRepeatedString(&message, field, i, *id);
    }
  });
}

}  // namespace nanoinfluence::fuzz
