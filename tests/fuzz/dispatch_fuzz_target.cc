// The dispatch fuzz target: each input's calls run against the real
// Dispatch core on a fresh SQLite store. Recruitment is faked as the unit
// tests of the rules do: every campaign has the same three selected testers
// (the ambassadors of fuzz_callers.cc), and the tier cache knows of no
// change since selection.
#include <string>
#include <vector>

#include "libs/events/outbox.h"
#include "migrations.h"
#include "services/dispatch/dispatch.h"
#include "tests/fuzz/call_runner.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/inputs/dispatch_fuzz_input.pb.h"

namespace nanoinfluence::fuzz {
namespace {

using dispatch::Dispatch;

class FixedSelection : public dispatch::SelectedTesters {
 public:
  absl::StatusOr<dispatch::CampaignSelection> List(
      const std::string& campaign_id,
      const std::string& ambassador_id) override {
    dispatch::CampaignSelection selection;
    selection.post_deadline_days = 14;
    int rank = 0;
    for (const char* id : {"0190f3a4-0000-7000-8000-00000000a001",
                           "0190f3a4-0000-7000-8000-00000000a002",
                           "0190f3a4-0000-7000-8000-00000000a003"}) {
      ++rank;
      if (!ambassador_id.empty() && ambassador_id != id) continue;
      common::v1::PostalAddress address;
      address.set_recipient_name("Marie Tester");
      address.set_line1("1 rue de la Paix");
      address.set_postal_code("75002");
      address.set_city("Paris");
      address.set_country_code("FR");
      selection.testers.push_back({.ambassador_id = id,
                                   .rank = rank,
                                   .tier = common::v1::TIER_NANO,
                                   .address = address});
    }
    if (!ambassador_id.empty() && selection.testers.empty()) {
      return absl::NotFoundError("ambassador_id: not selected");
    }
    return selection;
  }
};

class NoTierChanges : public dispatch::TierLookup {
 public:
  absl::flat_hash_map<std::string, common::v1::Tier> Tiers(
      const std::vector<std::string>&) override {
    return {};
  }
};

const CallRunner<Dispatch>& Runner() {
  static const CallRunner<Dispatch> runner({
      Rpc(&Dispatch::SetStock),
      Rpc(&Dispatch::AdjustStock),
      Rpc(&Dispatch::GetStock),
      Rpc(&Dispatch::ListStock),
      Rpc(&Dispatch::SetAllocationPolicy),
      Rpc(&Dispatch::GetAllocationPolicy),
      Rpc(&Dispatch::AllocateSamples),
      Rpc(&Dispatch::AllocateSample),
      Rpc(&Dispatch::GetShipment),
      Rpc(&Dispatch::ListShipments),
      Rpc(&Dispatch::ListMyShipments),
      Rpc(&Dispatch::UpdateShipmentStatus),
      Rpc(&Dispatch::GetProofOfReceipt),
      Rpc(&Dispatch::ListReminders),
      Rpc(&Dispatch::CloseExpiredTests),
      Rpc(&Dispatch::IngestEvents),
      // The two streams, as the glue hands them to the core: the rows of
      // a whole export, the messages of a whole import.
      {dispatch::v1::ExportFulfilmentRequest::descriptor()->full_name(),
       [](Dispatch& core, const auth::Caller& caller,
          const google::protobuf::Message& request, IdReferences& ids) {
         std::vector<dispatch::v1::FulfilmentRow> rows;
         const absl::Status status = core.ExportFulfilment(
             caller,
             static_cast<const dispatch::v1::ExportFulfilmentRequest&>(request),
             &rows);
         TakeAnswer("ExportFulfilment", status, nullptr, ids);
         for (const auto& row : rows) {
           TakeAnswer("ExportFulfilment", status, &row, ids);
         }
       }},
      {ImportTrackingUpdatesStream::descriptor()->full_name(),
       [](Dispatch& core, const auth::Caller& caller,
          const google::protobuf::Message& request, IdReferences& ids) {
         const auto& stream =
             static_cast<const ImportTrackingUpdatesStream&>(request);
         const std::vector<dispatch::v1::ImportTrackingUpdatesRequest> messages(
             stream.messages().begin(), stream.messages().end());
         dispatch::v1::ImportTrackingUpdatesResponse response;
         TakeAnswer("ImportTrackingUpdates",
                    core.ImportTrackingUpdates(caller, messages, &response),
                    &response, ids);
       }},
  });
  return runner;
}

}  // namespace

const google::protobuf::Message& InputPrototype() {
  return DispatchFuzzInput::default_instance();
}

void RunInput(const google::protobuf::Message& input) {
  FuzzStore store("dispatch", dispatch::Migrations());
  const events::Outbox outbox("dispatch");
  FixedSelection testers;
  NoTierChanges tiers;
  Dispatch core(store.db(), outbox, testers, tiers);
  Runner().RunAll(core, input);
}

}  // namespace nanoinfluence::fuzz
