// What a service may answer to a request carrying one hostile value
// (QUALITY.md, bad input): never INTERNAL, UNKNOWN or DATA_LOSS (a server
// that did not understand what it refused); an INVALID_ARGUMENT names the
// field, by its path or its name; RESOURCE_EXHAUSTED only for size. Any
// other answer (OK once the value was normalised, NOT_FOUND, ...) may be
// right for a value harmless to that field; the caller checks separately
// that a refused call changed nothing.
//
//   std::string broken =
//       BreaksTheRule(status, path, {spoiled.created}, Expectation::kBounded);
//   EXPECT_EQ(broken, "") << method << " " << path.Text();
#pragma once

#include <string>
#include <vector>

#include "grpcpp/support/status.h"
#include "tests/integration/hostile_values.h"

namespace nanoinfluence::testing {

// What the case was, for the rule.
enum class Expectation {
  // One hostile value in one field.
  kNamedOrHarmless,
  // A repeated field of a million elements: INVALID_ARGUMENT naming it, or
  // RESOURCE_EXHAUSTED.
  kBounded,
  // A message past the server's receive limit: RESOURCE_EXHAUSTED.
  kTooLarge,
  // A hostile string or enum in an event of IngestEvents: as
  // kNamedOrHarmless, and an OK must not have applied the event (the intake
  // rejected it, or it is the duplicate of an earlier rejection), with no
  // row changed but the intake's record of the rejection
  // (HostileCaseRunner checks).
  kEventNotApplied,
};

// Why `status` breaks the rule for a value at `path` ("" when it does not).
// An error may also name any field under a path of `also_named`: a message
// the case created (Spoiled::created), whose other fields it left unset, or
// the update mask the case extended to the field (a field an update cannot
// change is refused there).
std::string BreaksTheRule(const grpc::Status& status, const FieldPath& path,
                          const std::vector<std::string>& also_named,
                          Expectation expectation);

// "profile.universes[0]" -> "profile.universes": paths compare without
// element indices ("[0]", "[*]").
std::string WithoutIndices(const std::string& path);

}  // namespace nanoinfluence::testing
