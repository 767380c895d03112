#include "services/ugc/submission_checks.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"
#include "libs/text/normalise.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::ugc {
namespace {

using common::v1::ContentKind;
using common::v1::Platform;
using common::v1::SocialNetwork;
using validation::Indexed;
using validation::InvalidField;
using validation::Nested;

// What one kind takes: a range per field; {0, 0} means the field must be
// empty or zero.
struct Range {
  int min = 0;
  int max = 0;
  bool allowed() const { return max > 0; }
};
struct KindRule {
  Range rating, title, body, media;
  bool public_url_allowed = true;
  bool public_url_required = false;
  Range people_told;
  bool videos_only = false;
  bool images_only = false;
};

KindRule RuleOf(ContentKind kind) {
  KindRule r;
  switch (kind) {
    case common::v1::CONTENT_KIND_REVIEW:
      r.rating = {1, 5};
      r.title = {3, 120};
      r.body = {50, 5000};
      r.media = {0, 5};
      break;
    case common::v1::CONTENT_KIND_RATING:
      r.rating = {1, 5};
      break;
    case common::v1::CONTENT_KIND_PHOTO:
      r.title = {0, 120};
      r.body = {0, 2200};
      r.media = {1, 10};
      r.images_only = true;
      break;
    case common::v1::CONTENT_KIND_VIDEO:
      r.title = {0, 120};
      r.body = {0, 2200};
      r.media = {1, 1};
      r.videos_only = true;
      break;
    case common::v1::CONTENT_KIND_RECIPE:
    case common::v1::CONTENT_KIND_TUTORIAL:
      r.title = {3, 120};
      r.body = {50, 10000};
      r.media = {0, 10};
      break;
    case common::v1::CONTENT_KIND_SOCIAL_POST:
      r.title = {0, 120};
      r.body = {1, 5000};
      r.media = {0, 10};
      r.public_url_required = true;
      break;
    case common::v1::CONTENT_KIND_WORD_OF_MOUTH:
      r.body = {0, 500};
      r.public_url_allowed = false;
      r.people_told = {1, 1000};
      break;
    default:
      break;
  }
  return r;
}

constexpr std::array<absl::string_view, 4> kImageTypes = {
    "image/jpeg", "image/png", "image/webp", "image/heic"};
constexpr std::array<absl::string_view, 2> kVideoTypes = {"video/mp4",
                                                          "video/quicktime"};
constexpr int64_t kMaxImageBytes = 20 * 1024 * 1024;
constexpr int64_t kMaxVideoBytes = 500 * 1024 * 1024;

bool OneOf(absl::string_view value, absl::Span<const absl::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

bool HostIn(absl::string_view host,
            absl::Span<const absl::string_view> domains) {
  for (absl::string_view domain : domains) {
    if (host == domain || absl::EndsWith(host, absl::StrCat(".", domain))) {
      return true;
    }
  }
  return false;
}

absl::Status CheckMedia(const std::string& field,
                        const v1::MediaReference& media,
                        const SubmissionPolicy& policy, const KindRule& rule) {
  NANO_RETURN_IF_ERROR(
      validation::CheckHttpsUrl(Nested(field, "url"), media.url()));
  const std::string host = validation::UrlHost(media.url());
  std::vector<absl::string_view> hosts(policy.media_hosts.begin(),
                                       policy.media_hosts.end());
  if (!HostIn(host, hosts)) {
    return InvalidField(Nested(field, "url"),
                        "not on one of the suite's media hosts");
  }
  const bool image = OneOf(media.content_type(), kImageTypes);
  const bool video = OneOf(media.content_type(), kVideoTypes);
  if (!image && !video) {
    return InvalidField(Nested(field, "content_type"),
                        "not an accepted image or video type");
  }
  if ((rule.images_only && !image) || (rule.videos_only && !video)) {
    return InvalidField(Nested(field, "content_type"),
                        rule.images_only ? "must be an image for this kind"
                                         : "must be a video for this kind");
  }
  const int64_t max_bytes = image ? kMaxImageBytes : kMaxVideoBytes;
  if (media.size_bytes() < 1 || media.size_bytes() > max_bytes) {
    return InvalidField(Nested(field, "size_bytes"),
                        absl::StrCat("must be 1..", max_bytes));
  }
  for (const auto& [name, value] :
       {std::pair<absl::string_view, int>{"width_px", media.width_px()},
        {"height_px", media.height_px()}}) {
    if (value < 0 || value > 16384) {
      return InvalidField(Nested(field, name), "must be 0..16384");
    }
  }
  if (video && (media.duration_ms() < 1 || media.duration_ms() > 1'800'000)) {
    return InvalidField(Nested(field, "duration_ms"),
                        "must be 1..1800000 for a video");
  }
  if (image && media.duration_ms() != 0) {
    return InvalidField(Nested(field, "duration_ms"), "must be 0 for an image");
  }
  return absl::OkStatus();
}

// Hosts of each network's public posts.
std::vector<absl::string_view> NetworkHosts(SocialNetwork network) {
  switch (network) {
    case common::v1::SOCIAL_NETWORK_INSTAGRAM:
      return {"instagram.com"};
    case common::v1::SOCIAL_NETWORK_TIKTOK:
      return {"tiktok.com"};
    case common::v1::SOCIAL_NETWORK_YOUTUBE:
      return {"youtube.com", "youtu.be"};
    case common::v1::SOCIAL_NETWORK_FACEBOOK:
      return {"facebook.com", "fb.watch"};
    case common::v1::SOCIAL_NETWORK_PINTEREST:
      return {"pinterest.com", "pinterest.fr", "pin.it"};
    case common::v1::SOCIAL_NETWORK_X:
      return {"x.com", "twitter.com"};
    case common::v1::SOCIAL_NETWORK_SNAPCHAT:
      return {"snapchat.com"};
    case common::v1::SOCIAL_NETWORK_LINKEDIN:
      return {"linkedin.com"};
    default:
      return {};  // a blog lives anywhere
  }
}

absl::Status CheckPlatform(ContentKind kind, const v1::SubmitContentRequest& r,
                           CheckedSubmission& out) {
  if (kind == common::v1::CONTENT_KIND_SOCIAL_POST) {
    NANO_RETURN_IF_ERROR(
        validation::CheckEnum("social_network", r.social_network()));
    out.social_network = r.social_network();
    const Platform derived = PlatformOf(r.social_network());
    if (r.platform() != common::v1::PLATFORM_UNSPECIFIED &&
        r.platform() != derived) {
      return InvalidField("platform", "does not match social_network");
    }
    out.platform = derived;
    return absl::OkStatus();
  }
  if (r.social_network() != common::v1::SOCIAL_NETWORK_UNSPECIFIED) {
    return InvalidField("social_network", "only for a SOCIAL_POST");
  }
  NANO_RETURN_IF_ERROR(validation::CheckEnum("platform", r.platform()));
  const Platform p = r.platform();
  if (kind == common::v1::CONTENT_KIND_WORD_OF_MOUTH) {
    if (p != common::v1::PLATFORM_OFFLINE) {
      return InvalidField("platform", "must be OFFLINE for word of mouth");
    }
  } else if (kind == common::v1::CONTENT_KIND_REVIEW ||
             kind == common::v1::CONTENT_KIND_RATING) {
    if (p != common::v1::PLATFORM_RETAILER_SITE &&
        p != common::v1::PLATFORM_MARKETPLACE &&
        p != common::v1::PLATFORM_GOOGLE &&
        p != common::v1::PLATFORM_BRAND_SITE && p != common::v1::PLATFORM_APP) {
      return InvalidField(
          "platform",
          "a review or rating is on RETAILER_SITE, MARKETPLACE, GOOGLE, "
          "BRAND_SITE or APP");
    }
  } else if (p == common::v1::PLATFORM_OFFLINE) {
    return InvalidField("platform", "OFFLINE is for word of mouth only");
  }
  out.platform = p;
  return absl::OkStatus();
}

absl::Status CheckDisplayName(absl::string_view name) {
  if (name.find('@') != absl::string_view::npos) {
    return InvalidField("author_display_name", "must not be an email address");
  }
  int digits = 0;
  for (char c : name) digits += absl::ascii_isdigit(c) ? 1 : 0;
  if (digits >= 7) {
    return InvalidField("author_display_name", "must not be a phone number");
  }
  return absl::OkStatus();
}

absl::Status CheckLanguage(absl::string_view tag) {
  if (tag.empty()) return absl::OkStatus();
  if (tag.size() > 35) {
    return InvalidField("language_code", "at most 35 characters");
  }
  const size_t first = std::min(tag.find('-'), tag.size());
  bool ok = first >= 2 && first <= 3;
  for (size_t i = 0; i < tag.size() && ok; ++i) {
    const char c = tag[i];
    ok =
        i < first ? absl::ascii_isalpha(c) : absl::ascii_isalnum(c) || c == '-';
  }
  if (!ok || tag.back() == '-') {
    return InvalidField("language_code", "not a BCP 47 language tag");
  }
  return absl::OkStatus();
}

// A text field of the kind: normalised within `range`, or refused when the
// kind takes none.
absl::StatusOr<std::string> KindText(absl::string_view field,
                                     absl::string_view value, Range range,
                                     bool multiline) {
  if (!range.allowed()) {
    if (!value.empty()) return InvalidField(field, "not taken by this kind");
    return std::string();
  }
  return text::Normalise(
      field, value,
      {.min_chars = range.min, .max_chars = range.max, .multiline = multiline});
}

}  // namespace

Platform PlatformOf(SocialNetwork network) {
  switch (network) {
    case common::v1::SOCIAL_NETWORK_INSTAGRAM:
      return common::v1::PLATFORM_INSTAGRAM;
    case common::v1::SOCIAL_NETWORK_TIKTOK:
      return common::v1::PLATFORM_TIKTOK;
    case common::v1::SOCIAL_NETWORK_YOUTUBE:
      return common::v1::PLATFORM_YOUTUBE;
    case common::v1::SOCIAL_NETWORK_FACEBOOK:
      return common::v1::PLATFORM_FACEBOOK;
    case common::v1::SOCIAL_NETWORK_PINTEREST:
      return common::v1::PLATFORM_PINTEREST;
    case common::v1::SOCIAL_NETWORK_BLOG:
      return common::v1::PLATFORM_BLOG;
    default:
      return common::v1::PLATFORM_UNSPECIFIED;
  }
}

absl::StatusOr<CheckedSubmission> CheckSubmission(
    const v1::SubmitContentRequest& r, const SubmissionPolicy& policy) {
  CheckedSubmission out;
  NANO_RETURN_IF_ERROR(validation::CheckEnum("kind", r.kind()));
  out.kind = r.kind();
  const KindRule rule = RuleOf(out.kind);
  NANO_RETURN_IF_ERROR(validation::CheckUuid("campaign_id", r.campaign_id()));
  out.campaign_id = r.campaign_id();
  if (!r.sku().empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckSku("sku", r.sku()));
    out.sku = r.sku();
  }
  if (rule.rating.allowed()) {
    if (r.rating() < rule.rating.min || r.rating() > rule.rating.max) {
      return InvalidField("rating", "must be 1..5");
    }
    out.rating = r.rating();
  } else if (r.rating() != 0) {
    return InvalidField("rating", "must be 0 for this kind");
  }
  NANO_ASSIGN_OR_RETURN(out.title,
                        KindText("title", r.title(), rule.title, false));
  NANO_ASSIGN_OR_RETURN(out.body, KindText("body", r.body(), rule.body, true));
  // The count first: a request with a million references is refused
  // without looking at any of them.
  if (r.media_size() < rule.media.min || r.media_size() > rule.media.max) {
    return InvalidField(
        "media", rule.media.allowed()
                     ? absl::StrCat("must hold ", rule.media.min, "..",
                                    rule.media.max, " items for this kind")
                     : std::string("not taken by this kind"));
  }
  for (int i = 0; i < r.media_size(); ++i) {
    NANO_RETURN_IF_ERROR(
        CheckMedia(Indexed("media", i), r.media(i), policy, rule));
    out.media.push_back(r.media(i));
  }
  NANO_RETURN_IF_ERROR(CheckPlatform(out.kind, r, out));
  if (!r.public_url().empty()) {
    if (!rule.public_url_allowed) {
      return InvalidField("public_url", "not taken by this kind");
    }
    NANO_RETURN_IF_ERROR(
        validation::CheckHttpsUrl("public_url", r.public_url()));
    const std::vector<absl::string_view> hosts =
        NetworkHosts(out.social_network);
    if (out.kind == common::v1::CONTENT_KIND_SOCIAL_POST && !hosts.empty() &&
        !HostIn(validation::UrlHost(r.public_url()), hosts)) {
      return InvalidField("public_url", "not an address of social_network");
    }
    out.public_url = r.public_url();
  } else if (rule.public_url_required) {
    return InvalidField("public_url", "required for this kind");
  }
  if (rule.people_told.allowed()) {
    if (r.people_told() < rule.people_told.min ||
        r.people_told() > rule.people_told.max) {
      return InvalidField("people_told", "must be 1..1000");
    }
    out.people_told = r.people_told();
  } else if (r.people_told() != 0) {
    return InvalidField("people_told", "must be 0 for this kind");
  }
  out.disclosure = r.disclosure();
  NANO_ASSIGN_OR_RETURN(
      out.author_display_name,
      text::Normalise("author_display_name", r.author_display_name(),
                      {.min_chars = 0, .max_chars = 40}));
  NANO_RETURN_IF_ERROR(CheckDisplayName(out.author_display_name));
  NANO_RETURN_IF_ERROR(CheckLanguage(r.language_code()));
  out.language_code = r.language_code();
  return out;
}

}  // namespace nanoinfluence::ugc
