#include "tools/demo/content_plan.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/demo/campaign_plan.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/tier_text.h"

namespace nanoinfluence::demo {
namespace {

using common::v1::ContentKind;
using common::v1::Platform;
using common::v1::SocialNetwork;

// Chances per tier (nano, micro, macro).
constexpr double kPosts[] = {0.86, 0.82, 0.72};
constexpr double kVideo[] = {0.04, 0.25, 0.5};
constexpr double kSocialPost[] = {0.5, 0.75, 0.9};
constexpr double kReview = 0.8;
constexpr double kRating = 0.25;
constexpr double kPhoto = 0.35;
constexpr double kRecipe = 0.12;
constexpr double kShopLinks = 0.25;
constexpr double kNoMarker = 0.12;
constexpr double kResubmits = 0.6;
constexpr double kWordOfMouth = 0.5;
constexpr double kReviewWithoutDisclosure = 0.03;
constexpr double kAbusiveLowRating = 0.35;

Flavour FlavourOf(const std::string& sku) {
  for (const Product& product : Products()) {
    if (product.sku == sku) return product.flavour;
  }
  return Flavour::kCacaoHazelnut;
}

std::string Base62(RandomStream& rng, int length) {
  static constexpr char kDigits[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string text;
  for (int i = 0; i < length; ++i) text += kDigits[rng.Between(0, 61)];
  return text;
}

// The post's public address on its network (ugc checks the host).
std::string PostUrl(RandomStream& rng, SocialNetwork network,
                    const std::string& handle) {
  switch (network) {
    case common::v1::SOCIAL_NETWORK_INSTAGRAM:
      return absl::StrCat("https://www.instagram.com/p/", Base62(rng, 11), "/");
    case common::v1::SOCIAL_NETWORK_TIKTOK:
      return absl::StrCat(
          "https://www.tiktok.com/@", handle, "/video/",
          rng.Between(7000000000000000000LL, 7399999999999999999LL));
    case common::v1::SOCIAL_NETWORK_YOUTUBE:
      return absl::StrCat("https://www.youtube.com/shorts/", Base62(rng, 11));
    case common::v1::SOCIAL_NETWORK_FACEBOOK:
      return absl::StrCat("https://www.facebook.com/", handle, "/posts/",
                          rng.Between(100000000000LL, 999999999999LL));
    case common::v1::SOCIAL_NETWORK_PINTEREST:
      return absl::StrCat("https://www.pinterest.fr/pin/",
                          rng.Between(100000000000LL, 999999999999LL), "/");
    default:
      return absl::StrCat("https://", handle, ".blog.example/barre-champs-dor-",
                          Base62(rng, 6));
  }
}

void AddPhotos(RandomStream& rng, const DemoContext& demo, int member,
               int count, ugc::v1::SubmitContentRequest& request) {
  for (int i = 0; i < count; ++i) {
    ugc::v1::MediaReference* media = request.add_media();
    media->set_url(absl::StrCat("https://media.nanoinfluence.app/demo/",
                                demo.ledger.campaign_id(), "/", member, "/",
                                Base62(rng, 8), ".jpg"));
    media->set_content_type("image/jpeg");
    media->set_size_bytes(rng.Between(900000, 4800000));
    media->set_width_px(3024);
    media->set_height_px(4032);
  }
}

class FirstWave {
 public:
  FirstWave(DemoContext& demo, TextWriter& writer)
      : demo_(demo), writer_(writer) {}

  std::vector<int> Plan() {
    for (const Member& member : demo_.community.members) {
      const PersonRecord& person = demo_.ledger.people[member.index];
      if (person.delivered) {
        PlanTester(member, person);
      } else if (person.lost || person.returned) {
        PlanNotReceived(member, person);
      }
    }
    PlanSpam();
    return planned_;
  }

 private:
  ContentRecord& Add(const Member& member, ContentKind kind, ItemRole role,
                     const std::string& sku) {
    planned_.push_back(static_cast<int>(demo_.ledger.items.size()));
    ContentRecord& item = demo_.ledger.items.emplace_back();
    item.author = member.index;
    item.role = role;
    ugc::v1::SubmitContentRequest& request = item.request;
    request.set_kind(kind);
    request.set_campaign_id(demo_.ledger.campaign_id());
    request.set_sku(sku);
    request.set_author_display_name(member.DisplayName());
    request.set_language_code("fr-FR");
    request.set_disclosure(true);
    return item;
  }

  int Stars(RandomStream& rng) {
    return static_cast<int>(rng.Weighted({3, 6, 13, 33, 45})) + 1;
  }

  void PlanTester(const Member& member, const PersonRecord& person) {
    RandomStream rng(demo_.options.seed, "content", member.index);
    const int tier = TierIndex(person.tier);
    if (!rng.Chance(kPosts[tier])) return;
    const Flavour flavour = FlavourOf(person.sku);
    const size_t before = planned_.size();
    if (rng.Chance(kReview)) {
      const int stars = Stars(rng);
      const bool abusive = stars <= 2 && rng.Chance(kAbusiveLowRating);
      ContentRecord& item =
          Add(member, common::v1::CONTENT_KIND_REVIEW,
              abusive ? ItemRole::kAbusive : ItemRole::kGenuine, person.sku);
      const TitledText text = abusive ? writer_.AbusiveReview(flavour)
                                      : writer_.Review(stars, flavour);
      item.request.set_rating(stars);
      item.request.set_title(text.title);
      item.request.set_body(text.body);
      static const std::vector<Platform> pages = {
          common::v1::PLATFORM_RETAILER_SITE, common::v1::PLATFORM_MARKETPLACE,
          common::v1::PLATFORM_GOOGLE, common::v1::PLATFORM_BRAND_SITE};
      item.request.set_platform(pages[rng.Weighted({70, 18, 7, 5})]);
      if (rng.Chance(0.2)) AddPhotos(rng, demo_, member.index, 1, item.request);
      if (rng.Chance(kReviewWithoutDisclosure)) {
        item.request.set_disclosure(false);
      }
    }
    if (rng.Chance(kRating)) {
      ContentRecord& item = Add(member, common::v1::CONTENT_KIND_RATING,
                                ItemRole::kGenuine, person.sku);
      item.request.set_rating(Stars(rng));
      static const std::vector<Platform> pages = {
          common::v1::PLATFORM_MARKETPLACE, common::v1::PLATFORM_GOOGLE,
          common::v1::PLATFORM_RETAILER_SITE};
      item.request.set_platform(pages[rng.Weighted({45, 35, 20})]);
    }
    if (rng.Chance(kPhoto)) {
      ContentRecord& item = Add(member, common::v1::CONTENT_KIND_PHOTO,
                                ItemRole::kGenuine, person.sku);
      item.request.set_body(writer_.PhotoCaption(flavour));
      static const std::vector<Platform> places = {
          common::v1::PLATFORM_INSTAGRAM, common::v1::PLATFORM_PINTEREST,
          common::v1::PLATFORM_APP, common::v1::PLATFORM_BRAND_SITE};
      item.request.set_platform(places[rng.Weighted({40, 15, 35, 10})]);
      AddPhotos(rng, demo_, member.index, static_cast<int>(rng.Between(1, 4)),
                item.request);
    }
    if (rng.Chance(kRecipe)) {
      const bool links = rng.Chance(kShopLinks);
      ContentRecord& item =
          Add(member, common::v1::CONTENT_KIND_RECIPE,
              links ? ItemRole::kShopLinks : ItemRole::kGenuine, person.sku);
      const TitledText text = writer_.Recipe(flavour, links);
      item.request.set_title(text.title);
      item.request.set_body(text.body);
      static const std::vector<Platform> places = {
          common::v1::PLATFORM_BLOG, common::v1::PLATFORM_APP,
          common::v1::PLATFORM_BRAND_SITE, common::v1::PLATFORM_INSTAGRAM};
      item.request.set_platform(places[rng.Weighted({35, 30, 20, 15})]);
      AddPhotos(rng, demo_, member.index, static_cast<int>(rng.Between(1, 3)),
                item.request);
    }
    if (rng.Chance(kVideo[tier])) PlanVideo(member, person, rng, flavour);
    if (rng.Chance(kSocialPost[tier])) PlanPost(member, person, rng, flavour);
    if (rng.Chance(kWordOfMouth) || planned_.size() == before) {
      ContentRecord& item = Add(member, common::v1::CONTENT_KIND_WORD_OF_MOUTH,
                                ItemRole::kGenuine, person.sku);
      item.request.set_platform(common::v1::PLATFORM_OFFLINE);
      static const int64_t kMaxTold[] = {25, 40, 80};
      item.request.set_people_told(rng.Between(2, kMaxTold[tier]));
      item.request.set_body(writer_.WordOfMouthNote());
      item.request.set_disclosure(false);
    }
  }

  void PlanVideo(const Member& member, const PersonRecord& person,
                 RandomStream& rng, Flavour flavour) {
    ContentRecord& item = Add(member, common::v1::CONTENT_KIND_VIDEO,
                              ItemRole::kGenuine, person.sku);
    const TitledText text = writer_.Video(flavour);
    item.request.set_title(text.title);
    item.request.set_body(text.body);
    bool tiktok = false;
    for (const AccountPlan& account : member.accounts) {
      tiktok |= account.network == common::v1::SOCIAL_NETWORK_TIKTOK;
    }
    item.request.set_platform(tiktok ? common::v1::PLATFORM_TIKTOK
                                     : common::v1::PLATFORM_YOUTUBE);
    ugc::v1::MediaReference* media = item.request.add_media();
    media->set_url(absl::StrCat("https://media.nanoinfluence.app/demo/",
                                demo_.ledger.campaign_id(), "/", member.index,
                                "/", Base62(rng, 8), ".mp4"));
    media->set_content_type("video/mp4");
    media->set_size_bytes(rng.Between(20000000, 180000000));
    media->set_width_px(1080);
    media->set_height_px(1920);
    media->set_duration_ms(rng.Between(15000, 90000));
  }

  void PlanPost(const Member& member, const PersonRecord& person,
                RandomStream& rng, Flavour flavour) {
    // Mostly on their main account.
    const AccountPlan& account =
        rng.Chance(0.7) ? member.accounts.front() : rng.Pick(member.accounts);
    const bool marker = !rng.Chance(kNoMarker);
    ContentRecord& item = Add(
        member, common::v1::CONTENT_KIND_SOCIAL_POST,
        marker ? ItemRole::kGenuine : ItemRole::kWithoutDisclosure, person.sku);
    item.will_resubmit = !marker && rng.Chance(kResubmits);
    item.request.set_social_network(account.network);
    item.request.set_body(writer_.SocialCaption(flavour, marker));
    item.request.set_public_url(PostUrl(rng, account.network, account.handle));
    if (rng.Chance(0.6)) AddPhotos(rng, demo_, member.index, 1, item.request);
  }

  // The parcel never came; some rate the product all the same.
  void PlanNotReceived(const Member& member, const PersonRecord& person) {
    RandomStream rng(demo_.options.seed, "not-received", member.index);
    if (!rng.Chance(0.5)) return;
    ContentRecord& item = Add(member, common::v1::CONTENT_KIND_RATING,
                              ItemRole::kNotReceived, person.sku);
    item.request.set_rating(static_cast<int>(rng.Between(1, 2)));
    item.request.set_platform(common::v1::PLATFORM_MARKETPLACE);
  }

  // Applicants who were not selected, posting ads for something else.
  void PlanSpam() {
    std::vector<int> candidates;
    for (const Member& member : demo_.community.members) {
      const PersonRecord& person = demo_.ledger.people[member.index];
      if (person.applied && !person.selected)
        candidates.push_back(member.index);
    }
    RandomStream rng(demo_.options.seed, "spammers");
    rng.Shuffle(candidates);
    const size_t count = std::min<size_t>(
        candidates.size(),
        static_cast<size_t>(std::max(1, demo_.options.testers / 40)));
    for (size_t i = 0; i < count; ++i) {
      const Member& member = demo_.community.members[candidates[i]];
      ContentRecord& item = Add(member, common::v1::CONTENT_KIND_SOCIAL_POST,
                                ItemRole::kLinkSpam, demo_.ledger.skus.front());
      item.request.set_social_network(member.accounts.front().network);
      item.request.set_body(writer_.LinkSpam());
      item.request.set_public_url(PostUrl(rng, member.accounts.front().network,
                                          member.accounts.front().handle));
      item.request.set_disclosure(false);
    }
  }

  DemoContext& demo_;
  TextWriter& writer_;
  std::vector<int> planned_;
};

std::string Shouted(const std::string& text) {
  std::string shouted = text;
  absl::AsciiStrToUpper(&shouted);
  return shouted;
}

}  // namespace

std::vector<int> PlanFirstWave(DemoContext& demo, TextWriter& writer) {
  return FirstWave(demo, writer).Plan();
}

std::vector<int> PlanSecondWave(DemoContext& demo) {
  Ledger& ledger = demo.ledger;
  std::vector<int> planned;
  const size_t first_wave = ledger.items.size();
  for (size_t i = 0; i < first_wave; ++i) {
    const ContentRecord& held = ledger.items[i];
    if (held.role != ItemRole::kWithoutDisclosure || !held.will_resubmit ||
        held.status != common::v1::CONTENT_STATUS_PENDING) {
      continue;
    }
    // The author edits the post to add the marker and sends it again.
    ContentRecord again;
    again.author = held.author;
    again.role = ItemRole::kResubmission;
    again.resubmits = static_cast<int>(i);
    again.request = held.request;
    again.request.set_body(absl::StrCat(held.request.body(), " #pub"));
    planned.push_back(static_cast<int>(ledger.items.size()));
    ledger.items.push_back(std::move(again));
  }
  // One tester pastes the first approved review of another, louder.
  int original = -1;
  std::vector<bool> reviewed(ledger.people.size(), false),
      posted(ledger.people.size(), false);
  for (size_t i = 0; i < first_wave; ++i) {
    const ContentRecord& item = ledger.items[i];
    posted[item.author] = true;
    if (item.request.kind() == common::v1::CONTENT_KIND_REVIEW) {
      reviewed[item.author] = true;
      if (original < 0 && item.role == ItemRole::kGenuine &&
          item.status == common::v1::CONTENT_STATUS_APPROVED) {
        original = static_cast<int>(i);
      }
    }
  }
  for (size_t member = 0; original >= 0 && member < ledger.people.size();
       ++member) {
    if (!ledger.people[member].delivered || !posted[member] ||
        reviewed[member]) {
      continue;
    }
    const ContentRecord& source = ledger.items[original];
    ContentRecord copy;
    copy.author = static_cast<int>(member);
    copy.role = ItemRole::kCopy;
    copy.request = source.request;
    copy.request.set_sku(ledger.people[member].sku);
    copy.request.set_title(Shouted(source.request.title()));
    copy.request.set_body(absl::StrCat(Shouted(source.request.body()), " !!!"));
    copy.request.set_author_display_name(
        demo.community.members[member].DisplayName());
    copy.request.clear_media();
    planned.push_back(static_cast<int>(ledger.items.size()));
    ledger.items.push_back(std::move(copy));
    break;
  }
  return planned;
}

}  // namespace nanoinfluence::demo
