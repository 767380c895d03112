// UpdateEngagement: running totals from the social networks, each figure
// monotonic in value and in measurement time.
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

using validation::InvalidField;

struct Figure {
  v1::EngagementKind kind;
  const char* field;
  bool has;
  int64_t value;
  v1::EngagementMetric* stored;
};

constexpr int64_t kMaxEngagementFigure = 1'000'000'000'000;

}  // namespace

absl::Status Ugc::UpdateEngagement(const Caller& caller,
                                   const v1::UpdateEngagementRequest& request,
                                   v1::UpdateEngagementResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("content_id", request.content_id()));
  if (!request.has_likes() && !request.has_comments() &&
      !request.has_shares() && !request.has_views()) {
    return InvalidField("likes", "at least one figure is required");
  }
  for (const auto& [field, has, value] :
       {std::tuple<const char*, bool, int64_t>{"likes", request.has_likes(),
                                               request.likes()},
        {"comments", request.has_comments(), request.comments()},
        {"shares", request.has_shares(), request.shares()},
        {"views", request.has_views(), request.views()}}) {
    if (has && value < 0) return InvalidField(field, "must not be negative");
    // Far above any network's count (the most viewed video has ~1.6e10
    // views), and low enough that kpi's sums over millions of contents
    // stay within 64 bits: INT64_MAX likes was accepted before.
    if (has && value > kMaxEngagementFigure) {
      return InvalidField(field, "at most 1,000,000,000,000");
    }
  }
  if (!request.has_measured_at())
    return InvalidField("measured_at", "required");
  NANO_RETURN_IF_ERROR(
      validation::CheckTimestamp("measured_at", request.measured_at()));
  const absl::Time measured = TimeOf(request.measured_at());
  if (measured > absl::Now() + absl::Minutes(5)) {
    return InvalidField("measured_at", "more than 5 minutes in the future");
  }
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(const v1::Content before,
                              LoadVisible(tx, caller, request.content_id()));
        if (before.public_url().empty()) {
          return absl::FailedPreconditionError(
              "content_id: the content has no public_url; nothing was "
              "published to measure");
        }
        v1::Content after = before;
        v1::Engagement& e = *after.mutable_engagement();
        const Figure figures[] = {
            {v1::ENGAGEMENT_KIND_LIKES, "likes", request.has_likes(),
             request.likes(), e.mutable_likes()},
            {v1::ENGAGEMENT_KIND_COMMENTS, "comments", request.has_comments(),
             request.comments(), e.mutable_comments()},
            {v1::ENGAGEMENT_KIND_SHARES, "shares", request.has_shares(),
             request.shares(), e.mutable_shares()},
            {v1::ENGAGEMENT_KIND_VIEWS, "views", request.has_views(),
             request.views(), e.mutable_views()}};
        bool changed = false;
        for (const Figure& f : figures) {
          if (!f.has) continue;
          const bool reported = f.stored->has_measured_at();
          if (reported && (f.value < f.stored->value() ||
                           measured < TimeOf(f.stored->measured_at()))) {
            response->add_ignored_metrics(f.kind);
            continue;
          }
          changed = changed || !reported || f.value != f.stored->value();
          f.stored->set_value(f.value);
          *f.stored->mutable_measured_at() = request.measured_at();
        }
        // Figures never reported stay unset rather than zero.
        for (const Figure& f : figures) {
          if (!f.stored->has_measured_at()) f.stored->Clear();
        }
        *response->mutable_engagement() = e;
        if (!changed) return absl::OkStatus();
        *after.mutable_updated_at() = Stamp(absl::Now());
        NANO_RETURN_IF_ERROR(StoreContent(tx, before, after));
        common::v1::Event event;
        auto* updated = event.mutable_engagement_updated();
        *updated->mutable_content() = FactsOf(after);
        updated->set_likes(e.likes().value());
        updated->set_comments(e.comments().value());
        updated->set_shares(e.shares().value());
        updated->set_views(e.views().value());
        *updated->mutable_measured_at() = request.measured_at();
        event.set_aggregate_type("content");
        event.set_aggregate_id(after.content_id());
        return outbox_.Append(tx, std::move(event)).status();
      });
}

}  // namespace nanoinfluence::ugc
