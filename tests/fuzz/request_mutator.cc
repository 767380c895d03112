#include "tests/fuzz/request_mutator.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace nanoinfluence::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Every field of every message present in the tree under `message`, set or
// not: a mutation picks one of them.
void CollectFields(
    Message& message,
    std::vector<std::pair<Message*, const FieldDescriptor*>>& fields) {
  const auto* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    fields.emplace_back(&message, field);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        CollectFields(*reflection->MutableRepeatedMessage(&message, field, j),
                      fields);
      }
    } else if (reflection->HasField(message, field)) {
      CollectFields(*reflection->MutableMessage(&message, field), fields);
    }
  }
}

// Strings a validator must refuse or clean, each a classic way through a
// careless check. Sizes sit on common limits (32, 64, 100, 200, 500, 5000
// characters) and one past them.
std::vector<std::string> HostileTexts() {
  std::vector<std::string> texts = {
      "",
      std::string("a\0b", 3),  // NUL inside
      "\xC0\xAF",              // overlong '/': invalid UTF-8
      "\xED\xA0\x80",          // a UTF-16 surrogate: invalid UTF-8
      "\xFF\xFE",              // never valid
      "caf\xC3",               // truncated sequence
      "a\xE2\x80\x8B"
      "b",  // zero-width space
      "\xE2\x80\xAE"
      "evil",  // right-to-left override
      "\xEF\xBB\xBF"
      "bom",        // byte-order mark
      "e\xCC\x81",  // decomposed é (NFC changes it)
      " \t\n ",     // only space
      "../../etc/passwd",
      "'; DROP TABLE x; --",
      "%s%n%x",
      "0190f3a4-0000-7000-8000-00000000b001",  // ids of fuzz_callers.cc
      "0190f3a4-0000-7000-8000-00000000a001",
      "0190f3a4-0000-7000-8000-000000000c01",  // the corpus's campaign
      "https://media.nanoinfluence.app/p/1.jpg",
      "2026-11-27",
      "FR",
      "-1",
      "9223372036854775808",
      "@0",  // ids earlier answers held (id_references.h)
      "@1",
      "@2",
  };
  for (size_t size : {32, 64, 100, 200, 500, 1000, 5000, 10000}) {
    texts.push_back(std::string(size, 'a'));
    texts.push_back(std::string(size + 1, 'a'));
  }
  texts.push_back(std::string(300, '\xE2'));  // a long run of broken bytes
  std::string emoji;
  for (int i = 0; i < 100; ++i) emoji += "\xF0\x9F\x98\x80";
  texts.push_back(emoji);  // 100 characters, 400 bytes
  return texts;
}

}  // namespace

void RequestMutator::Mutate(Message& message) {
  const size_t count = 1 + Below(3);
  for (size_t i = 0; i < count; ++i) MutateOnce(message);
}

void RequestMutator::MutateOnce(Message& message) {
  std::vector<std::pair<Message*, const FieldDescriptor*>> fields;
  CollectFields(message, fields);
  if (fields.empty()) return;
  auto [owner, field] = fields[Below(fields.size())];
  if (field->is_repeated()) {
    MutateRepeated(*owner, field);
  } else {
    MutateSingular(*owner, field);
  }
}

void RequestMutator::MutateSingular(Message& message, const Field* field) {
  const Reflection* reflection = message.GetReflection();
  if (OneIn(6)) {
    reflection->ClearField(&message, field);
    return;
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    // Present or not, a sub-message becomes present (in a oneof: the call
    // switches to that RPC); its fields are mutated by later picks.
    reflection->MutableMessage(&message, field);
    return;
  }
  SetScalar(message, field, -1);
}

void RequestMutator::MutateRepeated(Message& message, const Field* field) {
  const Reflection* reflection = message.GetReflection();
  const int size = reflection->FieldSize(message, field);
  const size_t choice = Below(4);
  if (choice == 0 && size > 0) {
    // Remove one element: swap it to the end, then drop the end.
    reflection->SwapElements(&message, field, Below(size), size - 1);
    reflection->RemoveLast(&message, field);
    return;
  }
  if (choice == 1 && size > 0 &&
      field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    SetScalar(message, field, Below(size));
    return;
  }
  // Add an element: a copy of one already there (a duplicate to reject),
  // or a fresh one; sometimes many, toward the bounds of repeated fields.
  const size_t copies = OneIn(8) ? 1 + Below(300) : 1;
  for (size_t i = 0; i < copies; ++i) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* added = reflection->AddMessage(&message, field);
      if (size > 0 && OneIn(2)) {
        added->CopyFrom(
            reflection->GetRepeatedMessage(message, field, Below(size)));
      }
      continue;
    }
    // Scalars: add a default, then give it a value.
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        reflection->AddInt32(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection->AddInt64(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        reflection->AddUInt32(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        reflection->AddUInt64(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        reflection->AddDouble(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        reflection->AddFloat(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        reflection->AddBool(&message, field, false);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection->AddEnumValue(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        reflection->AddString(&message, field, "");
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    SetScalar(message, field, reflection->FieldSize(message, field) - 1);
  }
}

void RequestMutator::SetScalar(Message& message, const Field* field,
                               int index) {
  const Reflection* reflection = message.GetReflection();
  // Reads the value (of the element `index`, or of the singular field),
  // passes it through `next` and writes the result back: one shape for
  // every scalar type, with that type's four Reflection accessors.
  auto replace = [&](auto get, auto get_repeated, auto set, auto set_repeated,
                     auto next) {
    if (index >= 0) {
      (reflection->*set_repeated)(
          &message, field, index,
          next((reflection->*get_repeated)(message, field, index)));
    } else {
      (reflection->*set)(&message, field,
                         next((reflection->*get)(message, field)));
    }
  };
  auto integer = [this](auto current) {
    return static_cast<decltype(current)>(
        Integer(static_cast<int64_t>(current)));
  };
  auto real = [this](auto current) {
    return static_cast<decltype(current)>(Real(current));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      replace(&Reflection::GetInt32, &Reflection::GetRepeatedInt32,
              &Reflection::SetInt32, &Reflection::SetRepeatedInt32, integer);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      replace(&Reflection::GetInt64, &Reflection::GetRepeatedInt64,
              &Reflection::SetInt64, &Reflection::SetRepeatedInt64, integer);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      replace(&Reflection::GetUInt32, &Reflection::GetRepeatedUInt32,
              &Reflection::SetUInt32, &Reflection::SetRepeatedUInt32, integer);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      replace(&Reflection::GetUInt64, &Reflection::GetRepeatedUInt64,
              &Reflection::SetUInt64, &Reflection::SetRepeatedUInt64, integer);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      replace(&Reflection::GetDouble, &Reflection::GetRepeatedDouble,
              &Reflection::SetDouble, &Reflection::SetRepeatedDouble, real);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      replace(&Reflection::GetFloat, &Reflection::GetRepeatedFloat,
              &Reflection::SetFloat, &Reflection::SetRepeatedFloat, real);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      replace(&Reflection::GetBool, &Reflection::GetRepeatedBool,
              &Reflection::SetBool, &Reflection::SetRepeatedBool,
              [](bool current) { return !current; });
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      replace(&Reflection::GetEnumValue, &Reflection::GetRepeatedEnumValue,
              &Reflection::SetEnumValue, &Reflection::SetRepeatedEnumValue,
              [&](int) { return Enum(field); });
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      replace(&Reflection::GetString, &Reflection::GetRepeatedString,
              &Reflection::SetString, &Reflection::SetRepeatedString,
              [this](const std::string& current) { return Text(current); });
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
}

int64_t RequestMutator::Integer(int64_t current) {
  static constexpr int64_t kEdges[] = {
      0,
      1,
      -1,
      2,
      5,
      6,  // ratings are 1..5
      7,
      31,
      100,
      101,
      1000,
      1001,
      999,
      1'000'000,
      1'000'001,
      std::numeric_limits<int32_t>::max(),
      std::numeric_limits<int32_t>::min(),
      std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min(),
      253402300800,   // year 10000 in Unix seconds: past Timestamp's range
      -62135596801};  // before year 1
  switch (Below(4)) {
    case 0:
      return current + 1;
    case 1:
      return current - 1;
    case 2:
      return static_cast<int64_t>(random_()) - (1 << 30);
    default:
      return kEdges[Below(std::size(kEdges))];
  }
}

double RequestMutator::Real(double current) {
  static const double kEdges[] = {0,
                                  -0.0,
                                  -1,
                                  0.5,
                                  1,
                                  1.0000001,
                                  100,
                                  1e308,
                                  -1e308,
                                  5e-324,
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN()};
  if (OneIn(3)) return current * 2 + 1;
  return kEdges[Below(std::size(kEdges))];
}

int RequestMutator::Enum(const Field* field) {
  const auto* type = field->enum_type();
  switch (Below(4)) {
    case 0:
      return 999;
    case 1:
      return -1;
    default:
      return type->value(Below(type->value_count()))->number();
  }
}

std::string RequestMutator::Text(const std::string& current) {
  static const std::vector<std::string> kHostile = HostileTexts();
  const std::string& hostile = kHostile[Below(kHostile.size())];
  switch (Below(5)) {
    case 0:  // a hostile character inside an otherwise plausible value
      return current.substr(0, Below(current.size() + 1)) + hostile +
             current.substr(Below(current.size() + 1));
    case 1:  // one character too many, or one too few
      return OneIn(2) ? current + current.substr(0, 1)
                      : current.substr(0, current.size() / 2);
    case 2: {  // one byte changed
      if (current.empty()) return hostile;
      std::string changed = current;
      changed[Below(changed.size())] = static_cast<char>(random_());
      return changed;
    }
    default:
      return hostile;
  }
}

void RequestMutator::CrossOver(Message& into, const Message& from) {
  const auto* field = into.GetDescriptor()->FindFieldByNumber(1);
  if (field == nullptr || !field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return;
  }
  const Reflection* reflection = into.GetReflection();
  const int available = reflection->FieldSize(from, field);
  const size_t taken = available == 0 ? 0 : 1 + Below(available);
  for (size_t i = 0; i < taken; ++i) {
    reflection->AddMessage(&into, field)
        ->CopyFrom(
            reflection->GetRepeatedMessage(from, field, Below(available)));
    // Move it to a random place: calls run in order.
    for (int j = reflection->FieldSize(into, field) - 1; j > 0 && !OneIn(2);
         --j) {
      reflection->SwapElements(&into, field, j, j - 1);
    }
  }
}

}  // namespace nanoinfluence::fuzz
