// The ugc side of the demo: testers publish through the app, an ops
// moderator works the queue, the brand answers low ratings, and the
// social-listening connector reports engagement.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/status/status_macros.h"
#include "tools/demo/content_plan.h"
#include "tools/demo/parallel.h"
#include "tools/demo/phases.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/retrying_call.h"
#include "tools/demo/texts.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {
namespace {

namespace uv1 = ugc::v1;
using common::v1::ContentStatus;
using tools::Thousands;

absl::Status Failed(const std::string& what, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

void Record(const uv1::Content& content, ContentRecord& item) {
  item.content_id = content.content_id();
  item.platform = content.platform();
  item.tier = content.author_tier();
  item.audience = content.audience();
  item.status = content.status();
  item.reasons.clear();
  for (int reason : content.reasons()) {
    item.reasons.push_back(static_cast<common::v1::ModerationReason>(reason));
  }
}

absl::Status Submit(DemoContext& demo, int index) {
  ContentRecord& item = demo.ledger.items[index];
  const Member& author = demo.community.members[item.author];
  item.request.set_request_id(NewRequestId());
  // ugc learns of the campaign, and of the second flavour's SKU, from the
  // relays a moment after recruitment and dispatch decide them.
  RetryOptions learn;
  const auto campaign_unknown = UntilRelayed(grpc::StatusCode::NOT_FOUND);
  const auto sku_unknown =
      UntilRelayed(grpc::StatusCode::INVALID_ARGUMENT, "sku:");
  learn.also_retry = [&](const grpc::Status& status) {
    return campaign_unknown(status) || sku_unknown(status);
  };
  learn.give_up_after = absl::Seconds(30);
  auto answer = RetryingCall(&UgcStub::SubmitContent, *demo.ugc,
                             demo.bearers->Ambassador(author.ambassador_id),
                             item.request, learn);
  if (!answer.ok()) {
    return Failed(
        absl::StrCat("SubmitContent of item ", index, " (",
                     common::v1::ContentKind_Name(item.request.kind()),
                     " by member ", item.author, ")"),
        answer.status());
  }
  Record(answer->content(), item);
  return absl::OkStatus();
}

absl::Status SubmitWave(DemoContext& demo, const std::vector<int>& items,
                        int done_before, int total) {
  return ParallelFor(
      static_cast<int>(items.size()), demo.options.parallelism,
      [&](int i) { return Submit(demo, items[i]); },
      [&](int done) { demo.progress.Tick(done_before + done, total); });
}

std::string StatusCounts(const Ledger& ledger) {
  int64_t approved = 0, pending = 0, rejected = 0;
  for (const ContentRecord& item : ledger.items) {
    approved += item.status == common::v1::CONTENT_STATUS_APPROVED;
    pending += item.status == common::v1::CONTENT_STATUS_PENDING;
    rejected += item.status == common::v1::CONTENT_STATUS_REJECTED;
  }
  return absl::StrCat(Thousands(approved), " approved, ", Thousands(pending),
                      " held, ", Thousands(rejected), " rejected");
}

// Every content of the campaign in `statuses` (all when empty), as the
// ops moderator lists it.
absl::Status ListCampaignContent(
    DemoContext& demo, const std::vector<common::v1::ContentStatus>& statuses,
    const std::function<void(const uv1::Content&)>& each) {
  uv1::ListContentRequest list;
  list.set_campaign_id(demo.ledger.campaign_id());
  for (auto status : statuses) list.add_statuses(status);
  list.mutable_page()->set_page_size(1000);
  const std::string moderator = demo.bearers->Moderator();
  do {
    auto page = RetryingCall(&UgcStub::ListContent, *demo.ugc, moderator, list);
    if (!page.ok()) return Failed("ListContent", page.status());
    for (const uv1::Content& content : page->contents()) each(content);
    list.mutable_page()->set_page_token(page->page().next_page_token());
  } while (!list.page().page_token().empty());
  return absl::OkStatus();
}

// What the moderator decides for a held item; nullopt leaves it held.
struct Decision {
  uv1::ModerationDecision decision;
  common::v1::ModerationReason reason;
  std::string note;
};

std::optional<Decision> Decide(const Ledger& ledger, int index) {
  const ContentRecord& item = ledger.items[index];
  switch (item.role) {
    case ItemRole::kShopLinks:
      return Decision{uv1::MODERATION_DECISION_APPROVE,
                      common::v1::MODERATION_REASON_UNSPECIFIED,
                      "Liens vers des commerces locaux : validé."};
    case ItemRole::kLinkSpam:
      return Decision{uv1::MODERATION_DECISION_REJECT,
                      common::v1::MODERATION_REASON_LINK_SPAM,
                      "Publicité pour un autre site."};
    case ItemRole::kWithoutDisclosure:
      for (const ContentRecord& other : ledger.items) {
        if (other.resubmits == index &&
            other.status == common::v1::CONTENT_STATUS_APPROVED) {
          return Decision{uv1::MODERATION_DECISION_REJECT,
                          common::v1::MODERATION_REASON_MISSING_DISCLOSURE,
                          "Remplacé par le post republié avec #pub."};
        }
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

absl::Status SubmitContent(DemoContext& demo) {
  demo.progress.Begin("content");
  TextWriter writer(demo.options.seed, demo.ledger.run);
  const std::vector<int> first = PlanFirstWave(demo, writer);
  NANO_RETURN_IF_ERROR(
      SubmitWave(demo, first, 0, static_cast<int>(first.size())));
  // After the first answers: held posts sent again with their marker, and
  // a copy of an approved review. Sent once the originals are stored, so
  // ugc sees them as copies of what it already holds.
  const std::vector<int> second = PlanSecondWave(demo);
  NANO_RETURN_IF_ERROR(
      SubmitWave(demo, second, static_cast<int>(first.size()),
                 static_cast<int>(first.size() + second.size())));
  std::map<std::string, int64_t> kinds;
  for (const ContentRecord& item : demo.ledger.items) {
    ++kinds[tools::EnumWords(common::v1::ContentKind_Name(item.request.kind()),
                             "CONTENT_KIND_")];
  }
  std::vector<std::string> parts;
  for (const auto& [kind, count] : kinds) {
    parts.push_back(absl::StrCat(count, " ", kind));
  }
  demo.progress.End(absl::StrCat(Thousands(demo.ledger.items.size()),
                                 " items (", absl::StrJoin(parts, ", "),
                                 "): ", StatusCounts(demo.ledger)));
  return absl::OkStatus();
}

absl::Status Moderate(DemoContext& demo) {
  demo.progress.Begin("moderation");
  Ledger& ledger = demo.ledger;
  std::map<std::string, int> by_content;
  for (size_t i = 0; i < ledger.items.size(); ++i) {
    by_content[ledger.items[i].content_id] = static_cast<int>(i);
  }
  // The moderator's queue: what ugc holds for the campaign.
  std::vector<int> queue;
  NANO_RETURN_IF_ERROR(
      ListCampaignContent(demo, {common::v1::CONTENT_STATUS_PENDING},
                          [&](const uv1::Content& content) {
                            auto found = by_content.find(content.content_id());
                            if (found != by_content.end())
                              queue.push_back(found->second);
                          }));
  std::sort(queue.begin(), queue.end());
  const std::string moderator = demo.bearers->Moderator();
  for (int index : queue) {
    const std::optional<Decision> decision = Decide(ledger, index);
    if (!decision.has_value()) continue;
    ContentRecord& item = ledger.items[index];
    uv1::ModerateContentRequest moderate;
    moderate.set_request_id(NewRequestId());
    moderate.set_content_id(item.content_id);
    moderate.set_decision(decision->decision);
    if (decision->reason != common::v1::MODERATION_REASON_UNSPECIFIED) {
      moderate.add_reasons(decision->reason);
    }
    moderate.set_note(decision->note);
    auto moderated =
        RetryingCall(&UgcStub::ModerateContent, *demo.ugc, moderator, moderate);
    if (!moderated.ok()) return Failed("ModerateContent", moderated.status());
    Record(moderated->content(), item);
    item.moderated = true;
    (decision->decision == uv1::MODERATION_DECISION_APPROVE
         ? ledger.moderator_approved
         : ledger.moderator_rejected)++;
  }
  // The brand answers every approved review of one or two stars.
  const std::string brand = demo.bearers->Brand(ledger.brand_id);
  for (const ContentRecord& item : ledger.items) {
    if (item.request.kind() != common::v1::CONTENT_KIND_REVIEW ||
        item.status != common::v1::CONTENT_STATUS_APPROVED ||
        item.request.rating() > 2) {
      continue;
    }
    uv1::ReplyToContentRequest reply;
    reply.set_request_id(NewRequestId());
    reply.set_content_id(item.content_id);
    reply.set_body(
        "Merci pour ce retour honnête. Nous le transmettons à notre équipe "
        "recettes et vous écrivons en privé pour en savoir plus.");
    auto replied =
        RetryingCall(&UgcStub::ReplyToContent, *demo.ugc, brand, reply);
    if (!replied.ok()) return Failed("ReplyToContent", replied.status());
    ++ledger.brand_replies;
  }
  int64_t still_held = 0;
  for (const ContentRecord& item : ledger.items) {
    still_held += item.status == common::v1::CONTENT_STATUS_PENDING;
  }
  demo.progress.End(absl::StrCat(
      "the ops moderator reviewed ", queue.size(), " held items: approved ",
      ledger.moderator_approved, ", rejected ", ledger.moderator_rejected,
      ", left ", still_held, " held; the brand answered ", ledger.brand_replies,
      ledger.brand_replies == 1 ? " review" : " reviews", " of 1 or 2 stars"));
  return absl::OkStatus();
}

absl::Status RefreshContentStatuses(DemoContext& demo) {
  std::map<std::string, int> by_content;
  for (size_t i = 0; i < demo.ledger.items.size(); ++i) {
    by_content[demo.ledger.items[i].content_id] = static_cast<int>(i);
  }
  return ListCampaignContent(demo, {}, [&](const uv1::Content& content) {
    auto found = by_content.find(content.content_id());
    if (found != by_content.end()) {
      Record(content, demo.ledger.items[found->second]);
    }
  });
}

absl::Status UpdateEngagement(DemoContext& demo) {
  demo.progress.Begin("engagement");
  Ledger& ledger = demo.ledger;
  std::vector<int> posts;
  for (size_t i = 0; i < ledger.items.size(); ++i) {
    const ContentRecord& item = ledger.items[i];
    if (item.request.kind() == common::v1::CONTENT_KIND_SOCIAL_POST &&
        item.status == common::v1::CONTENT_STATUS_APPROVED) {
      posts.push_back(static_cast<int>(i));
    }
  }
  const absl::Time now = absl::Now();
  const std::string connector = demo.bearers->SocialListening();
  NANO_RETURN_IF_ERROR(ParallelFor(
      static_cast<int>(posts.size()), demo.options.parallelism,
      [&](int i) {
        ContentRecord& item = ledger.items[posts[i]];
        RandomStream rng(demo.options.seed, "engagement", item.author);
        const int64_t audience = std::max<int64_t>(item.audience, 50);
        // Small accounts' posts travel beyond their followers; large
        // ones reach a fraction of theirs.
        const double reach = audience < 1000      ? 0.6 + rng.Unit() * 1.4
                             : audience <= 100000 ? 0.2 + rng.Unit() * 0.6
                                                  : 0.05 + rng.Unit() * 0.2;
        const int64_t views = static_cast<int64_t>(audience * reach);
        const int64_t likes =
            static_cast<int64_t>(views * (0.03 + rng.Unit() * 0.07));
        const int64_t comments =
            static_cast<int64_t>(likes * (0.03 + rng.Unit() * 0.09));
        const int64_t shares =
            static_cast<int64_t>(likes * (0.01 + rng.Unit() * 0.07));
        // Two readings: the day after posting, and now.
        for (const double share : {0.6, 1.0}) {
          uv1::UpdateEngagementRequest update;
          update.set_request_id(NewRequestId());
          update.set_content_id(item.content_id);
          update.set_views(static_cast<int64_t>(views * share));
          update.set_likes(static_cast<int64_t>(likes * share));
          update.set_comments(static_cast<int64_t>(comments * share));
          update.set_shares(static_cast<int64_t>(shares * share));
          const absl::Time measured =
              share < 1 ? now - absl::Hours(2) : now - absl::Minutes(1);
          *update.mutable_measured_at() =
              google::protobuf::util::TimeUtil::SecondsToTimestamp(
                  absl::ToUnixSeconds(measured));
          auto updated = RetryingCall(&UgcStub::UpdateEngagement, *demo.ugc,
                                      connector, update);
          if (!updated.ok())
            return Failed("UpdateEngagement", updated.status());
          item.views = updated->engagement().views().value();
          item.likes = updated->engagement().likes().value();
          item.comments = updated->engagement().comments().value();
          item.shares = updated->engagement().shares().value();
        }
        return absl::OkStatus();
      },
      [&](int done) {
        demo.progress.Tick(done, static_cast<int>(posts.size()));
      }));
  int64_t views = 0, engagements = 0;
  for (int index : posts) {
    const ContentRecord& item = ledger.items[index];
    views += item.views;
    engagements += item.likes + item.comments + item.shares;
  }
  demo.progress.End(
      absl::StrCat("the social-listening connector measured ", posts.size(),
                   " approved posts twice: ", Thousands(views), " views, ",
                   Thousands(engagements), " likes, comments and shares"));
  return absl::OkStatus();
}

}  // namespace nanoinfluence::demo
