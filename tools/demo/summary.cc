#include "tools/demo/summary.h"

#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tools/demo/tier_text.h"

namespace nanoinfluence::demo {
namespace {

using common::v1::ContentKind;
using common::v1::Platform;
using common::v1::Tier;

void Add(v1::TierCounts* counts, Tier tier, int64_t value = 1) {
  counts->set_total(counts->total() + value);
  switch (TierIndex(tier)) {
    case 0:
      counts->set_nano(counts->nano() + value);
      break;
    case 1:
      counts->set_micro(counts->micro() + value);
      break;
    default:
      counts->set_macro(counts->macro() + value);
  }
}

bool Approved(const ContentRecord& item) {
  return item.status == common::v1::CONTENT_STATUS_APPROVED;
}

void SummarizeFunnel(const DemoContext& demo, v1::DemoSummary& summary) {
  v1::Funnel* funnel = summary.mutable_funnel();
  const auto& campaign = demo.ledger.campaign;
  for (const auto& count : campaign.eligible_by_tier()) {
    Add(funnel->mutable_eligible(), count.tier(), count.count());
  }
  std::vector<bool> posted(demo.ledger.people.size(), false);
  for (const ContentRecord& item : demo.ledger.items) {
    if (Approved(item)) posted[item.author] = true;
  }
  v1::Community* community = summary.mutable_community();
  for (size_t i = 0; i < demo.ledger.people.size(); ++i) {
    const PersonRecord& person = demo.ledger.people[i];
    const Member& member = demo.community.members[i];
    if (person.registered) Add(community->mutable_registered(), person.tier);
    community->set_accounts_linked(community->accounts_linked() +
                                   person.accounts_linked);
    community->set_marketing_opt_in(community->marketing_opt_in() +
                                    member.marketing_consent);
    if (person.registered && !member.MatchesCampaign()) {
      community->set_outside_targeting(community->outside_targeting() + 1);
    }
    if (person.applied) Add(funnel->mutable_applied(), person.tier);
    funnel->set_withdrawn(funnel->withdrawn() + person.withdrew);
    funnel->set_household_refused(funnel->household_refused() +
                                  person.household_refused);
    if (person.selected) Add(funnel->mutable_selected(), person.selected_tier);
    if (!person.tester()) continue;
    Add(funnel->mutable_allocated(), person.allocated_tier);
    if (person.shipped) Add(funnel->mutable_shipped(), person.allocated_tier);
    if (person.delivered)
      Add(funnel->mutable_delivered(), person.allocated_tier);
    if (posted[i]) Add(funnel->mutable_posted(), person.allocated_tier);
  }
}

void SummarizeDispatch(const DemoContext& demo, v1::DemoSummary& summary) {
  const Ledger& ledger = demo.ledger;
  v1::Dispatch* dispatch = summary.mutable_dispatch();
  for (int64_t units : ledger.units_on_hand) dispatch->add_units_on_hand(units);
  for (int64_t units : ledger.allocated_per_sku) dispatch->add_allocated(units);
  dispatch->set_first_sku_out_of_stock(ledger.first_sku_out_of_stock);
  for (const PersonRecord& person : ledger.people) {
    dispatch->set_lost(dispatch->lost() + person.lost);
    dispatch->set_returned(dispatch->returned() + person.returned);
    dispatch->set_reshipped(dispatch->reshipped() + person.reshipped);
  }
  dispatch->set_tracking_lines(ledger.tracking_lines);
  dispatch->set_tracking_rejected(ledger.tracking_rejected);
}

void SummarizeContent(const DemoContext& demo, v1::DemoSummary& summary) {
  const Ledger& ledger = demo.ledger;
  v1::Content* content = summary.mutable_content();
  std::map<std::pair<ContentKind, Platform>, int64_t> cells;
  std::map<common::v1::ModerationReason, int64_t> pending_reasons,
      rejected_reasons;
  std::map<std::string, std::vector<int64_t>> stars;
  std::map<std::pair<std::string, Platform>, int64_t> pages;
  std::set<int> post_authors, declarants;
  for (const ContentRecord& item : ledger.items) {
    content->set_submitted(content->submitted() + 1);
    const auto& request = item.request;
    switch (item.status) {
      case common::v1::CONTENT_STATUS_APPROVED:
        Add(content->mutable_approved(), item.tier);
        break;
      case common::v1::CONTENT_STATUS_PENDING:
        Add(content->mutable_pending(), item.tier);
        for (auto reason : item.reasons) ++pending_reasons[reason];
        break;
      default:
        Add(content->mutable_rejected(), item.tier);
        for (auto reason : item.reasons) ++rejected_reasons[reason];
    }
    content->set_resubmitted(content->resubmitted() +
                             (item.role == ItemRole::kResubmission));
    if (!Approved(item)) continue;
    ++cells[{request.kind(), item.platform}];
    if (request.kind() == common::v1::CONTENT_KIND_REVIEW ||
        request.kind() == common::v1::CONTENT_KIND_RATING) {
      std::vector<int64_t>& by_stars = stars[request.sku()];
      by_stars.resize(5);
      ++by_stars[request.rating() - 1];
    }
    if (request.kind() == common::v1::CONTENT_KIND_REVIEW) {
      ++pages[{request.sku(), item.platform}];
    }
    if (request.kind() == common::v1::CONTENT_KIND_SOCIAL_POST) {
      v1::Social* social = content->mutable_social();
      Add(social->mutable_posts(), item.tier);
      if (post_authors.insert(item.author).second) {
        Add(social->mutable_authors(), item.tier);
        Add(social->mutable_reach(), item.tier, item.audience);
      }
      Add(social->mutable_views(), item.tier, item.views);
      Add(social->mutable_likes(), item.tier, item.likes);
      Add(social->mutable_comments(), item.tier, item.comments);
      Add(social->mutable_shares(), item.tier, item.shares);
    }
    if (request.kind() == common::v1::CONTENT_KIND_WORD_OF_MOUTH) {
      v1::WordOfMouth* told = content->mutable_word_of_mouth();
      Add(told->mutable_people_told(), item.tier, request.people_told());
      Add(told->mutable_declarations(), item.tier);
      if (declarants.insert(item.author).second) {
        Add(told->mutable_declarants(), item.tier);
      }
    }
  }
  for (const auto& [cell, approved] : cells) {
    v1::KindPlatformCount* count = content->add_approved_by_kind();
    count->set_kind(cell.first);
    count->set_platform(cell.second);
    count->set_approved(approved);
  }
  for (const auto& [reason, items] : pending_reasons) {
    v1::ReasonCount* count = content->add_pending_reasons();
    count->set_reason(reason);
    count->set_items(items);
  }
  for (const auto& [reason, items] : rejected_reasons) {
    v1::ReasonCount* count = content->add_rejected_reasons();
    count->set_reason(reason);
    count->set_items(items);
  }
  for (const auto& [sku, by_stars] : stars) {
    v1::SkuStars* ratings = content->add_ratings();
    ratings->set_sku(sku);
    for (int i = 0; i < 5; ++i) {
      ratings->add_by_stars(by_stars[i]);
      ratings->set_stars(ratings->stars() + by_stars[i] * (i + 1));
    }
  }
  for (const auto& [page, reviews] : pages) {
    v1::PageReviews* count = content->add_pages();
    count->set_sku(page.first);
    count->set_platform(page.second);
    count->set_reviews(reviews);
  }
  content->set_moderator_approved(ledger.moderator_approved);
  content->set_moderator_rejected(ledger.moderator_rejected);
  content->set_brand_replies(ledger.brand_replies);
}

void SummarizeUplift(const DemoContext& demo, v1::DemoSummary& summary) {
  v1::Uplift* uplift = summary.mutable_uplift();
  uplift->set_study_id(demo.ledger.study_id);
  uplift->set_name(demo.ledger.study_name);
  for (const StoreRecord& store : demo.ledger.stores) {
    if (store.exposed) {
      uplift->set_exposed_stores(uplift->exposed_stores() + 1);
      uplift->set_exposed_before(uplift->exposed_before() + store.before);
      uplift->set_exposed_during(uplift->exposed_during() + store.during);
    } else {
      uplift->set_control_stores(uplift->control_stores() + 1);
      uplift->set_control_before(uplift->control_before() + store.before);
      uplift->set_control_during(uplift->control_during() + store.during);
    }
  }
  if (uplift->exposed_before() > 0 && uplift->control_during() > 0) {
    uplift->set_uplift((static_cast<double>(uplift->exposed_during()) /
                        uplift->exposed_before()) /
                           (static_cast<double>(uplift->control_during()) /
                            uplift->control_before()) -
                       1);
  }
}

}  // namespace

v1::DemoSummary Summarize(const DemoContext& demo) {
  v1::DemoSummary summary;
  summary.set_seed(demo.options.seed);
  summary.set_run(demo.ledger.run);
  summary.set_campaign_id(demo.ledger.campaign_id());
  summary.set_brand_id(demo.ledger.brand_id);
  for (const std::string& sku : demo.ledger.skus) summary.add_skus(sku);
  summary.set_slots(demo.ledger.campaign.spec().slots());
  SummarizeFunnel(demo, summary);
  SummarizeDispatch(demo, summary);
  SummarizeContent(demo, summary);
  SummarizeUplift(demo, summary);
  double total = 0;
  for (const PhaseTime& time : demo.progress.times()) {
    v1::PhaseTiming* phase = summary.add_phases();
    phase->set_phase(time.phase);
    phase->set_seconds(absl::ToDoubleSeconds(time.took));
    total += phase->seconds();
  }
  summary.set_total_seconds(total);
  return summary;
}

absl::StatusOr<std::string> SummaryJson(const v1::DemoSummary& summary) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(summary, &json, options);
  if (!status.ok()) {
    return absl::InternalError(status.ToString());
  }
  return json;
}

}  // namespace nanoinfluence::demo
