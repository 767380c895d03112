// The hostile values of QUALITY.md's bad-input row, generated from a request
// message's descriptor: every field reachable from the request (into
// sub-messages, a bounded depth down), and for each the values its type
// invites: broken and deceptive strings, huge ones, out-of-range enums,
// extreme numbers, NaN and infinities. A new field gets its cases without
// anyone writing them.
//
//   for (const FieldPath& path : ReachableFields(*request_type)) {
//     for (const HostileValue& value : HostileValuesFor(path.leaf())) {
//       auto request = base->New(); request->CopyFrom(*base);
//       Spoiled spoiled = Spoil(*request, path, value);
//       ... send request->SerializeAsString() ...
//     }
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace nanoinfluence::testing {

// Where a field sits in a request: the fields crossed from the request
// down to it.
struct FieldPath {
  std::vector<const google::protobuf::FieldDescriptor*> steps;

  const google::protobuf::FieldDescriptor& leaf() const {
    return *steps.back();
  }
  // "profile.universes[0]": the path an error message names (a repeated
  // field crossed or spoiled at its first element).
  std::string Text() const;
};

// Every scalar field reachable from `request`, and every field of a message
// type that has none (present, empty), at most `max_depth` fields down. A
// message type already on the way down is not entered again.
std::vector<FieldPath> ReachableFields(
    const google::protobuf::Descriptor& request, int max_depth = 6);

// Every field of every message type reachable from `request`, whatever the
// depth: what the cases must cover.
std::set<const google::protobuf::FieldDescriptor*> FieldsToCover(
    const google::protobuf::Descriptor& request);

struct HostileValue {
  // For the report: "invalid UTF-8", "INT64_MIN", ...
  std::string label;
  // Puts the value into `field` of `message` (added, for a repeated field).
  std::function<void(google::protobuf::Message& message,
                     const google::protobuf::FieldDescriptor& field)>
      put;
};

// The values QUALITY.md lists for the field's type: strings and bytes
// invalid UTF-8, NUL, zero-width space, right-to-left override, 100,001
// characters and 1 MiB; enums 999 and -1; integers -1 and their type's
// minimum and maximum; floating point NaN, +inf and -inf; a bool flipped;
// a message without fields present.
std::vector<HostileValue> HostileValuesFor(
    const google::protobuf::FieldDescriptor& field);

// What Spoil did besides setting the value.
struct Spoiled {
  // Path text of the outermost message the case had to create (absent from
  // the base request, or another member of a oneof than the base's); empty
  // when the value went into what the base already held. Any field of it
  // may rightly be the one an error names: the case left it unset.
  std::string created;
};

// Sets `value` at `path` in `request`, creating the messages on the way (the
// first element of a repeated message field). A repeated leaf is replaced by
// the one hostile element.
Spoiled Spoil(google::protobuf::Message& request, const FieldPath& path,
              const HostileValue& value);

// The serialized `request` with one more element of the first repeated
// field reachable from it repeated `count` times after it (appending to the
// wire bytes merges into the message, so no million-element message is
// built in memory). The path of that field; empty `path` when the request
// has no repeated field.
struct ManyElements {
  FieldPath path;
  std::string bytes;
  // As Spoiled::created: the outermost message on the path the base lacks.
  std::string created;
};
ManyElements WithManyElements(const google::protobuf::Message& request,
                              int count);

}  // namespace nanoinfluence::testing
