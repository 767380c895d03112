// SubmitContent: checks, automatic moderation, verification, in one
// transaction with the ContentSubmitted event.

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/domain/text_signals.h"
#include "services/ugc/near_duplicate_bands.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

v1::TesterVerification VerificationOf(Delivery delivery) {
  switch (delivery) {
    case Delivery::kDelivered:
      return v1::TESTER_VERIFICATION_VERIFIED;
    case Delivery::kNotDelivered:
      return v1::TESTER_VERIFICATION_NOT_DELIVERED;
    default:
      return v1::TESTER_VERIFICATION_UNKNOWN;
  }
}

absl::StatusOr<int64_t> CountSince(sql::Connection& tx,
                                   const std::string& ambassador_id,
                                   const std::string* campaign_id,
                                   absl::Time since) {
  const int64_t micros = absl::ToUnixMicros(since);
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      campaign_id == nullptr
          ? tx.Query("SELECT COUNT(*) FROM contents WHERE ambassador_id = ? "
                     "AND submitted_at >= ?",
                     {ambassador_id, micros})
          : tx.Query("SELECT COUNT(*) FROM contents WHERE ambassador_id = ? "
                     "AND campaign_id = ? AND submitted_at >= ?",
                     {ambassador_id, *campaign_id, micros}));
  return rows.rows[0].Int(0);
}

// The campaign the submission is for, open, and the SKU it may be about.
absl::StatusOr<CampaignRow> OpenCampaignFor(sql::Connection& tx,
                                            const CheckedSubmission& s,
                                            std::string* sku) {
  NANO_ASSIGN_OR_RETURN(std::optional<CampaignRow> campaign,
                        LoadCampaign(tx, s.campaign_id));
  if (!campaign.has_value()) return auth::NotFound("campaign", s.campaign_id);
  if (campaign->closed) {
    return absl::FailedPreconditionError(
        "campaign_id: the campaign is closed; it takes no more content");
  }
  *sku = s.sku.empty() ? campaign->sku : s.sku;
  if (*sku != campaign->sku) {
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet variant,
        tx.Query("SELECT 1 FROM campaign_skus WHERE campaign_id = ? AND "
                 "sku = ?",
                 {s.campaign_id, *sku}));
    if (variant.rows.empty()) {
      return validation::InvalidField(
          "sku", "neither the campaign's SKU nor a variant allocated in it");
    }
  }
  return *std::move(campaign);
}

absl::Status CheckRate(sql::Connection& tx, const std::string& author,
                       int max_per_minute) {
  NANO_ASSIGN_OR_RETURN(
      int64_t last_minute,
      CountSince(tx, author, nullptr, absl::Now() - absl::Minutes(1)));
  if (last_minute >= max_per_minute) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "at most ", max_per_minute,
        " submissions a minute; retry later (nothing was stored)"));
  }
  return absl::OkStatus();
}

// The content a submission becomes, as stored and answered.
v1::Content NewContent(const CheckedSubmission& s, const std::string& author,
                       const CampaignRow& campaign, const std::string& sku,
                       const std::optional<common::v1::TierRecord>& tier,
                       const ModerationFacts& facts,
                       const ModerationOutcome& outcome, absl::Time now) {
  v1::Content c;
  c.set_content_id(events::NewEventId());
  c.set_campaign_id(campaign.campaign_id);
  c.set_brand_id(campaign.brand_id);
  c.set_sku(sku);
  c.set_ambassador_id(author);
  c.set_author_display_name(s.author_display_name);
  c.set_author_tier(tier.has_value() ? tier->tier()
                                     : common::v1::TIER_UNSPECIFIED);
  c.set_kind(s.kind);
  c.set_platform(s.platform);
  c.set_social_network(s.social_network);
  c.set_rating(s.rating);
  c.set_title(s.title);
  c.set_body(s.body);
  for (const v1::MediaReference& media : s.media) *c.add_media() = media;
  c.set_public_url(s.public_url);
  c.set_people_told(s.people_told);
  if (s.kind == common::v1::CONTENT_KIND_SOCIAL_POST && tier.has_value()) {
    c.set_audience(tier->audience());
  }
  c.set_language_code(s.language_code);
  c.set_disclosure(s.disclosure);
  c.set_disclosure_marker_found(facts.disclosure_marker_found);
  c.set_incentivised(true);
  c.set_tester_verification(VerificationOf(facts.delivery));
  c.set_verified_tester(facts.delivery == Delivery::kDelivered);
  c.set_status(outcome.status);
  for (common::v1::ModerationReason reason : outcome.reasons) {
    c.add_reasons(reason);
  }
  *c.mutable_moderated_at() = Stamp(now);
  *c.mutable_submitted_at() = Stamp(now);
  *c.mutable_updated_at() = Stamp(now);
  return c;
}

}  // namespace

absl::Status Ugc::SubmitContent(const Caller& caller,
                                const v1::SubmitContentRequest& request,
                                v1::SubmitContentResponse* response) {
  NANO_ASSIGN_OR_RETURN(const CheckedSubmission s,
                        CheckSubmission(request, policy_.submission));
  const std::string& author = caller.ambassador_id;
  // The signals of the text, computed once outside any transaction.
  const std::string raw_text =
      s.title.empty() ? s.body : s.title + "\n" + s.body;
  const FoldedText text(raw_text);
  const Signature signature = Sketch(text);
  const std::string duplicate_key =
      signature.empty() ? std::string() : DuplicateKey(text);
  ModerationFacts facts;
  facts.kind = s.kind;
  facts.disclosure = s.disclosure;
  facts.disclosure_marker_found =
      s.kind == common::v1::CONTENT_KIND_SOCIAL_POST &&
      disclosure_markers_.FoundIn(text);
  facts.links = CountLinks(raw_text);
  facts.banned_words_found = banned_words_.FoundIn(text);

  const std::optional<common::v1::TierRecord> tier = tiers_.Get(author);

  // One write turn does it all when ugc already knows of the delivery (a
  // dispatch event, the usual case): a retry is answered there from the
  // first answer, and a submission that cannot be stored is refused there.
  // Otherwise the turn stops before writing anything, dispatch is asked
  // outside any transaction, and a second turn stores the submission.
  std::optional<Delivery> asked;  // dispatch's answer, once asked
  bool ask_dispatch = false;
  for (;;) {
    absl::Status status = writer_.Write(
        caller, request, response,
        [&](sql::Connection& tx, std::string* data_subject) -> absl::Status {
          *data_subject = author;  // the answer holds the author's name
          std::string sku;
          NANO_ASSIGN_OR_RETURN(const CampaignRow campaign,
                                OpenCampaignFor(tx, s, &sku));
          NANO_RETURN_IF_ERROR(CheckRate(tx, author, policy_.max_per_minute));
          NANO_ASSIGN_OR_RETURN(
              sql::ResultSet delivered,
              tx.Query("SELECT 1 FROM deliveries WHERE campaign_id = ? AND "
                       "ambassador_id = ?",
                       {s.campaign_id, author}));
          if (!delivered.rows.empty()) {
            facts.delivery = Delivery::kDelivered;
          } else if (asked.has_value()) {
            facts.delivery = *asked;
          } else {
            ask_dispatch = true;
            // Rolls the turn's write back; never sent to the caller.
            return absl::AbortedError("ask dispatch first");
          }
          const absl::Time now = absl::Now();
          NANO_ASSIGN_OR_RETURN(
              const int64_t last_day,
              CountSince(tx, author, &s.campaign_id, now - absl::Hours(24)));
          facts.submissions_last_day = static_cast<int>(last_day) + 1;
          if (!duplicate_key.empty()) {
            NANO_ASSIGN_OR_RETURN(
                sql::ResultSet same,
                tx.Query(absl::StrCat("SELECT 1 FROM contents c WHERE "
                                      "duplicate_key = ? AND ",
                                      kComparable, " LIMIT 1"),
                         {duplicate_key, author}));
            facts.exact_duplicate = !same.rows.empty();
            NANO_ASSIGN_OR_RETURN(facts.near_duplicate,
                                  HasNearDuplicate(tx, signature, author));
          }
          const ModerationOutcome outcome = Moderate(facts, policy_.moderation);

          v1::Content& c = *response->mutable_content();
          c = NewContent(s, author, campaign, sku, tier, facts, outcome, now);
          NANO_RETURN_IF_ERROR(InsertContent(
              tx, c, duplicate_key,
              signature.empty() ? std::string() : EncodeSignature(signature)));
          NANO_RETURN_IF_ERROR(InsertBands(tx, signature, c.content_id()));
          common::v1::Event event;
          auto* submitted = event.mutable_content_submitted();
          *submitted->mutable_content() = FactsOf(c);
          submitted->set_status(c.status());
          for (common::v1::ModerationReason reason : outcome.reasons) {
            submitted->add_reasons(reason);
          }
          event.set_aggregate_type("content");
          event.set_aggregate_id(c.content_id());
          NANO_ASSIGN_OR_RETURN(const common::v1::Event stored,
                                outbox_.Append(tx, std::move(event)));
          tx.OnCommit([this, c, sequence = stored.sequence()] {
            watchers_.Publish(v1::CONTENT_CHANGE_SUBMITTED, c, sequence);
          });
          return absl::OkStatus();
        });
    if (!ask_dispatch) return status;
    ask_dispatch = false;
    asked = receipts_.Check(s.campaign_id, author);
  }
}

}  // namespace nanoinfluence::ugc
