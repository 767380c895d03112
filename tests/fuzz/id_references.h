// Lets the calls of one fuzz input act on what earlier calls created.
// Services make their own ids (content, shipments, campaigns, studies), so
// no input could name them in advance; instead, a request string "@N" is
// replaced by the N-th distinct id (modulo how many there are) that the
// input's OK answers so far held in a field whose name ends in "_id".
// NANO_FUZZ_VERBOSE prints each id with its number, for writing seeds.
//
//   IdReferences ids;
//   ids.Learn(create_response);   // answers {"content_id": "0190..."}
//   ids.Resolve(moderate_request); // content_id "@0" -> "0190..."
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace nanoinfluence::fuzz {

class IdReferences {
 public:
  // Remembers the ids found anywhere in `answer`, in field order.
  void Learn(const google::protobuf::Message& answer);
  // Replaces every "@N" string anywhere in `request` (none known: left).
  void Resolve(google::protobuf::Message& request) const;

 private:
  // Enough to hold what one input's calls create; older ids are dropped.
  static constexpr size_t kMaxIds = 64;
  std::vector<std::string> ids_;
  const bool verbose_ = std::getenv("NANO_FUZZ_VERBOSE") != nullptr;
};

}  // namespace nanoinfluence::fuzz
