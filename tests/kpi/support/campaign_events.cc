#include "tests/kpi/support/campaign_events.h"

#include <algorithm>
#include <random>
#include <tuple>

#include "absl/strings/str_format.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::kpi::testing {
namespace {

using common::v1::ContentKind;
using common::v1::Event;
using common::v1::Platform;

constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;

// A content item as the generator decided it.
struct Item {
  std::string id;
  std::string sku;
  ContentKind kind;
  Platform platform;
  int rating = 0;
  int64_t people_told = 0;
  int64_t audience = 0;
  absl::Time submitted_at;
  int final_status = 0;
  // Running totals of a social post, in time order: (likes, comments,
  // shares, views).
  std::vector<std::array<int64_t, 4>> engagement;
};

class Generator {
 public:
  explicit Generator(const CampaignSpec& spec) : spec_(spec), rng_(spec.seed) {}

  GeneratedCampaign Run() {
    const int64_t eligible[4] = {0, spec_.applicants * 7, spec_.applicants * 2,
                                 spec_.applicants / 4};
    Event opened = NewEvent("recruitment", spec_.opened_at);
    auto* payload = opened.mutable_campaign_opened();
    payload->set_campaign_id(spec_.campaign_id);
    payload->set_brand_id(spec_.brand_id);
    payload->set_sku(spec_.sku);
    payload->set_campaign_name(spec_.campaign_name);
    payload->set_brand_name(spec_.brand_name);
    payload->set_product_name(spec_.product_name);
    payload->set_slots(spec_.applicants / 2);
    payload->set_eligible_nano(eligible[1]);
    payload->set_eligible_micro(eligible[2]);
    payload->set_eligible_macro(eligible[3]);
    payload->set_eligible_count(eligible[1] + eligible[2] + eligible[3]);
    Push(opened);
    for (int t = 1; t <= 3; ++t) Count(expected_.eligible, t, eligible[t]);

    for (int i = 0; i < spec_.applicants; ++i) Ambassador(i);

    // The producers' order: each writes its facts in time order.
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Event& a, const Event& b) {
                       return TimeOf(a.occurred_at()) < TimeOf(b.occurred_at());
                     });
    std::map<std::string, int64_t> sequence;
    for (Event& event : events_) {
      event.set_sequence(++sequence[event.producer()]);
    }
    std::sort(expected_.times_to_post.begin(), expected_.times_to_post.end());
    return {std::move(events_), std::move(expected_)};
  }

 private:
  static void Count(std::array<int64_t, 4>& figure, int tier,
                    int64_t value = 1) {
    figure[0] += value;
    figure[tier] += value;
  }

  int Uniform(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // A UUID-shaped id, unique per (kind, number) within a seed.
  std::string Id(uint16_t kind, int64_t number) {
    return absl::StrFormat("%08x-%04x-4000-8000-%012x",
                           static_cast<uint32_t>(spec_.seed), kind, number);
  }

  Event NewEvent(const std::string& producer, absl::Time at) {
    Event event;
    event.set_event_id(Id(0xe, ++event_count_));
    event.set_producer(producer);
    *event.mutable_occurred_at() = Stamp(at);
    return event;
  }
  // Adds a filled event, its `type` naming its payload as producers do.
  void Push(Event event) {
    const auto* oneof = Event::descriptor()->FindOneofByName("payload");
    event.set_type(event.GetReflection()
                       ->GetOneofFieldDescriptor(event, oneof)
                       ->message_type()
                       ->full_name());
    events_.push_back(std::move(event));
  }

  void Ambassador(int i) {
    const std::string ambassador = Id(0xa, i);
    const int roll = Uniform(1, 100);
    const int tier = roll <= 70 ? 1 : roll <= 95 ? 2 : 3;
    absl::Time at = spec_.opened_at + absl::Minutes(Uniform(1, 3 * 24 * 60));

    Event applied = NewEvent("recruitment", at);
    auto* application = applied.mutable_application_submitted();
    application->set_campaign_id(spec_.campaign_id);
    application->set_brand_id(spec_.brand_id);
    application->set_ambassador_id(ambassador);
    application->set_tier(static_cast<common::v1::Tier>(tier));
    Push(applied);
    if (Chance(0.1)) {
      Event withdrawn = NewEvent("recruitment", at + absl::Hours(5));
      auto* w = withdrawn.mutable_application_withdrawn();
      w->set_campaign_id(spec_.campaign_id);
      w->set_brand_id(spec_.brand_id);
      w->set_ambassador_id(ambassador);
      Push(withdrawn);
      return;
    }
    Count(expected_.applied, tier);
    if (!Chance(0.6)) return;

    at = spec_.opened_at + absl::Hours(80);
    Selection(ambassador, tier, at, true);
    if (Chance(0.05)) {
      Selection(ambassador, tier, at + absl::Hours(2), false);
      return;
    }
    Count(expected_.selected, tier);

    const std::string shipment = Id(0x5, i);
    Event allocated = NewEvent("dispatch", at + absl::Hours(4));
    auto* a = allocated.mutable_sample_allocated();
    a->set_shipment_id(shipment);
    a->set_campaign_id(spec_.campaign_id);
    a->set_brand_id(spec_.brand_id);
    a->set_ambassador_id(ambassador);
    a->set_sku(spec_.sku);
    a->set_quantity(1);
    a->set_tier(static_cast<common::v1::Tier>(tier));
    Push(allocated);
    Count(expected_.allocated, tier);
    if (!Chance(0.95)) return;

    const absl::Time shipped_at = at + absl::Hours(24);
    Shipment(shipment, ambassador, tier, common::v1::SHIPMENT_STATUS_SHIPPED,
             shipped_at);
    Count(expected_.shipped, tier);
    if (!Chance(0.9)) return;
    const absl::Time delivered_at = shipped_at + absl::Hours(Uniform(20, 70));
    Shipment(shipment, ambassador, tier, common::v1::SHIPMENT_STATUS_DELIVERED,
             delivered_at);
    Count(expected_.delivered, tier);

    Contents(i, ambassador, tier, delivered_at);
  }

  void Selection(const std::string& ambassador, int tier, absl::Time at,
                 bool selected) {
    Event event = NewEvent("recruitment", at);
    auto* s = event.mutable_selection_changed();
    s->set_campaign_id(spec_.campaign_id);
    s->set_brand_id(spec_.brand_id);
    s->set_ambassador_id(ambassador);
    s->set_selected(selected);
    s->set_tier(static_cast<common::v1::Tier>(tier));
    s->set_rank(selected ? 1 : 0);
    Push(event);
  }

  void Shipment(const std::string& shipment, const std::string& ambassador,
                int tier, common::v1::ShipmentStatus status, absl::Time at) {
    // Dispatch learns of the carrier's status a little later.
    Event event = NewEvent("dispatch", at + absl::Minutes(30));
    auto* s = event.mutable_shipment_status_changed();
    s->set_shipment_id(shipment);
    s->set_campaign_id(spec_.campaign_id);
    s->set_brand_id(spec_.brand_id);
    s->set_ambassador_id(ambassador);
    s->set_sku(spec_.sku);
    s->set_status(status);
    s->set_previous_status(
        static_cast<common::v1::ShipmentStatus>(static_cast<int>(status) - 1));
    *s->mutable_status_time() = Stamp(at);
    s->set_tier(static_cast<common::v1::Tier>(tier));
    Push(event);
  }

  Item NewItem(int i, int j, int tier, absl::Time delivered_at) {
    static constexpr std::pair<ContentKind, Platform> kKinds[] = {
        {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_RETAILER_SITE},
        {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_GOOGLE},
        {common::v1::CONTENT_KIND_RATING, common::v1::PLATFORM_RETAILER_SITE},
        {common::v1::CONTENT_KIND_PHOTO, common::v1::PLATFORM_INSTAGRAM},
        {common::v1::CONTENT_KIND_RECIPE, common::v1::PLATFORM_BLOG},
        {common::v1::CONTENT_KIND_VIDEO, common::v1::PLATFORM_TIKTOK},
        {common::v1::CONTENT_KIND_SOCIAL_POST, common::v1::PLATFORM_INSTAGRAM},
        {common::v1::CONTENT_KIND_SOCIAL_POST, common::v1::PLATFORM_TIKTOK},
        {common::v1::CONTENT_KIND_WORD_OF_MOUTH, common::v1::PLATFORM_OFFLINE},
    };
    const auto& [kind, platform] = kKinds[Uniform(0, 8)];
    Item item;
    item.id = Id(0xc, int64_t{i} * 1000 + j);
    item.sku = Chance(0.2) ? spec_.sku + "-XL" : spec_.sku;
    item.kind = kind;
    item.platform = platform;
    if (kind == common::v1::CONTENT_KIND_REVIEW ||
        kind == common::v1::CONTENT_KIND_RATING) {
      item.rating = Uniform(1, 5);
    }
    if (kind == common::v1::CONTENT_KIND_WORD_OF_MOUTH) {
      item.people_told = Uniform(1, 30);
    }
    if (kind == common::v1::CONTENT_KIND_SOCIAL_POST) {
      item.audience = tier == 1   ? Uniform(50, 999)
                      : tier == 2 ? Uniform(1000, 100000)
                                  : Uniform(100001, 500000);
      std::array<int64_t, 4> totals{};
      for (int m = Uniform(0, 3); m > 0; --m) {
        for (int64_t& figure : totals) figure += Uniform(0, 40);
        item.engagement.push_back(totals);
      }
    }
    // Some post before the carrier's delivery scan reaches dispatch.
    item.submitted_at =
        delivered_at + absl::Minutes(Uniform(-60, 10 * 24 * 60));
    return item;
  }

  void Contents(int i, const std::string& ambassador, int tier,
                absl::Time delivered_at) {
    const int count = Uniform(0, 2 * spec_.contents_per_tester);
    std::vector<Item> approved;
    for (int j = 0; j < count; ++j) {
      Item item = NewItem(i, j, tier, delivered_at);
      const int roll = Uniform(1, 100);
      int status = roll <= 75   ? common::v1::CONTENT_STATUS_APPROVED
                   : roll <= 90 ? common::v1::CONTENT_STATUS_PENDING
                                : common::v1::CONTENT_STATUS_REJECTED;
      ContentEvent(item, ambassador, tier, status, false, item.submitted_at);
      if (status == common::v1::CONTENT_STATUS_PENDING && Chance(0.5)) {
        status = Chance(0.5) ? common::v1::CONTENT_STATUS_APPROVED
                             : common::v1::CONTENT_STATUS_REJECTED;
        ContentEvent(item, ambassador, tier, status, true,
                     item.submitted_at + absl::Hours(3));
      }
      item.final_status = status;
      if (status == common::v1::CONTENT_STATUS_APPROVED) {
        for (size_t m = 0; m < item.engagement.size(); ++m) {
          Engagement(item, ambassador, tier, m);
        }
        approved.push_back(item);
        Count(expected_.approved, tier);
        expected_.approved_per_day[absl::ToUnixMicros(item.submitted_at) /
                                   kMicrosPerDay] += 1;
      } else if (status == common::v1::CONTENT_STATUS_PENDING) {
        Count(expected_.pending, tier);
      } else {
        Count(expected_.rejected, tier);
      }
    }
    Expect(approved, tier, delivered_at);
  }

  void Expect(std::vector<Item>& approved, int tier, absl::Time delivered_at) {
    if (approved.empty()) return;
    std::sort(approved.begin(), approved.end(),
              [](const Item& a, const Item& b) {
                return std::tie(a.submitted_at, a.id) <
                       std::tie(b.submitted_at, b.id);
              });
    Count(expected_.posted, tier);
    Count(expected_.posted_after_delivery, tier);
    expected_.times_to_post.push_back(std::max<int64_t>(
        0, absl::ToInt64Seconds(approved[0].submitted_at - delivered_at)));
    bool author = false, declarant = false;
    for (const Item& item : approved) {
      if (item.rating > 0) expected_.stars[item.sku][item.rating] += 1;
      if (item.kind == common::v1::CONTENT_KIND_REVIEW) {
        expected_.reviews[{item.sku, item.platform}] += 1;
      }
      if (item.kind == common::v1::CONTENT_KIND_SOCIAL_POST) {
        if (!author) Count(expected_.reach, tier, item.audience);
        if (!author) Count(expected_.authors, tier);
        author = true;
        Count(expected_.posts, tier);
        if (!item.engagement.empty()) {
          const auto& last = item.engagement.back();
          Count(expected_.views, tier, last[3]);
          Count(expected_.engagements, tier, last[0] + last[1] + last[2]);
        }
      }
      if (item.kind == common::v1::CONTENT_KIND_WORD_OF_MOUTH) {
        Count(expected_.people_told, tier, item.people_told);
        Count(expected_.declarations, tier);
        if (!declarant) Count(expected_.declarants, tier);
        declarant = true;
      }
    }
  }

  common::v1::ContentFacts Facts(const Item& item,
                                 const std::string& ambassador, int tier) {
    common::v1::ContentFacts facts;
    facts.set_content_id(item.id);
    facts.set_campaign_id(spec_.campaign_id);
    facts.set_brand_id(spec_.brand_id);
    facts.set_sku(item.sku);
    facts.set_ambassador_id(ambassador);
    facts.set_tier(static_cast<common::v1::Tier>(tier));
    facts.set_kind(item.kind);
    facts.set_platform(item.platform);
    facts.set_rating(item.rating);
    facts.set_people_told(item.people_told);
    facts.set_audience(item.audience);
    facts.set_verified_tester(true);
    *facts.mutable_submitted_at() = Stamp(item.submitted_at);
    return facts;
  }

  void ContentEvent(const Item& item, const std::string& ambassador, int tier,
                    int status, bool moderated, absl::Time at) {
    const auto reason = status == common::v1::CONTENT_STATUS_PENDING
                            ? common::v1::MODERATION_REASON_MISSING_DISCLOSURE
                            : common::v1::MODERATION_REASON_BANNED_WORDS;
    Event event = NewEvent("ugc", at);
    if (moderated) {
      auto* m = event.mutable_content_moderated();
      *m->mutable_content() = Facts(item, ambassador, tier);
      m->set_previous_status(common::v1::CONTENT_STATUS_PENDING);
      m->set_status(static_cast<common::v1::ContentStatus>(status));
      if (status == common::v1::CONTENT_STATUS_REJECTED) m->add_reasons(reason);
    } else {
      auto* s = event.mutable_content_submitted();
      *s->mutable_content() = Facts(item, ambassador, tier);
      s->set_status(static_cast<common::v1::ContentStatus>(status));
      if (status != common::v1::CONTENT_STATUS_APPROVED) s->add_reasons(reason);
    }
    Push(event);
  }

  void Engagement(const Item& item, const std::string& ambassador, int tier,
                  size_t m) {
    const absl::Time at = item.submitted_at + absl::Hours(30 * (m + 1));
    Event event = NewEvent("ugc", at);
    auto* e = event.mutable_engagement_updated();
    *e->mutable_content() = Facts(item, ambassador, tier);
    e->set_likes(item.engagement[m][0]);
    e->set_comments(item.engagement[m][1]);
    e->set_shares(item.engagement[m][2]);
    e->set_views(item.engagement[m][3]);
    *e->mutable_measured_at() = Stamp(at);
    Push(event);
  }

  const CampaignSpec& spec_;
  std::mt19937_64 rng_;
  int64_t event_count_ = 0;
  std::vector<Event> events_;
  ExpectedFigures expected_;
};

}  // namespace

GeneratedCampaign GenerateCampaign(const CampaignSpec& spec) {
  return Generator(spec).Run();
}

std::vector<common::v1::IngestEventsRequest> RelayBatches(
    const std::vector<Event>& events, int max_batch) {
  std::map<std::string, std::vector<const Event*>> by_producer;
  for (const Event& event : events) {
    by_producer[event.producer()].push_back(&event);
  }
  std::vector<common::v1::IngestEventsRequest> batches;
  bool more = true;
  for (size_t start = 0; more; start += max_batch) {
    more = false;
    for (const auto& [producer, list] : by_producer) {
      if (start >= list.size()) continue;
      common::v1::IngestEventsRequest& batch = batches.emplace_back();
      batch.set_producer(producer);
      for (size_t i = start; i < std::min(list.size(), start + max_batch);
           ++i) {
        *batch.add_events() = *list[i];
      }
      more = more || start + max_batch < list.size();
    }
  }
  return batches;
}

}  // namespace nanoinfluence::kpi::testing
