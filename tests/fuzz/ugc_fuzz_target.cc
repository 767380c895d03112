// The ugc fuzz target: each input's calls run against the real Ugc core on
// a fresh SQLite store. Dispatch and the tier cache are faked as in the
// unit tests of the rules: of the ambassadors of fuzz_callers.cc, the first
// received the product, the second did not, the third is not known to
// dispatch (it did not answer); only the first two have a known tier.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libs/events/outbox.h"
#include "migrations.h"
#include "services/ugc/domain/disclosure.h"
#include "services/ugc/domain/text_signals.h"
#include "services/ugc/ugc.h"
#include "tests/fuzz/call_runner.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/inputs/ugc_fuzz_input.pb.h"

namespace nanoinfluence::fuzz {
namespace {

using ugc::Ugc;

constexpr char kDelivered[] = "0190f3a4-0000-7000-8000-00000000a001";
constexpr char kNotDelivered[] = "0190f3a4-0000-7000-8000-00000000a002";

class FixedReceipts : public ugc::ReceiptCheck {
 public:
  ugc::Delivery Check(const std::string&,
                      const std::string& ambassador_id) override {
    if (ambassador_id == kDelivered) return ugc::Delivery::kDelivered;
    if (ambassador_id == kNotDelivered) return ugc::Delivery::kNotDelivered;
    return ugc::Delivery::kUnknown;
  }
};

class FixedTiers : public ugc::AuthorTiers {
 public:
  std::optional<common::v1::TierRecord> Get(
      const std::string& ambassador_id) override {
    if (ambassador_id != kDelivered && ambassador_id != kNotDelivered) {
      return std::nullopt;
    }
    common::v1::TierRecord record;
    record.set_ambassador_id(ambassador_id);
    record.set_tier(common::v1::TIER_NANO);
    record.set_audience(640);
    record.set_version(1);
    return record;
  }
};

// ugc_server's defaults (services/ugc/main.cc).
ugc::UgcPolicy DefaultPolicy() {
  ugc::UgcPolicy policy;
  policy.submission.media_hosts = {"media.nanoinfluence.app"};
  policy.disclosure_markers = ugc::DefaultDisclosureMarkers();
  policy.banned_words = ugc::DefaultBannedWords();
  return policy;
}

const CallRunner<Ugc>& Runner() {
  static const CallRunner<Ugc> runner({
      Rpc(&Ugc::SubmitContent),
      Rpc(&Ugc::GetContent),
      Rpc(&Ugc::ListContent),
      Rpc(&Ugc::ModerateContent),
      Rpc(&Ugc::ReportContent),
      Rpc(&Ugc::ReplyToContent),
      Rpc(&Ugc::UpdateEngagement),
      Rpc(&Ugc::IngestEvents),
      // The two streams, as the glue runs them: a watch is opened (its
      // replay checked) and ended; a feed is read whole.
      {ugc::v1::WatchCampaignContentRequest::descriptor()->full_name(),
       [](Ugc& core, const auth::Caller& caller,
          const google::protobuf::Message& request, IdReferences& ids) {
         std::vector<ugc::v1::WatchCampaignContentResponse> replay;
         auto watcher = core.StartWatch(
             caller,
             static_cast<const ugc::v1::WatchCampaignContentRequest&>(request),
             &replay);
         TakeAnswer("WatchCampaignContent", watcher.status(), nullptr, ids);
         for (const auto& message : replay) {
           TakeAnswer("WatchCampaignContent", watcher.status(), &message, ids);
         }
         if (watcher.ok()) core.EndWatch(caller, watcher->get());
       }},
      {ugc::v1::StreamSyndicationFeedRequest::descriptor()->full_name(),
       [](Ugc& core, const auth::Caller& caller,
          const google::protobuf::Message& request, IdReferences& ids) {
         std::vector<ugc::v1::StreamSyndicationFeedResponse> entries;
         const absl::Status status = core.SyndicationFeed(
             caller,
             static_cast<const ugc::v1::StreamSyndicationFeedRequest&>(request),
             &entries);
         TakeAnswer("StreamSyndicationFeed", status, nullptr, ids);
         for (const auto& entry : entries) {
           TakeAnswer("StreamSyndicationFeed", status, &entry, ids);
         }
       }},
  });
  return runner;
}

}  // namespace

const google::protobuf::Message& InputPrototype() {
  return UgcFuzzInput::default_instance();
}

void RunInput(const google::protobuf::Message& input) {
  FuzzStore store("ugc", ugc::Migrations());
  const events::Outbox outbox("ugc");
  FixedReceipts receipts;
  FixedTiers tiers;
  Ugc core(store.db(), outbox, receipts, tiers, DefaultPolicy());
  Runner().RunAll(core, input);
}

}  // namespace nanoinfluence::fuzz
