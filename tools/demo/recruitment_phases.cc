// The recruitment side of the demo: the brand console creates, opens and
// selects; the ambassador app signs members up and applies.
#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/status/status_macros.h"
#include "tools/demo/campaign_plan.h"
#include "tools/demo/parallel.h"
#include "tools/demo/phases.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/retrying_call.h"
#include "tools/demo/tier_text.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {
namespace {

namespace rv1 = recruitment::v1;
using tools::Thousands;

// Share of the members the campaign reaches who apply, per tier, before
// the demo makes sure each quota has at least twice its slots in
// applicants.
constexpr double kApplyShare[] = {0.30, 0.38, 0.22};  // nano, micro, macro
constexpr double kWithdrawShare = 0.03;

absl::Status Failed(const std::string& what, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

rv1::AmbassadorProfile ProfileOf(const Member& member) {
  rv1::AmbassadorProfile profile;
  profile.set_display_name(member.DisplayName());
  profile.set_first_name(member.first_name);
  profile.set_last_name(member.last_name);
  profile.set_email(member.email);
  profile.set_phone(member.phone);
  *profile.mutable_birth_date() = member.birth_date;
  profile.set_country_code(member.country_code);
  profile.set_postal_code(member.postal_code);
  common::v1::PostalAddress* address = profile.mutable_shipping_address();
  address->set_recipient_name(
      absl::StrCat(member.first_name, " ", member.last_name));
  address->set_line1(member.line1);
  address->set_line2(member.line2);
  address->set_postal_code(member.postal_code);
  address->set_city(member.city);
  address->set_country_code(member.country_code);
  address->set_phone(member.phone);
  profile.mutable_household()->set_size(member.household_size);
  for (int year : member.children_birth_years) {
    profile.mutable_household()->add_children_birth_years(year);
  }
  for (auto universe : member.universes) profile.add_universes(universe);
  return profile;
}

absl::Status SignUp(DemoContext& demo, const Member& member) {
  const std::string bearer = demo.bearers->Ambassador(member.ambassador_id);
  PersonRecord& person = demo.ledger.people[member.index];
  rv1::RegisterAmbassadorRequest registration;
  registration.set_request_id(NewRequestId());
  *registration.mutable_profile() = ProfileOf(member);
  // The versions the app shows on its sign-up screen.
  registration.mutable_consent()->set_terms_version("2026-01");
  registration.mutable_consent()->set_data_processing_version("2026-01");
  if (member.marketing_consent) {
    registration.mutable_consent()->set_marketing_version("2026-01");
  }
  auto registered = RetryingCall(&RecruitmentStub::RegisterAmbassador,
                                 *demo.recruitment, bearer, registration);
  if (!registered.ok()) {
    return Failed(absl::StrCat("RegisterAmbassador of member ", member.index,
                               " (", member.email, ")"),
                  registered.status());
  }
  person.registered = true;
  person.tier = registered->ambassador().tier().tier();
  for (const AccountPlan& account : member.accounts) {
    rv1::LinkSocialAccountRequest link;
    link.set_request_id(NewRequestId());
    link.mutable_account()->set_network(account.network);
    link.mutable_account()->set_handle(account.handle);
    link.mutable_account()->set_followers(account.followers);
    link.mutable_account()->set_engagement_rate_percent(
        account.engagement_rate_percent);
    auto linked = RetryingCall(&RecruitmentStub::LinkSocialAccount,
                               *demo.recruitment, bearer, link);
    if (!linked.ok()) {
      return Failed(absl::StrCat("LinkSocialAccount of member ", member.index),
                    linked.status());
    }
    ++person.accounts_linked;
    person.tier = linked->tier().tier();
    person.audience = linked->tier().audience();
  }
  return absl::OkStatus();
}

// The application probability of each tier: the base share, raised when
// the community is small for the slots so each quota gets at least twice
// its slots in applicants.
std::vector<double> ApplyShares(const DemoContext& demo) {
  int64_t matching[3] = {0, 0, 0};
  for (const Member& member : demo.community.members) {
    if (member.MatchesCampaign()) {
      ++matching[TierIndex(demo.ledger.people[member.index].tier)];
    }
  }
  const int slots = demo.options.testers;
  const int nano_slots = static_cast<int>(std::lround(slots * 0.7));
  const double wanted[3] = {2.2 * nano_slots, 2.2 * (slots - nano_slots), 0};
  std::vector<double> shares;
  for (int i = 0; i < 3; ++i) {
    double share = kApplyShare[i];
    if (matching[i] > 0) share = std::max(share, wanted[i] / matching[i]);
    shares.push_back(std::min(share, 0.95));
  }
  return shares;
}

const std::vector<std::string>& Motivations() {
  static const auto* motivations = new std::vector<std::string>{
      "Je mange une barre de céréales tous les matins.",
      "Toujours partante pour tester de nouveaux goûters pour les enfants.",
      "Je fais beaucoup de sport et je cherche un en-cas sain.",
      "J'adore le cacao et la noisette !",
      "Curieux de découvrir une marque française.",
      "Mes abonnés me demandent souvent des idées de petit-déjeuner.",
      "",
  };
  return *motivations;
}

// Opens the app's list of tests, then applies when nothing blocks it.
absl::Status ApplyAsMember(DemoContext& demo, const Member& member) {
  PersonRecord& person = demo.ledger.people[member.index];
  const std::string bearer = demo.bearers->Ambassador(member.ambassador_id);
  rv1::ListOpenCampaignsRequest list;
  list.mutable_page()->set_page_size(100);
  std::optional<rv1::CampaignOffer> offer;
  do {
    auto offers = RetryingCall(&RecruitmentStub::ListOpenCampaigns,
                               *demo.recruitment, bearer, list);
    if (!offers.ok()) {
      return Failed(absl::StrCat("ListOpenCampaigns of member ", member.index),
                    offers.status());
    }
    for (const auto& candidate : offers->campaigns()) {
      if (candidate.campaign().campaign_id() == demo.ledger.campaign_id()) {
        offer = candidate;
      }
    }
    list.mutable_page()->set_page_token(offers->page().next_page_token());
  } while (!offer.has_value() && !list.page().page_token().empty());
  if (!offer.has_value()) {
    return absl::InternalError(
        absl::StrCat("member ", member.index,
                     " matches the targeting but the app does not "
                     "list campaign ",
                     demo.ledger.campaign_id()));
  }
  for (auto blocker : offer->blockers()) {
    if (blocker == rv1::APPLY_BLOCKER_HOUSEHOLD) {
      person.household_refused = true;
      return absl::OkStatus();
    }
  }
  RandomStream rng(demo.options.seed, "motivation", member.index);
  rv1::ApplyToCampaignRequest apply;
  apply.set_request_id(NewRequestId());
  apply.set_campaign_id(demo.ledger.campaign_id());
  apply.set_motivation(rng.Pick(Motivations()));
  auto applied = RetryingCall(&RecruitmentStub::ApplyToCampaign,
                              *demo.recruitment, bearer, apply);
  if (!applied.ok()) {
    return Failed(absl::StrCat("ApplyToCampaign of member ", member.index),
                  applied.status());
  }
  person.application_id = applied->application().application_id();
  person.applied = true;
  return absl::OkStatus();
}

}  // namespace

absl::Status CreateCampaign(DemoContext& demo) {
  demo.progress.Begin("campaign");
  Ledger& ledger = demo.ledger;
  ledger.seed = demo.options.seed;
  ledger.brand_id = kBrandId;
  for (const Product& product : Products()) ledger.skus.push_back(product.sku);
  const std::string brand = demo.bearers->Brand(kBrandId);
  // The brand's earlier campaigns: a new run on the same suite words its
  // texts and names its accounts differently (ugc compares across runs).
  rv1::ListCampaignsRequest list;
  list.mutable_page()->set_page_size(1000);
  do {
    NANO_ASSIGN_OR_RETURN(auto page,
                          RetryingCall(&RecruitmentStub::ListCampaigns,
                                       *demo.recruitment, brand, list));
    ledger.run += page.campaigns_size();
    list.mutable_page()->set_page_token(page.page().next_page_token());
  } while (!list.page().page_token().empty());

  rv1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() =
      CampaignSpecFor(demo.options.testers, absl::Now());
  auto created = RetryingCall(&RecruitmentStub::CreateCampaign,
                              *demo.recruitment, brand, create);
  if (!created.ok()) return Failed("CreateCampaign", created.status());
  ledger.campaign = created->campaign();

  demo.community = GenerateCommunity(demo.options.seed, ledger.run,
                                     demo.options.ambassadors);
  ledger.people.assign(demo.community.members.size(), PersonRecord{});
  for (const Member& member : demo.community.members) {
    demo.member_by_id[member.ambassador_id] = member.index;
  }
  demo.progress.End(absl::StrCat(
      kBrandName, " drafted campaign ", ledger.campaign_id(), ": ",
      demo.options.testers, " testers, FR, food, 70% nano / 30% micro",
      ledger.run > 0
          ? absl::StrCat(" (the brand's demo campaign #", ledger.run + 1, ")")
          : ""));
  return absl::OkStatus();
}

absl::Status SignUpCommunity(DemoContext& demo) {
  demo.progress.Begin("community");
  const auto& members = demo.community.members;
  const int total = static_cast<int>(members.size());
  NANO_RETURN_IF_ERROR(ParallelFor(
      total, demo.options.parallelism,
      [&](int i) { return SignUp(demo, members[i]); },
      [&](int done) { demo.progress.Tick(done, total); }));
  int64_t accounts = 0, marketing = 0;
  int64_t tiers[3] = {0, 0, 0};
  for (const Member& member : members) {
    const PersonRecord& person = demo.ledger.people[member.index];
    accounts += person.accounts_linked;
    marketing += member.marketing_consent;
    ++tiers[TierIndex(person.tier)];
  }
  demo.progress.End(absl::StrCat(
      Thousands(total), " ambassadors signed up with consent (",
      Thousands(marketing), " to marketing too), ", Thousands(accounts),
      " social accounts linked: ", TierSplit(tiers[0], tiers[1], tiers[2])));
  return absl::OkStatus();
}

absl::Status OpenCampaign(DemoContext& demo) {
  demo.progress.Begin("open");
  rv1::OpenCampaignRequest open;
  open.set_request_id(NewRequestId());
  open.set_campaign_id(demo.ledger.campaign_id());
  auto opened = RetryingCall(&RecruitmentStub::OpenCampaign, *demo.recruitment,
                             demo.bearers->Brand(demo.ledger.brand_id), open);
  if (!opened.ok()) return Failed("OpenCampaign", opened.status());
  demo.ledger.campaign = opened->campaign();
  int64_t by_tier[3] = {0, 0, 0};
  for (const auto& count : demo.ledger.campaign.eligible_by_tier()) {
    by_tier[TierIndex(count.tier())] = count.count();
  }
  demo.progress.End(absl::StrCat(
      "the brand opened it; recruitment counts ",
      Thousands(demo.ledger.campaign.eligible_count()),
      " eligible: ", TierSplit(by_tier[0], by_tier[1], by_tier[2])));
  return absl::OkStatus();
}

absl::Status Apply(DemoContext& demo) {
  demo.progress.Begin("apply");
  const std::vector<double> shares = ApplyShares(demo);
  // Who applies is drawn per member; partners of an earlier member go
  // after everyone else, one by one, so which of a household applies
  // first never depends on timing.
  std::vector<int> first_wave, partners;
  for (const Member& member : demo.community.members) {
    if (!member.MatchesCampaign()) continue;
    RandomStream rng(demo.options.seed, "apply", member.index);
    const int tier = TierIndex(demo.ledger.people[member.index].tier);
    if (!rng.Chance(shares[tier])) continue;
    (member.partner_of >= 0 ? partners : first_wave).push_back(member.index);
  }
  const int total = static_cast<int>(first_wave.size() + partners.size());
  NANO_RETURN_IF_ERROR(ParallelFor(
      static_cast<int>(first_wave.size()), demo.options.parallelism,
      [&](int i) {
        return ApplyAsMember(demo, demo.community.members[first_wave[i]]);
      },
      [&](int done) { demo.progress.Tick(done, total); }));
  for (int index : partners) {
    NANO_RETURN_IF_ERROR(ApplyAsMember(demo, demo.community.members[index]));
  }
  // A few change their mind before the selection.
  std::vector<int> withdrawing;
  for (const Member& member : demo.community.members) {
    RandomStream rng(demo.options.seed, "withdraw", member.index);
    if (demo.ledger.people[member.index].applied &&
        rng.Chance(kWithdrawShare)) {
      withdrawing.push_back(member.index);
    }
  }
  NANO_RETURN_IF_ERROR(ParallelFor(
      static_cast<int>(withdrawing.size()), demo.options.parallelism,
      [&](int i) {
        const Member& member = demo.community.members[withdrawing[i]];
        PersonRecord& person = demo.ledger.people[member.index];
        rv1::WithdrawApplicationRequest withdraw;
        withdraw.set_request_id(NewRequestId());
        withdraw.set_application_id(person.application_id);
        auto withdrawn = RetryingCall(
            &RecruitmentStub::WithdrawApplication, *demo.recruitment,
            demo.bearers->Ambassador(member.ambassador_id), withdraw);
        if (!withdrawn.ok()) {
          return Failed("WithdrawApplication", withdrawn.status());
        }
        person.applied = false;
        person.withdrew = true;
        return absl::OkStatus();
      }));
  int64_t tiers[3] = {0, 0, 0}, refused = 0;
  for (size_t i = 0; i < demo.ledger.people.size(); ++i) {
    const PersonRecord& person = demo.ledger.people[i];
    if (person.applied) ++tiers[TierIndex(person.tier)];
    refused += person.household_refused;
  }
  demo.progress.End(absl::StrCat(
      Thousands(tiers[0] + tiers[1] + tiers[2]), " applications stand (",
      TierSplit(tiers[0], tiers[1], tiers[2]), "); ", withdrawing.size(),
      " withdrew; ", refused, " blocked: their household already applied"));
  return absl::OkStatus();
}

absl::Status SelectTesters(DemoContext& demo) {
  demo.progress.Begin("selection");
  rv1::SelectTestersRequest select;
  select.set_request_id(NewRequestId());
  select.set_campaign_id(demo.ledger.campaign_id());
  // Never 0 (the server would pick one): the same seed, the same testers.
  select.set_seed(demo.options.seed * 0x9e3779b97f4a7c15ULL | 1);
  auto selected =
      RetryingCall(&RecruitmentStub::SelectTesters, *demo.recruitment,
                   demo.bearers->Brand(demo.ledger.brand_id), select);
  if (!selected.ok()) return Failed("SelectTesters", selected.status());
  int64_t tiers[3] = {0, 0, 0};
  for (const rv1::Application& application : selected->selected()) {
    const int member = demo.MemberOf(application.ambassador_id());
    if (member < 0) {
      return absl::InternalError(
          absl::StrCat("SelectTesters selected ", application.ambassador_id(),
                       ", who is not a member of this demo's community"));
    }
    PersonRecord& person = demo.ledger.people[member];
    person.selected = true;
    person.rank = application.rank();
    person.selected_tier = application.applicant().tier();
    ++tiers[TierIndex(person.selected_tier)];
  }
  std::vector<std::string> buckets;
  for (const rv1::BucketFill& bucket : selected->buckets()) {
    buckets.push_back(
        absl::StrCat(TierWord(bucket.bucket().tier()), " ",
                     bucket.filled() + bucket.spillover_received(), "/",
                     bucket.target(), " of ", Thousands(bucket.applicants())));
  }
  demo.progress.End(
      absl::StrCat(selected->selected_size(), " testers selected (",
                   TierSplit(tiers[0], tiers[1], tiers[2]), "); quotas ",
                   absl::StrJoin(buckets, ", "), " applicants"));
  return absl::OkStatus();
}

}  // namespace nanoinfluence::demo
