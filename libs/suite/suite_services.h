// The four services of the suite, named once: their short name (binary,
// database file, event producer name), the gRPC service they host and the
// port they listen on by default.
#pragma once

#include "absl/strings/string_view.h"

namespace nanoinfluence {

struct SuiteService {
  absl::string_view name;
  absl::string_view full_name;
  int default_port;
};

inline constexpr SuiteService kSuiteServices[] = {
    {"recruitment", "nanoinfluence.recruitment.v1.RecruitmentService", 7101},
    {"dispatch", "nanoinfluence.dispatch.v1.DispatchService", 7102},
    {"ugc", "nanoinfluence.ugc.v1.UgcService", 7103},
    {"kpi", "nanoinfluence.kpi.v1.KpiService", 7104},
};

// The service called `name`, or null.
inline const SuiteService* FindSuiteService(absl::string_view name) {
  for (const SuiteService& service : kSuiteServices) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

}  // namespace nanoinfluence
