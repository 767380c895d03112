// What every phase of the demo works with: the options, the suite's
// clients, the bearer tokens of each actor, the community, the ledger of
// what was done, and the progress lines.
#pragma once

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "nanoinfluence/ugc/v1/ugc_service.grpc.pb.h"
#include "tools/demo/community.h"
#include "tools/demo/ledger.h"
#include "tools/demo/progress.h"
#include "tools/nanoctl_client/local_suite.h"

namespace nanoinfluence::demo {

using RecruitmentStub = recruitment::v1::RecruitmentService::Stub;
using DispatchStub = dispatch::v1::DispatchService::Stub;
using UgcStub = ugc::v1::UgcService::Stub;
using KpiStub = kpi::v1::KpiService::Stub;

struct DemoOptions {
  uint64_t seed = 1;
  int ambassadors = 3000;
  int testers = 200;
  // Calls in flight at once.
  int parallelism = 16;
  // Where the HTML report and the JSON summary go.
  std::string html_file;
  std::string summary_json_file;
  // How long to wait for kpi to show what the demo did.
  absl::Duration kpi_wait = absl::Minutes(3);
};

// The bearer of each actor, minted with the suite's development secret the
// way `nanoctl token` mints them, once per actor. Thread-safe.
class Bearers {
 public:
  explicit Bearers(const tools::LocalSuite& suite) : suite_(suite) {}

  // The brand console, acting for the demo brand.
  std::string Brand(const std::string& brand_id);
  // An ops moderator.
  std::string Moderator();
  // The 3PL's connector (service role).
  std::string ThreePl();
  // The social-network listening connector (service role).
  std::string SocialListening();
  // The app, signed in as this ambassador.
  std::string Ambassador(const std::string& ambassador_id);

 private:
  std::string Mint(const auth::Caller& caller);

  const tools::LocalSuite& suite_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> minted_ ABSL_GUARDED_BY(mu_);
};

struct DemoContext {
  DemoOptions options;
  const tools::LocalSuite* suite = nullptr;
  std::unique_ptr<RecruitmentStub> recruitment;
  std::unique_ptr<DispatchStub> dispatch;
  std::unique_ptr<UgcStub> ugc;
  std::unique_ptr<KpiStub> kpi;
  std::unique_ptr<Bearers> bearers;
  Community community;
  Ledger ledger;
  Progress progress{12};

  // The member with this ambassador id, or -1.
  int MemberOf(const std::string& ambassador_id) const;
  absl::flat_hash_map<std::string, int> member_by_id;
};

// A fresh idempotency key for a write.
std::string NewRequestId();

}  // namespace nanoinfluence::demo
