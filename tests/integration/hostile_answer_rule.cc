#include "tests/integration/hostile_answer_rule.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nanoinfluence::testing {
namespace {

// A range: two fields of one message type (start and end, first and last
// day). An error about either end may rightly name the other ("end: before
// the start").
bool IsRange(const google::protobuf::Descriptor* type) {
  return type != nullptr && type->field_count() == 2 &&
         type->field(0)->message_type() != nullptr &&
         type->field(0)->message_type() == type->field(1)->message_type();
}

// Whether `named` (a path an error message starts with) designates the
// field at `path`: the field itself, a message holding it (a whole list), a
// field inside it (the seconds of a timestamp), the other end of a range
// holding it, the oneof it is a member of, a field under `also_named`, or
// anything whose last name is the field's own name.
bool Designates(const std::string& named, const FieldPath& path,
                const std::vector<std::string>& also_named) {
  const std::string field = WithoutIndices(path.Text());
  const std::string subject = WithoutIndices(named);
  if (subject.empty()) return false;
  if (subject == field || absl::StartsWith(field, subject + ".") ||
      absl::StartsWith(subject, field + ".")) {
    return true;
  }
  for (const std::string& also : also_named) {
    const std::string made = WithoutIndices(also);
    if (!made.empty() &&
        (subject == made || absl::StartsWith(subject, made + "."))) {
      return true;
    }
  }
  const std::vector<std::string> parts = absl::StrSplit(subject, '.');
  if (parts.back() == path.leaf().name()) return true;
  // The oneof of any field on the way ("source" for targeting.tiers).
  std::string prefix;
  for (const auto* step : path.steps) {
    const auto* oneof = step->real_containing_oneof();
    if (oneof != nullptr &&
        subject ==
            absl::StrCat(prefix, prefix.empty() ? "" : ".", oneof->name())) {
      return true;
    }
    absl::StrAppend(&prefix, prefix.empty() ? "" : ".", step->name());
    if (IsRange(step->message_type()) &&
        absl::StartsWith(subject, prefix + ".")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string WithoutIndices(const std::string& path) {
  std::string out;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) out.push_back(c);
    if (c == ']') in_index = false;
  }
  return out;
}

std::string BreaksTheRule(const grpc::Status& status, const FieldPath& path,
                          const std::vector<std::string>& also_named,
                          Expectation expectation) {
  const grpc::StatusCode code = status.error_code();
  const std::string answer =
      absl::StrCat("answered ", code, " \"", status.error_message(), "\"");
  if (code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
      code == grpc::StatusCode::DATA_LOSS) {
    return absl::StrCat(answer, ": a server error for bad input");
  }
  if (expectation == Expectation::kTooLarge) {
    return code == grpc::StatusCode::RESOURCE_EXHAUSTED
               ? ""
               : absl::StrCat(answer, ": expected RESOURCE_EXHAUSTED");
  }
  if (code == grpc::StatusCode::INVALID_ARGUMENT) {
    const std::string& message = status.error_message();
    const std::string named = message.substr(0, message.find(':'));
    return Designates(named, path, also_named)
               ? ""
               : absl::StrCat(answer, ": does not name the field");
  }
  if (expectation == Expectation::kBounded &&
      code != grpc::StatusCode::RESOURCE_EXHAUSTED) {
    return absl::StrCat(answer,
                        ": a million elements must be refused by a bound");
  }
  return "";
}

}  // namespace nanoinfluence::testing
