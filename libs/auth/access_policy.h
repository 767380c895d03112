// The authorization policy of a server, read from the contracts: each RPC's
// `(nanoinfluence.common.v1.access)` method option lists the roles allowed to
// call it. A hosted service with a method lacking the option does not start.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/auth/caller.h"

namespace nanoinfluence::auth {

struct MethodPolicy {
  // Allowed roles, never empty.
  std::vector<Role> roles;
  // The method changes state (its request carries `request_id`): rate
  // limited per caller.
  bool writes = false;

  bool Allows(Role role) const;
};

class AccessPolicyTable {
 public:
  // Reads the policy of every method of the named services (full names, e.g.
  // "nanoinfluence.kpi.v1.KpiService") from the generated descriptor pool.
  // INVALID_ARGUMENT naming the method when one has no policy or lists no
  // role; NOT_FOUND for a service the pool does not know.
  static absl::StatusOr<AccessPolicyTable> ForServices(
      const std::vector<std::string>& service_names);

  // The policy of a gRPC path ("/nanoinfluence.kpi.v1.KpiService/GetReport"),
  // or null when the path is none of the services' methods.
  const MethodPolicy* Find(absl::string_view path) const;

 private:
  absl::flat_hash_map<std::string, MethodPolicy> by_path_;
};

}  // namespace nanoinfluence::auth
