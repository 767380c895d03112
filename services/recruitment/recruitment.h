// The recruitment service's behaviour, one method per RPC, below the gRPC
// glue (recruitment_grpc_service.h) and above the SQL layer. Every method
// checks its caller and its request before touching anything, writes in
// one transaction with its events (the outbox) and its idempotency record,
// and only after the commit updates what lives outside the database: the
// in-memory eligibility index and the shared tier cache.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/events/intake.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/idempotency.h"
#include "libs/idempotency/once_writer.h"
#include "libs/sql/database.h"
#include "libs/tiers/tier_cache.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.pb.h"
#include "services/recruitment/ambassador_rows.h"
#include "services/recruitment/campaign_rows.h"
#include "services/recruitment/domain/eligibility.h"
#include "services/recruitment/domain/profile_rules.h"
#include "services/recruitment/tier_write_back.h"

namespace nanoinfluence::recruitment {

using auth::Caller;

class Recruitment {
 public:
  // `tier_cache` may be null (no Redis configured): the database stays the
  // source of truth and readers fall back to GetTier.
  Recruitment(sql::Database& db, const events::Outbox& outbox,
              tiers::TierCacheWriter* tier_cache, ProfilePolicy policy);

  // Loads the eligibility index from the database; call once at start.
  absl::Status LoadIndex();

  // Ambassadors (ambassadors.cc).
  absl::Status RegisterAmbassador(const Caller& caller,
                                  const v1::RegisterAmbassadorRequest& request,
                                  v1::RegisterAmbassadorResponse* response);
  absl::Status GetAmbassador(const Caller& caller,
                             const v1::GetAmbassadorRequest& request,
                             v1::Ambassador* response);
  absl::Status UpdateAmbassador(const Caller& caller,
                                const v1::UpdateAmbassadorRequest& request,
                                v1::UpdateAmbassadorResponse* response);
  absl::Status ListAmbassadors(const Caller& caller,
                               const v1::ListAmbassadorsRequest& request,
                               v1::ListAmbassadorsResponse* response);

  // Social accounts and tiers (social_accounts.cc).
  absl::Status LinkSocialAccount(const Caller& caller,
                                 const v1::LinkSocialAccountRequest& request,
                                 v1::LinkSocialAccountResponse* response);
  absl::Status UpdateSocialAccount(
      const Caller& caller, const v1::UpdateSocialAccountRequest& request,
      v1::UpdateSocialAccountResponse* response);
  absl::Status UnlinkSocialAccount(
      const Caller& caller, const v1::UnlinkSocialAccountRequest& request,
      v1::UnlinkSocialAccountResponse* response);
  absl::Status GetTier(const Caller& caller, const v1::GetTierRequest& request,
                       common::v1::TierRecord* response);
  absl::Status BatchGetTiers(const Caller& caller,
                             const v1::BatchGetTiersRequest& request,
                             v1::BatchGetTiersResponse* response);

  // Personal data (personal_data.cc).
  absl::Status EraseAmbassador(const Caller& caller,
                               const v1::EraseAmbassadorRequest& request,
                               v1::EraseAmbassadorResponse* response);
  absl::Status ExportAmbassadorData(
      const Caller& caller, const v1::ExportAmbassadorDataRequest& request,
      v1::ExportAmbassadorDataResponse* response);

  // Campaigns (campaigns.cc).
  absl::Status CreateCampaign(const Caller& caller,
                              const v1::CreateCampaignRequest& request,
                              v1::CreateCampaignResponse* response);
  absl::Status GetCampaign(const Caller& caller,
                           const v1::GetCampaignRequest& request,
                           v1::Campaign* response);
  absl::Status UpdateCampaign(const Caller& caller,
                              const v1::UpdateCampaignRequest& request,
                              v1::UpdateCampaignResponse* response);
  absl::Status ListCampaigns(const Caller& caller,
                             const v1::ListCampaignsRequest& request,
                             v1::ListCampaignsResponse* response);
  absl::Status OpenCampaign(const Caller& caller,
                            const v1::OpenCampaignRequest& request,
                            v1::OpenCampaignResponse* response);
  absl::Status CloseCampaign(const Caller& caller,
                             const v1::CloseCampaignRequest& request,
                             v1::CloseCampaignResponse* response);
  absl::Status CountEligibleAmbassadors(
      const Caller& caller, const v1::CountEligibleAmbassadorsRequest& request,
      v1::CountEligibleAmbassadorsResponse* response);

  // Applications (applications.cc).
  absl::Status ListOpenCampaigns(const Caller& caller,
                                 const v1::ListOpenCampaignsRequest& request,
                                 v1::ListOpenCampaignsResponse* response);
  absl::Status ApplyToCampaign(const Caller& caller,
                               const v1::ApplyToCampaignRequest& request,
                               v1::ApplyToCampaignResponse* response);
  absl::Status WithdrawApplication(
      const Caller& caller, const v1::WithdrawApplicationRequest& request,
      v1::WithdrawApplicationResponse* response);
  absl::Status ListApplications(const Caller& caller,
                                const v1::ListApplicationsRequest& request,
                                v1::ListApplicationsResponse* response);
  absl::Status InviteAmbassadors(const Caller& caller,
                                 const v1::InviteAmbassadorsRequest& request,
                                 v1::InviteAmbassadorsResponse* response);

  // Selection (selection_rpcs.cc).
  absl::Status SelectTesters(const Caller& caller,
                             const v1::SelectTestersRequest& request,
                             v1::SelectTestersResponse* response);
  absl::Status OverrideSelection(const Caller& caller,
                                 const v1::OverrideSelectionRequest& request,
                                 v1::OverrideSelectionResponse* response);
  absl::Status ListSelectedTesters(
      const Caller& caller, const v1::ListSelectedTestersRequest& request,
      v1::ListSelectedTestersResponse* response);

  // Events from dispatch (event_intake.cc).
  absl::Status IngestEvents(const Caller& caller,
                            const common::v1::IngestEventsRequest& request,
                            common::v1::IngestEventsResponse* response);

  const EligibilityIndex& index() const { return index_; }

 private:
  // What a committed write still has to do outside the database.
  // (The in-memory index follows through sql::Connection::OnCommit.)
  struct AfterCommit {
    // Records to write through to the tier cache.
    std::vector<common::v1::TierRecord> tiers;
    // Erased ambassadors whose cache record becomes a tombstone.
    std::vector<std::string> erased;
    // The ambassador whose personal data the answer holds (erasure forgets
    // the stored answer).
    std::string data_subject;
  };
  using WriteBody =
      absl::FunctionRef<absl::Status(sql::Connection& tx, AfterCommit& after)>;

  // Runs `body` in one write transaction, idempotent by the request's
  // `request_id` (checked here) for this caller and method: a replay fills
  // `response` with the first answer and runs nothing. Then writes the tier
  // cache as `after` says.
  absl::Status Write(const Caller& caller,
                     const google::protobuf::Message& request,
                     google::protobuf::Message* response, WriteBody body);
  void WriteTierCache(const AfterCommit& after);

  // The ambassador `requested` resolves to for `caller`, loaded; NOT_FOUND
  // when missing or erased.
  absl::StatusOr<AmbassadorRow> LoadVisibleAmbassador(
      sql::Connection& tx, const Caller& caller, absl::string_view requested);
  // The ambassador `id`; NOT_FOUND when missing or erased.
  absl::StatusOr<AmbassadorRow> LoadLiveAmbassador(sql::Connection& tx,
                                                   absl::string_view id);
  // A social account and its ambassador, when `caller` may see them;
  // NOT_FOUND otherwise.
  absl::StatusOr<std::pair<SocialAccountRow, AmbassadorRow>> LoadVisibleAccount(
      sql::Connection& tx, const Caller& caller,
      absl::string_view social_account_id);
  // The ambassador as GetAmbassador shows them, when `caller` may see them.
  absl::StatusOr<v1::Ambassador> LoadAmbassadorView(
      sql::Connection& tx, const Caller& caller, absl::string_view requested);
  // The campaign, when `caller`'s brand owns it (or ops/service).
  absl::StatusOr<v1::Campaign> LoadOwnedCampaign(sql::Connection& tx,
                                                 const Caller& caller,
                                                 absl::string_view campaign_id,
                                                 bool with_counters = true);
  // Saves the row (revision bumped); its facts reach the index on commit.
  absl::Status SaveAmbassador(sql::Connection& tx, AmbassadorRow& row);
  // The ambassador's active test starts or ends with this transaction (the
  // database derives it from the applications; the index is told here).
  void NoteActiveTest(sql::Connection& tx, const std::string& ambassador_id,
                      bool active);
  AmbassadorFacts FactsOf(const AmbassadorRow& row) const;
  v1::Ambassador AmbassadorView(
      const AmbassadorRow& row,
      const std::vector<v1::SocialAccount>& accounts) const;
  v1::ApplicantSummary SummaryOf(const AmbassadorRow& row) const;
  // Recomputes the tier after a change of accounts, saves the ambassador
  // and emits TierChanged when the tier moved. Returns the tier before.
  absl::StatusOr<common::v1::Tier> RetierAfterAccountChange(sql::Connection& tx,
                                                            AmbassadorRow& row,
                                                            absl::Time now,
                                                            AfterCommit& after);
  // Whether an ambassador sees the campaign in the app now: RECRUITING,
  // inside its window, its targeting reaching them.
  bool IsOpenTo(const v1::Campaign& campaign,
                const std::string& ambassador_id) const;
  // Reaches, whatever the ambassador's consent: what the app shows.
  bool TargetingReaches(const v1::Campaign& campaign,
                        AmbassadorFacts facts) const;
  // SelectionChanged for one application.
  absl::Status EmitSelectionChanged(sql::Connection& tx,
                                    const ApplicationRow& application,
                                    bool selected, int rank) const;
  // Whether the campaign's targeting reaches the ambassador today.
  bool Reaches(const v1::Campaign& campaign,
               const AmbassadorFacts& facts) const;
  absl::Status Emit(sql::Connection& tx, absl::string_view aggregate_type,
                    absl::string_view aggregate_id,
                    common::v1::Event event) const;
  absl::Status ApplyEvent(sql::Connection& tx, const common::v1::Event& event);

  sql::Database& db_;
  const events::Outbox& outbox_;
  tiers::TierCacheWriter* const tier_cache_;
  const ProfilePolicy policy_;
  EligibilityIndex index_;
  std::unique_ptr<TierWriteBack> write_back_;
  events::EventIntake intake_;
  idempotency::OnceWriter writer_;
};

}  // namespace nanoinfluence::recruitment
