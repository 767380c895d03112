#include "services/kpi/aggregates.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/events/intake.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/kpi/domain/content_counts.h"
#include "services/kpi/domain/tester_counts.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::CONTENT_KIND_SOCIAL_POST;
using common::v1::CONTENT_KIND_WORD_OF_MOUTH;
using common::v1::CONTENT_STATUS_APPROVED;
using common::v1::Event;
using common::v1::SHIPMENT_STATUS_DELIVERED;
using common::v1::SHIPMENT_STATUS_SHIPPED;

int64_t Micros(const google::protobuf::Timestamp& stamp) {
  return absl::ToUnixMicros(TimeOf(stamp));
}

std::optional<int64_t> OptionalInt(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

sql::Value OrNull(const std::optional<int64_t>& value) {
  return value ? sql::Value(*value) : sql::Value(sql::kNull);
}

absl::Status AddCounts(sql::Connection& tx, const std::string& campaign_id,
                       const Counts& deltas) {
  for (const auto& [key, delta] : deltas) {
    if (key.day == kTotal) {
      NANO_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO totals (campaign_id, tier, name, dim, value) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, tier, "
                     "name, dim) DO UPDATE SET value = totals.value + "
                     "excluded.value",
                     {campaign_id, int64_t{key.tier}, key.name, key.dim, delta})
              .status());
    } else {
      NANO_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO daily (campaign_id, day, tier, name, value) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, day, "
                     "tier, name) DO UPDATE SET value = daily.value + "
                     "excluded.value",
                     {campaign_id, key.day, int64_t{key.tier}, key.name, delta})
              .status());
    }
  }
  return absl::OkStatus();
}

// A count kept per event rather than per state (applications, shipments...).
absl::Status CountEvent(sql::Connection& tx, const std::string& campaign_id,
                        int64_t at_micros, int tier, const char* name,
                        int64_t value) {
  return AddCounts(tx, campaign_id,
                   {{{DayOf(at_micros), StoredTier(tier), name, ""}, value}});
}

// --- Testers -------------------------------------------------------------

struct TesterRow {
  TesterState state;
  int64_t applied_seq = 0;
  int64_t selected_seq = 0;
};

constexpr char kTesterColumns[] =
    "applied, applied_seq, applied_tier, selected, selected_seq, "
    "selected_tier, allocated, shipped, allocation_tier, shipment_tier, "
    "delivered_at, first_post_at, first_social_at, first_social_audience, "
    "first_social_tier, first_declaration_at, first_declaration_tier";

absl::StatusOr<TesterRow> LoadTester(sql::Connection& tx,
                                     const std::string& campaign_id,
                                     const std::string& ambassador_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kTesterColumns,
                            " FROM testers WHERE campaign_id = ? AND "
                            "ambassador_id = ?"),
               {campaign_id, ambassador_id}));
  TesterRow tester;
  if (rows.rows.empty()) return tester;
  const sql::Row& row = rows.rows[0];
  TesterState& s = tester.state;
  s.applied = row.Int(0) != 0;
  tester.applied_seq = row.Int(1);
  s.applied_tier = static_cast<int>(row.Int(2));
  s.selected = row.Int(3) != 0;
  tester.selected_seq = row.Int(4);
  s.selected_tier = static_cast<int>(row.Int(5));
  s.allocated = row.Int(6) != 0;
  s.shipped = row.Int(7) != 0;
  s.allocation_tier = static_cast<int>(row.Int(8));
  s.shipment_tier = static_cast<int>(row.Int(9));
  s.delivered_at = OptionalInt(row, 10);
  s.first_post_at = OptionalInt(row, 11);
  s.first_social_at = OptionalInt(row, 12);
  s.first_social_audience = row.Int(13);
  s.first_social_tier = static_cast<int>(row.Int(14));
  s.first_declaration_at = OptionalInt(row, 15);
  s.first_declaration_tier = static_cast<int>(row.Int(16));
  return tester;
}

absl::Status SaveTester(sql::Connection& tx, const std::string& campaign_id,
                        const std::string& ambassador_id,
                        const TesterRow& tester) {
  const TesterState& s = tester.state;
  NANO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM testers WHERE campaign_id = ? AND "
                 "ambassador_id = ?",
                 {campaign_id, ambassador_id})
          .status());
  return tx
      .Execute(
          absl::StrCat("INSERT INTO testers (campaign_id, "
                       "ambassador_id, ",
                       kTesterColumns,
                       ", time_to_post, time_to_post_tier) VALUES (?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          {campaign_id,
           ambassador_id,
           int64_t{s.applied},
           tester.applied_seq,
           int64_t{s.applied_tier},
           int64_t{s.selected},
           tester.selected_seq,
           int64_t{s.selected_tier},
           int64_t{s.allocated},
           int64_t{s.shipped},
           int64_t{s.allocation_tier},
           int64_t{s.shipment_tier},
           OrNull(s.delivered_at),
           OrNull(s.first_post_at),
           OrNull(s.first_social_at),
           s.first_social_audience,
           int64_t{s.first_social_tier},
           OrNull(s.first_declaration_at),
           int64_t{s.first_declaration_tier},
           OrNull(TimeToPostSeconds(s)),
           int64_t{StageTier(s)}})
      .status();
}

// Loads the tester, lets `change` change it, and moves the counters.
template <typename Change>
absl::Status ChangeTester(sql::Connection& tx, const std::string& campaign_id,
                          const std::string& ambassador_id, Change change) {
  NANO_ASSIGN_OR_RETURN(TesterRow tester,
                        LoadTester(tx, campaign_id, ambassador_id));
  const Counts before = CountTester(tester.state);
  NANO_RETURN_IF_ERROR(change(tester));
  Counts deltas;
  AddDifference(before, CountTester(tester.state), &deltas);
  NANO_RETURN_IF_ERROR(SaveTester(tx, campaign_id, ambassador_id, tester));
  return AddCounts(tx, campaign_id, deltas);
}

// The earliest approved item of the tester (of `kind` when not 0), as
// (submitted_at, tier, audience); none when they have none.
absl::StatusOr<std::optional<std::array<int64_t, 3>>> FirstApproved(
    sql::Connection& tx, const std::string& campaign_id,
    const std::string& ambassador_id, int kind) {
  std::string sql =
      "SELECT submitted_at, tier, audience FROM contents WHERE campaign_id = "
      "? AND ambassador_id = ? AND status = ?";
  std::vector<sql::Value> params = {campaign_id, ambassador_id,
                                    int64_t{CONTENT_STATUS_APPROVED}};
  if (kind != 0) {
    sql += " AND kind = ?";
    params.push_back(int64_t{kind});
  }
  sql += " ORDER BY submitted_at, content_id LIMIT 1";
  NANO_ASSIGN_OR_RETURN(sql::ResultSet rows, tx.Query(sql, params));
  if (rows.rows.empty()) return std::nullopt;
  const sql::Row& row = rows.rows[0];
  return std::array<int64_t, 3>{row.Int(0), row.Int(1), row.Int(2)};
}

// The tester's first approved post, first approved social post and first
// approved declaration, read again from their content.
absl::Status DeriveFromContent(sql::Connection& tx,
                               const std::string& campaign_id,
                               const std::string& ambassador_id,
                               TesterState& s) {
  NANO_ASSIGN_OR_RETURN(auto post,
                        FirstApproved(tx, campaign_id, ambassador_id, 0));
  s.first_post_at = post ? std::optional((*post)[0]) : std::nullopt;
  NANO_ASSIGN_OR_RETURN(
      auto social,
      FirstApproved(tx, campaign_id, ambassador_id, CONTENT_KIND_SOCIAL_POST));
  s.first_social_at = social ? std::optional((*social)[0]) : std::nullopt;
  s.first_social_tier = social ? static_cast<int>((*social)[1]) : 0;
  s.first_social_audience = social ? (*social)[2] : 0;
  NANO_ASSIGN_OR_RETURN(auto declaration,
                        FirstApproved(tx, campaign_id, ambassador_id,
                                      CONTENT_KIND_WORD_OF_MOUTH));
  s.first_declaration_at =
      declaration ? std::optional((*declaration)[0]) : std::nullopt;
  s.first_declaration_tier =
      declaration ? static_cast<int>((*declaration)[1]) : 0;
  return absl::OkStatus();
}

// Adds a newly approved item to what the tester posted, without reading
// their other content; false when it cannot tell (an item submitted at the
// very same time as a first one, which the content id orders).
bool AddApproved(const ContentState& item, int64_t audience, TesterState& s) {
  const bool social = item.kind == CONTENT_KIND_SOCIAL_POST;
  const bool declaration = item.kind == CONTENT_KIND_WORD_OF_MOUTH;
  if (s.first_post_at == item.submitted_at ||
      (social && s.first_social_at == item.submitted_at) ||
      (declaration && s.first_declaration_at == item.submitted_at)) {
    return false;
  }
  auto earlier = [&](const std::optional<int64_t>& first) {
    return !first || item.submitted_at < *first;
  };
  if (earlier(s.first_post_at)) s.first_post_at = item.submitted_at;
  if (social && earlier(s.first_social_at)) {
    s.first_social_at = item.submitted_at;
    s.first_social_tier = item.tier;
    s.first_social_audience = audience;
  }
  if (declaration && earlier(s.first_declaration_at)) {
    s.first_declaration_at = item.submitted_at;
    s.first_declaration_tier = item.tier;
  }
  return true;
}

// --- Content -------------------------------------------------------------

struct ContentRow {
  bool exists = false;
  ContentState state;
  int64_t status_seq = 0;
};

absl::StatusOr<ContentRow> LoadContent(sql::Connection& tx,
                                       const std::string& content_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT sku, tier, kind, platform, rating, people_told, "
               "submitted_at, status, status_seq, reasons FROM contents WHERE "
               "content_id = ?",
               {content_id}));
  ContentRow content;
  if (rows.rows.empty()) return content;
  const sql::Row& row = rows.rows[0];
  content.exists = true;
  ContentState& s = content.state;
  s.sku = row.Text(0);
  s.tier = static_cast<int>(row.Int(1));
  s.kind = static_cast<int>(row.Int(2));
  s.platform = static_cast<int>(row.Int(3));
  s.rating = static_cast<int>(row.Int(4));
  s.people_told = row.Int(5);
  s.submitted_at = row.Int(6);
  s.status = static_cast<int>(row.Int(7));
  content.status_seq = row.Int(8);
  for (absl::string_view reason :
       absl::StrSplit(row.View(9), ',', absl::SkipEmpty())) {
    int number = 0;
    if (absl::SimpleAtoi(reason, &number)) s.reasons.push_back(number);
  }
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet points,
      tx.Query("SELECT measured_at, views, likes, comments, shares FROM "
               "engagement_points WHERE content_id = ? ORDER BY measured_at",
               {content_id}));
  for (const sql::Row& point : points.rows) {
    s.points.push_back({.measured_at = point.Int(0),
                        .views = point.Int(1),
                        .likes = point.Int(2),
                        .comments = point.Int(3),
                        .shares = point.Int(4)});
  }
  return content;
}

// Adds a measurement in time order; one at the same time keeps the higher
// figures. Returns the point as merged.
EngagementPoint MergePoint(const EngagementPoint& point,
                           std::vector<EngagementPoint>* points) {
  auto at = std::lower_bound(points->begin(), points->end(), point,
                             [](const auto& a, const auto& b) {
                               return a.measured_at < b.measured_at;
                             });
  if (at != points->end() && at->measured_at == point.measured_at) {
    at->views = std::max(at->views, point.views);
    at->likes = std::max(at->likes, point.likes);
    at->comments = std::max(at->comments, point.comments);
    at->shares = std::max(at->shares, point.shares);
    return *at;
  }
  return *points->insert(at, point);
}

// What an event may change of a content item.
struct ContentChange {
  std::optional<int> status;  // with its reasons, when `seq` is newer
  std::vector<int> reasons;
  std::optional<EngagementPoint> point;
};

absl::Status ApplyContent(sql::Connection& tx, const Event& event,
                          const common::v1::ContentFacts& facts,
                          const ContentChange& change) {
  NANO_ASSIGN_OR_RETURN(ContentRow content,
                        LoadContent(tx, facts.content_id()));
  const Counts before = CountContent(content.state);
  ContentState& s = content.state;
  if (!content.exists) {
    // Facts never change after submission; the first event to arrive sets
    // them, whichever it is.
    s.sku = facts.sku();
    s.tier = facts.tier();
    s.kind = facts.kind();
    s.platform = facts.platform();
    s.rating = facts.rating();
    s.people_told = facts.people_told();
    s.submitted_at = Micros(facts.submitted_at());
  }
  const int old_status = s.status;
  if (change.status && event.sequence() > content.status_seq) {
    s.status = *change.status;
    s.reasons = change.reasons;
    content.status_seq = event.sequence();
  }
  if (change.point) {
    const EngagementPoint point = MergePoint(*change.point, &s.points);
    NANO_RETURN_IF_ERROR(
        tx.Execute(
              "INSERT INTO engagement_points (content_id, measured_at, views, "
              "likes, comments, shares) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
              "(content_id, measured_at) DO UPDATE SET views = "
              "excluded.views, likes = excluded.likes, comments = "
              "excluded.comments, shares = excluded.shares",
              {facts.content_id(), point.measured_at, point.views, point.likes,
               point.comments, point.shares})
            .status());
  }
  Counts deltas;
  AddDifference(before, CountContent(s), &deltas);
  NANO_RETURN_IF_ERROR(tx.Execute("DELETE FROM contents WHERE content_id = ?",
                                  {facts.content_id()})
                           .status());
  NANO_RETURN_IF_ERROR(
      tx.Execute(
            "INSERT INTO contents (content_id, campaign_id, "
            "ambassador_id, sku, tier, kind, platform, rating, people_told, "
            "audience, submitted_at, status, status_seq, reasons) VALUES (?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {facts.content_id(), facts.campaign_id(), facts.ambassador_id(),
             s.sku, int64_t{s.tier}, int64_t{s.kind}, int64_t{s.platform},
             int64_t{s.rating}, s.people_told, facts.audience(), s.submitted_at,
             int64_t{s.status}, content.status_seq,
             absl::StrJoin(s.reasons, ",")})
          .status());
  NANO_RETURN_IF_ERROR(AddCounts(tx, facts.campaign_id(), deltas));
  const bool was_approved = old_status == CONTENT_STATUS_APPROVED;
  const bool is_approved = s.status == CONTENT_STATUS_APPROVED;
  if (was_approved == is_approved) {
    return absl::OkStatus();  // the tester's posts did not move
  }
  return ChangeTester(
      tx, facts.campaign_id(), facts.ambassador_id(), [&](TesterRow& tester) {
        if (is_approved && AddApproved(s, facts.audience(), tester.state)) {
          return absl::OkStatus();
        }
        return DeriveFromContent(tx, facts.campaign_id(), facts.ambassador_id(),
                                 tester.state);
      });
}

std::vector<int> ReasonsOf(
    const google::protobuf::RepeatedField<int>& reasons) {
  return {reasons.begin(), reasons.end()};
}

// --- Campaigns -----------------------------------------------------------

absl::Status ApplyCampaign(sql::Connection& tx, const Event& event) {
  if (event.has_campaign_opened()) {
    const auto& opened = event.campaign_opened();
    // The per-tier figures add up to the total; should they not, the
    // ambassadors of no known tier count as NANO, as everywhere.
    const int64_t nano =
        std::max(opened.eligible_nano(), opened.eligible_count() -
                                             opened.eligible_micro() -
                                             opened.eligible_macro());
    // The opening names the brand for good, whatever event came first.
    return tx
        .Execute(
            "UPDATE campaigns SET brand_id = ?, sku = ?, slots = ?, opened = "
            "1, open_time = ?, eligible_nano = ?, eligible_micro = ?, "
            "eligible_macro = ?, campaign_name = ?, brand_name = ?, "
            "product_name = ? WHERE campaign_id = ?",
            {opened.brand_id(), opened.sku(), int64_t{opened.slots()},
             Micros(event.occurred_at()), nano, opened.eligible_micro(),
             opened.eligible_macro(), opened.campaign_name(),
             opened.brand_name(), opened.product_name(), opened.campaign_id()})
        .status();
  }
  return tx
      .Execute(
          "UPDATE campaigns SET closed = 1, close_time = ? WHERE campaign_id "
          "= ?",
          {Micros(event.occurred_at()), event.campaign_closed().campaign_id()})
      .status();
}

absl::Status ApplyFacts(sql::Connection& tx, const Event& event,
                        const std::string& campaign_id) {
  const int64_t at = Micros(event.occurred_at());
  const int64_t seq = event.sequence();
  switch (event.payload_case()) {
    case Event::kCampaignOpened:
    case Event::kCampaignClosed:
      return ApplyCampaign(tx, event);
    case Event::kApplicationSubmitted: {
      const auto& applied = event.application_submitted();
      NANO_RETURN_IF_ERROR(CountEvent(tx, campaign_id, at, applied.tier(),
                                      daily::kApplications, 1));
      return ChangeTester(tx, campaign_id, applied.ambassador_id(),
                          [&](TesterRow& t) {
                            if (seq > t.applied_seq) {
                              t.applied_seq = seq;
                              t.state.applied = true;
                              t.state.applied_tier = applied.tier();
                            }
                            return absl::OkStatus();
                          });
    }
    case Event::kApplicationWithdrawn:
      return ChangeTester(tx, campaign_id,
                          event.application_withdrawn().ambassador_id(),
                          [&](TesterRow& t) {
                            if (seq > t.applied_seq) {
                              t.applied_seq = seq;
                              t.state.applied = false;
                            }
                            return absl::OkStatus();
                          });
    case Event::kSelectionChanged: {
      const auto& selection = event.selection_changed();
      NANO_RETURN_IF_ERROR(CountEvent(tx, campaign_id, at, selection.tier(),
                                      daily::kSelections,
                                      selection.selected() ? 1 : -1));
      return ChangeTester(tx, campaign_id, selection.ambassador_id(),
                          [&](TesterRow& t) {
                            if (seq > t.selected_seq) {
                              t.selected_seq = seq;
                              t.state.selected = selection.selected();
                              t.state.selected_tier = selection.tier();
                            }
                            return absl::OkStatus();
                          });
    }
    case Event::kSampleAllocated: {
      const auto& allocation = event.sample_allocated();
      NANO_RETURN_IF_ERROR(CountEvent(tx, campaign_id, at, allocation.tier(),
                                      daily::kAllocations, 1));
      return ChangeTester(tx, campaign_id, allocation.ambassador_id(),
                          [&](TesterRow& t) {
                            t.state.allocated = true;
                            t.state.allocation_tier = allocation.tier();
                            return absl::OkStatus();
                          });
    }
    case Event::kShipmentStatusChanged: {
      const auto& change = event.shipment_status_changed();
      const int64_t status_at =
          change.has_status_time() ? Micros(change.status_time()) : at;
      if (change.status() == SHIPMENT_STATUS_SHIPPED) {
        NANO_RETURN_IF_ERROR(CountEvent(tx, campaign_id, status_at,
                                        change.tier(), daily::kShipments, 1));
      }
      if (change.status() == SHIPMENT_STATUS_DELIVERED) {
        NANO_RETURN_IF_ERROR(CountEvent(tx, campaign_id, status_at,
                                        change.tier(), daily::kDeliveries, 1));
      }
      return ChangeTester(
          tx, campaign_id, change.ambassador_id(), [&](TesterRow& t) {
            // Every status is reached through allocation; every status past
            // ALLOCATED through SHIPPED.
            t.state.allocated = true;
            t.state.shipment_tier =
                std::max<int>(t.state.shipment_tier, change.tier());
            if (change.status() >= SHIPMENT_STATUS_SHIPPED) {
              t.state.shipped = true;
            }
            if (change.status() == SHIPMENT_STATUS_DELIVERED &&
                (!t.state.delivered_at || status_at < *t.state.delivered_at)) {
              t.state.delivered_at = status_at;
            }
            return absl::OkStatus();
          });
    }
    case Event::kContentSubmitted: {
      const auto& submitted = event.content_submitted();
      return ApplyContent(tx, event, submitted.content(),
                          {.status = submitted.status(),
                           .reasons = ReasonsOf(submitted.reasons()),
                           .point = std::nullopt});
    }
    case Event::kContentModerated: {
      const auto& moderated = event.content_moderated();
      return ApplyContent(tx, event, moderated.content(),
                          {.status = moderated.status(),
                           .reasons = ReasonsOf(moderated.reasons()),
                           .point = std::nullopt});
    }
    case Event::kEngagementUpdated: {
      const auto& update = event.engagement_updated();
      const int64_t measured_at =
          update.has_measured_at() ? Micros(update.measured_at()) : at;
      return ApplyContent(
          tx, event, update.content(),
          {.status = std::nullopt,
           .reasons = {},
           .point = EngagementPoint{.measured_at = measured_at,
                                    .views = update.views(),
                                    .likes = update.likes(),
                                    .comments = update.comments(),
                                    .shares = update.shares()}});
    }
    default:
      return absl::OkStatus();  // TestClosed: its facts came already
  }
}

// Why kpi can never count `event` (a malformed payload), as a rejection the
// intake records; OK for a well-formed one.
absl::Status CheckFacts(const Event& event) {
  auto reject = [&](absl::string_view why) {
    return events::Reject(absl::StrCat(event.type(), ": ", why));
  };
  auto content = [&](const common::v1::ContentFacts& facts) {
    if (facts.content_id().empty() || facts.ambassador_id().empty()) {
      return reject("content_id and ambassador_id are required");
    }
    if (!facts.has_submitted_at() ||
        !validation::CheckTimestamp("submitted_at", facts.submitted_at())
             .ok()) {
      return reject("submitted_at missing or not a time");
    }
    if (facts.audience() < 0 || facts.people_told() < 0 || facts.rating() < 0 ||
        facts.rating() > 5) {
      return reject("audience, people_told or rating out of range");
    }
    return absl::OkStatus();
  };
  auto status = [&](common::v1::ContentStatus value) {
    return value >= common::v1::CONTENT_STATUS_PENDING &&
                   value <= common::v1::CONTENT_STATUS_REJECTED
               ? absl::OkStatus()
               : reject("status must be PENDING, APPROVED or REJECTED");
  };
  switch (event.payload_case()) {
    case Event::kApplicationSubmitted:
      return event.application_submitted().ambassador_id().empty()
                 ? reject("ambassador_id is required")
                 : absl::OkStatus();
    case Event::kApplicationWithdrawn:
      return event.application_withdrawn().ambassador_id().empty()
                 ? reject("ambassador_id is required")
                 : absl::OkStatus();
    case Event::kSelectionChanged:
      return event.selection_changed().ambassador_id().empty()
                 ? reject("ambassador_id is required")
                 : absl::OkStatus();
    case Event::kSampleAllocated:
      return event.sample_allocated().ambassador_id().empty()
                 ? reject("ambassador_id is required")
                 : absl::OkStatus();
    case Event::kShipmentStatusChanged:
      return event.shipment_status_changed().ambassador_id().empty()
                 ? reject("ambassador_id is required")
                 : absl::OkStatus();
    case Event::kContentSubmitted:
      NANO_RETURN_IF_ERROR(content(event.content_submitted().content()));
      return status(event.content_submitted().status());
    case Event::kContentModerated:
      NANO_RETURN_IF_ERROR(content(event.content_moderated().content()));
      return status(event.content_moderated().status());
    case Event::kContentReplied:
      return content(event.content_replied().content());
    case Event::kEngagementUpdated: {
      const auto& update = event.engagement_updated();
      NANO_RETURN_IF_ERROR(content(update.content()));
      if (update.likes() < 0 || update.comments() < 0 || update.shares() < 0 ||
          update.views() < 0) {
        return reject("engagement figures must be >= 0");
      }
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

// The campaign an event is about and its brand, read from the payload.
struct EventCampaign {
  std::string campaign_id;
  std::string brand_id;
};

template <typename Payload>
EventCampaign From(const Payload& payload) {
  return {payload.campaign_id(), payload.brand_id()};
}

EventCampaign EventCampaignOf(const Event& event) {
  switch (event.payload_case()) {
    case Event::kCampaignOpened:
      return From(event.campaign_opened());
    case Event::kCampaignClosed:
      return From(event.campaign_closed());
    case Event::kApplicationSubmitted:
      return From(event.application_submitted());
    case Event::kApplicationWithdrawn:
      return From(event.application_withdrawn());
    case Event::kSelectionChanged:
      return From(event.selection_changed());
    case Event::kSampleAllocated:
      return From(event.sample_allocated());
    case Event::kShipmentStatusChanged:
      return From(event.shipment_status_changed());
    case Event::kTestClosed:
      return From(event.test_closed());
    case Event::kContentSubmitted:
      return From(event.content_submitted().content());
    case Event::kContentModerated:
      return From(event.content_moderated().content());
    case Event::kEngagementUpdated:
      return From(event.engagement_updated().content());
    case Event::kContentReplied:
      return From(event.content_replied().content());
    default:
      return {};
  }
}

}  // namespace

std::string CampaignOf(const Event& event) {
  return EventCampaignOf(event).campaign_id;
}

absl::Status ApplyToAggregates(sql::Connection& tx, const Event& event,
                               absl::Time applied_at, bool keep_in_log) {
  const EventCampaign campaign = EventCampaignOf(event);
  const std::string& campaign_id = campaign.campaign_id;
  if (campaign_id.empty()) return absl::OkStatus();
  NANO_RETURN_IF_ERROR(CheckFacts(event));
  NANO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO campaigns (campaign_id, brand_id) VALUES (?, ?) "
                 "ON CONFLICT (campaign_id) DO NOTHING",
                 {campaign_id, campaign.brand_id})
          .status());
  if (keep_in_log) {
    NANO_ASSIGN_OR_RETURN(
        int64_t logged,
        tx.Execute("INSERT INTO event_log (campaign_id, event_id, event) "
                   "VALUES (?, ?, ?) ON CONFLICT (campaign_id, event_id) DO "
                   "NOTHING",
                   {campaign_id, event.event_id(),
                    sql::Blob{event.SerializeAsString()}}));
    // Already applied: the intake forgets ids after its retention, the log
    // never does.
    if (logged == 0) return absl::OkStatus();
  }
  NANO_RETURN_IF_ERROR(ApplyFacts(tx, event, campaign_id));
  return tx
      .Execute(
          "UPDATE campaigns SET events_applied = events_applied + 1, "
          "as_of_time = ?, version = version + 1 WHERE campaign_id = ?",
          {absl::ToUnixMicros(applied_at), campaign_id})
      .status();
}

}  // namespace nanoinfluence::kpi
