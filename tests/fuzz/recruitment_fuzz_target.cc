// The recruitment fuzz target: each input's calls run against the real
// Recruitment core on a fresh SQLite store, with no tier cache (as a
// recruitment without Redis runs: the database stays the truth).
#include "absl/time/clock.h"
#include "libs/events/outbox.h"
#include "migrations.h"
#include "services/recruitment/recruitment.h"
#include "tests/fuzz/call_runner.h"
#include "tests/fuzz/fuzz_oracle.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/inputs/recruitment_fuzz_input.pb.h"
#include "tests/fuzz/seed_time.h"

namespace nanoinfluence::fuzz {
namespace {

using recruitment::Recruitment;

const CallRunner<Recruitment>& Runner() {
  static const CallRunner<Recruitment> runner(
      {
          Rpc(&Recruitment::RegisterAmbassador),
          Rpc(&Recruitment::GetAmbassador),
          Rpc(&Recruitment::UpdateAmbassador),
          Rpc(&Recruitment::ListAmbassadors),
          Rpc(&Recruitment::LinkSocialAccount),
          Rpc(&Recruitment::UpdateSocialAccount),
          Rpc(&Recruitment::UnlinkSocialAccount),
          Rpc(&Recruitment::GetTier),
          Rpc(&Recruitment::BatchGetTiers),
          Rpc(&Recruitment::EraseAmbassador),
          Rpc(&Recruitment::ExportAmbassadorData),
          Rpc(&Recruitment::CreateCampaign),
          Rpc(&Recruitment::GetCampaign),
          Rpc(&Recruitment::UpdateCampaign),
          Rpc(&Recruitment::ListCampaigns),
          Rpc(&Recruitment::OpenCampaign),
          Rpc(&Recruitment::CloseCampaign),
          Rpc(&Recruitment::CountEligibleAmbassadors),
          Rpc(&Recruitment::ListOpenCampaigns),
          Rpc(&Recruitment::ApplyToCampaign),
          Rpc(&Recruitment::WithdrawApplication),
          Rpc(&Recruitment::ListApplications),
          Rpc(&Recruitment::InviteAmbassadors),
          Rpc(&Recruitment::SelectTesters),
          Rpc(&Recruitment::OverrideSelection),
          Rpc(&Recruitment::ListSelectedTesters),
          Rpc(&Recruitment::IngestEvents),
      },
      // Application windows are written in seed time (seed_time.h).
      [](google::protobuf::Message& request) {
        ShiftSeedTimes(request, absl::Now());
      });
  return runner;
}

}  // namespace

const google::protobuf::Message& InputPrototype() {
  return RecruitmentFuzzInput::default_instance();
}

void RunInput(const google::protobuf::Message& input) {
  FuzzStore store("recruitment", recruitment::Migrations());
  const events::Outbox outbox("recruitment");
  Recruitment core(store.db(), outbox, /*tier_cache=*/nullptr,
                   recruitment::ProfilePolicy{});
  const absl::Status loaded = core.LoadIndex();
  if (!loaded.ok()) FailInvariant("LoadIndex: " + loaded.ToString());
  Runner().RunAll(core, input);
}

}  // namespace nanoinfluence::fuzz
