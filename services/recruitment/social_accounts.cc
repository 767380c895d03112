// LinkSocialAccount, UpdateSocialAccount, UnlinkSocialAccount, GetTier,
// BatchGetTiers: the accounts that make an ambassador's audience, and the
// tier that follows from it.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/tiers/tier_rule.h"
#include "libs/validation/field_checks.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
using validation::InvalidField;

constexpr int64_t kMaxFollowers = 1'000'000'000;

absl::StatusOr<std::string> CleanHandle(absl::string_view field,
                                        absl::string_view handle) {
  absl::StatusOr<std::string> clean =
      validation::CleanText(field, handle, {1, 101});
  if (!clean.ok()) return clean.status();
  absl::string_view bare = *clean;
  absl::ConsumePrefix(&bare, "@");
  if (bare.empty() || bare.size() > 100) {
    return InvalidField(field, "1..100 characters without the \"@\"");
  }
  return std::string(bare);
}

absl::Status CheckFollowers(absl::string_view field, int64_t followers) {
  if (followers < 0 || followers > kMaxFollowers) {
    return InvalidField(field, "0..1,000,000,000");
  }
  return absl::OkStatus();
}

absl::Status CheckEngagement(absl::string_view field, double rate) {
  if (!std::isfinite(rate) || rate < 0 || rate > 100) {
    return InvalidField(field, "0..100 (percent)");
  }
  return absl::OkStatus();
}

// ALREADY_EXISTS when someone else linked (network, handle).
absl::Status CheckHandleFree(sql::Connection& tx,
                             common::v1::SocialNetwork network,
                             const std::string& handle,
                             const std::string& social_account_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT social_account_id FROM social_accounts "
               "WHERE network = ? AND handle_key = ?",
               {int64_t{network}, HandleKey(handle)}));
  if (!rows.rows.empty() && rows.rows[0].Text(0) != social_account_id) {
    return absl::AlreadyExistsError(
        "account.handle: already linked by another ambassador");
  }
  return absl::OkStatus();
}

common::v1::TierRecord TierRecordOf(const AmbassadorFacts& facts) {
  common::v1::TierRecord record;
  record.set_ambassador_id(facts.ambassador_id);
  record.set_audience(facts.audience);
  record.set_tier(facts.tier);
  record.set_version(facts.tier_version);
  *record.mutable_computed_at() =
      TimeUtil::MicrosecondsToTimestamp(facts.tier_computed_at);
  return record;
}

// Fills the tier and previous tier of a Link/Update/Unlink response. `tier`
// is read once `previous` is known (the retiering has run).
template <typename Response>
absl::Status AnswerTier(absl::StatusOr<common::v1::Tier> previous,
                        const common::v1::TierRecord& tier,
                        Response* response) {
  if (!previous.ok()) return previous.status();
  *response->mutable_tier() = tier;
  response->set_previous_tier(*previous);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<common::v1::Tier> Recruitment::RetierAfterAccountChange(
    sql::Connection& tx, AmbassadorRow& row, absl::Time now,
    AfterCommit& after) {
  NANO_ASSIGN_OR_RETURN(auto accounts,
                        LoadSocialAccounts(tx, row.ambassador_id));
  std::vector<int64_t> followers;
  double weighted = 0, plain = 0;
  for (const v1::SocialAccount& account : accounts) {
    followers.push_back(account.followers());
    weighted += account.engagement_rate_percent() * account.followers();
    plain += account.engagement_rate_percent();
  }
  NANO_ASSIGN_OR_RETURN(int64_t audience, tiers::AudienceOf(followers));
  // Follower-weighted; a plain mean when no account has followers yet.
  row.engagement_rate_percent =
      accounts.empty() ? 0
      : audience > 0   ? weighted / static_cast<double>(audience)
                       : plain / static_cast<double>(accounts.size());
  const common::v1::Tier before = row.tier.tier();
  row.tier.set_audience(audience);
  row.tier.set_tier(tiers::TierForAudience(audience));
  row.tier.set_version(row.tier.version() + 1);
  *row.tier.mutable_computed_at() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  row.updated_at = now;
  NANO_RETURN_IF_ERROR(SaveAmbassador(tx, row));
  if (row.tier.tier() != before) {
    common::v1::Event event;
    auto* changed = event.mutable_tier_changed();
    changed->set_ambassador_id(row.ambassador_id);
    changed->set_previous_tier(before);
    *changed->mutable_record() = row.tier;
    NANO_RETURN_IF_ERROR(
        Emit(tx, "ambassador", row.ambassador_id, std::move(event)));
  }
  after.tiers.push_back(row.tier);
  return before;
}

absl::StatusOr<std::pair<SocialAccountRow, AmbassadorRow>>
Recruitment::LoadVisibleAccount(sql::Connection& tx, const Caller& caller,
                                absl::string_view social_account_id) {
  NANO_ASSIGN_OR_RETURN(std::optional<SocialAccountRow> account,
                        LoadSocialAccount(tx, social_account_id));
  if (!account.has_value() || !caller.SeesAmbassador(account->ambassador_id)) {
    return auth::NotFound("social account", social_account_id);
  }
  NANO_ASSIGN_OR_RETURN(AmbassadorRow ambassador,
                        LoadLiveAmbassador(tx, account->ambassador_id));
  return std::make_pair(*std::move(account), std::move(ambassador));
}

absl::Status Recruitment::LinkSocialAccount(
    const Caller& caller, const v1::LinkSocialAccountRequest& request,
    v1::LinkSocialAccountResponse* response) {
  const v1::SocialAccount& input = request.account();
  NANO_RETURN_IF_ERROR(
      validation::CheckEnum("account.network", input.network()));
  NANO_ASSIGN_OR_RETURN(std::string handle,
                        CleanHandle("account.handle", input.handle()));
  NANO_RETURN_IF_ERROR(CheckFollowers("account.followers", input.followers()));
  NANO_RETURN_IF_ERROR(CheckEngagement("account.engagement_rate_percent",
                                       input.engagement_rate_percent()));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            AmbassadorRow row,
            LoadVisibleAmbassador(tx, caller, request.ambassador_id()));
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet same_network,
            tx.Query(
                "SELECT 1 FROM social_accounts WHERE ambassador_id = ? AND "
                "network = ?",
                {row.ambassador_id, int64_t{input.network()}}));
        if (!same_network.rows.empty()) {
          return absl::AlreadyExistsError(
              "account.network: an account on this network is already linked; "
              "update or unlink it");
        }
        NANO_RETURN_IF_ERROR(CheckHandleFree(tx, input.network(), handle, ""));
        const absl::Time now = absl::Now();
        v1::SocialAccount account;
        account.set_social_account_id(events::NewEventId());
        account.set_network(input.network());
        account.set_handle(handle);
        account.set_followers(input.followers());
        account.set_engagement_rate_percent(input.engagement_rate_percent());
        *account.mutable_linked_at() = *account.mutable_updated_at() =
            TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
        NANO_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO social_accounts (social_account_id, "
                       "ambassador_id, network, handle, handle_key, followers, "
                       "engagement_rate, linked_at, updated_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {account.social_account_id(), row.ambassador_id,
                        int64_t{account.network()}, handle, HandleKey(handle),
                        account.followers(), account.engagement_rate_percent(),
                        absl::ToUnixMicros(now), absl::ToUnixMicros(now)})
                .status());
        after.data_subject = row.ambassador_id;
        *response->mutable_account() = account;
        return AnswerTier(RetierAfterAccountChange(tx, row, now, after),
                          row.tier, response);
      });
}

absl::Status Recruitment::UpdateSocialAccount(
    const Caller& caller, const v1::UpdateSocialAccountRequest& request,
    v1::UpdateSocialAccountResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("social_account_id", request.social_account_id()));
  const auto& paths = request.update_mask().paths();
  if (paths.empty()) return InvalidField("update_mask", "required");
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize("update_mask.paths", paths.size(), 3));
  std::string handle;
  for (int i = 0; i < paths.size(); ++i) {
    if (paths[i] == "handle") {
      NANO_ASSIGN_OR_RETURN(
          handle, CleanHandle("account.handle", request.account().handle()));
    } else if (paths[i] == "followers") {
      NANO_RETURN_IF_ERROR(
          CheckFollowers("account.followers", request.account().followers()));
    } else if (paths[i] == "engagement_rate_percent") {
      NANO_RETURN_IF_ERROR(
          CheckEngagement("account.engagement_rate_percent",
                          request.account().engagement_rate_percent()));
    } else {
      return InvalidField(validation::Indexed("update_mask.paths", i),
                          "only \"handle\", \"followers\" and "
                          "\"engagement_rate_percent\" can change");
    }
  }
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            auto found,
            LoadVisibleAccount(tx, caller, request.social_account_id()));
        AmbassadorRow& row = found.second;
        v1::SocialAccount account = found.first.account;
        for (const std::string& path : paths) {
          if (path == "handle") account.set_handle(handle);
          if (path == "followers")
            account.set_followers(request.account().followers());
          if (path == "engagement_rate_percent") {
            account.set_engagement_rate_percent(
                request.account().engagement_rate_percent());
          }
        }
        NANO_RETURN_IF_ERROR(CheckHandleFree(tx, account.network(),
                                             account.handle(),
                                             account.social_account_id()));
        const absl::Time now = absl::Now();
        *account.mutable_updated_at() =
            TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE social_accounts SET handle = ?, handle_key = ?, "
                       "followers = ?, engagement_rate = ?, updated_at = ? "
                       "WHERE social_account_id = ?",
                       {account.handle(), HandleKey(account.handle()),
                        account.followers(), account.engagement_rate_percent(),
                        absl::ToUnixMicros(now), account.social_account_id()})
                .status());
        after.data_subject = row.ambassador_id;
        *response->mutable_account() = account;
        return AnswerTier(RetierAfterAccountChange(tx, row, now, after),
                          row.tier, response);
      });
}

absl::Status Recruitment::UnlinkSocialAccount(
    const Caller& caller, const v1::UnlinkSocialAccountRequest& request,
    v1::UnlinkSocialAccountResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("social_account_id", request.social_account_id()));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            auto found,
            LoadVisibleAccount(tx, caller, request.social_account_id()));
        AmbassadorRow& row = found.second;
        NANO_RETURN_IF_ERROR(
            tx.Execute(
                  "DELETE FROM social_accounts WHERE social_account_id = ?",
                  {request.social_account_id()})
                .status());
        return AnswerTier(RetierAfterAccountChange(tx, row, absl::Now(), after),
                          row.tier, response);
      });
}

// Tiers are answered from the eligibility index, which holds every
// ambassador's committed tier record (it follows the database in commit
// order): no database round trip on the path every cache miss takes.
absl::Status Recruitment::GetTier(const Caller& caller,
                                  const v1::GetTierRequest& request,
                                  common::v1::TierRecord* response) {
  if (!request.ambassador_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("ambassador_id", request.ambassador_id()));
  }
  NANO_ASSIGN_OR_RETURN(std::string id,
                        auth::AmbassadorFor(caller, request.ambassador_id()));
  const std::optional<AmbassadorFacts> facts = index_.Get(id);
  if (!facts.has_value()) return auth::NotFound("ambassador", id);
  *response = TierRecordOf(*facts);
  if (write_back_ != nullptr) write_back_->Push(*response);
  return absl::OkStatus();
}

absl::Status Recruitment::BatchGetTiers(const Caller& caller,
                                        const v1::BatchGetTiersRequest& request,
                                        v1::BatchGetTiersResponse* response) {
  const auto& ids = request.ambassador_ids();
  NANO_ASSIGN_OR_RETURN(const std::vector<std::string> distinct,
                        validation::DistinctUuids("ambassador_ids", ids, 1000));
  for (int i = 0; i < ids.size(); ++i) {
    if (caller.role == common::v1::ROLE_AMBASSADOR &&
        ids[i] != caller.ambassador_id) {
      return absl::PermissionDeniedError(
          absl::StrCat(validation::Indexed("ambassador_ids", i),
                       ": an ambassador may only read their own tier"));
    }
  }
  const std::vector<std::optional<AmbassadorFacts>> found =
      index_.GetMany(distinct);
  for (size_t i = 0; i < distinct.size(); ++i) {
    if (!found[i].has_value()) {
      response->add_not_found_ids(distinct[i]);
      continue;
    }
    common::v1::TierRecord* record = response->add_records();
    *record = TierRecordOf(*found[i]);
    if (write_back_ != nullptr) write_back_->Push(*record);
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::recruitment
