// The ugc server: content submission, moderation, engagement, live stream,
// syndication.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "libs/service_main/service_main.h"
#include "libs/suite/event_routes.h"
#include "migrations.h"
#include "services/ugc/domain/disclosure.h"
#include "services/ugc/domain/text_signals.h"
#include "services/ugc/ugc_grpc_service.h"

ABSL_FLAG(std::string, media_hosts, "media.nanoinfluence.app",
          "Hosts (comma-separated) of the object storage media references "
          "must point to; subdomains included.");
ABSL_FLAG(std::string, disclosure_markers, "",
          "Disclosure markers (comma-separated, case-insensitive) a social "
          "post must contain; empty: the built-in list of several "
          "languages.");
ABSL_FLAG(std::string, banned_words, "",
          "Words (comma-separated) that reject content; empty: the built-in "
          "list.");
ABSL_FLAG(int, max_links, 2, "More links hold content for LINK_SPAM.");
ABSL_FLAG(int, max_submissions_per_campaign_day, 20,
          "More submissions by an author for one campaign in 24 hours are "
          "held for RATE_LIMITED.");
ABSL_FLAG(int, max_submissions_per_minute, 10,
          "More submissions by an author in a minute are refused "
          "(RESOURCE_EXHAUSTED).");
ABSL_FLAG(absl::Duration, reverify_every, absl::Seconds(30),
          "How often content dispatch could not verify is asked about again.");

namespace {

std::vector<std::string> ListFlag(const std::string& value,
                                  const std::vector<std::string>& fallback) {
  std::vector<std::string> list =
      absl::StrSplit(value, ',', absl::SkipWhitespace());
  return list.empty() ? fallback : list;
}

absl::StatusOr<nanoinfluence::ugc::UgcPolicy> PolicyFromFlags() {
  nanoinfluence::ugc::UgcPolicy policy;
  policy.submission.media_hosts =
      ListFlag(absl::GetFlag(FLAGS_media_hosts), {});
  if (policy.submission.media_hosts.empty()) {
    return absl::InvalidArgumentError("--media_hosts: at least one host");
  }
  policy.disclosure_markers =
      ListFlag(absl::GetFlag(FLAGS_disclosure_markers),
               nanoinfluence::ugc::DefaultDisclosureMarkers());
  policy.banned_words = ListFlag(absl::GetFlag(FLAGS_banned_words),
                                 nanoinfluence::ugc::DefaultBannedWords());
  policy.moderation.max_links = absl::GetFlag(FLAGS_max_links);
  policy.moderation.max_per_campaign_per_day =
      absl::GetFlag(FLAGS_max_submissions_per_campaign_day);
  policy.max_per_minute = absl::GetFlag(FLAGS_max_submissions_per_minute);
  policy.reverify_every = absl::GetFlag(FLAGS_reverify_every);
  if (policy.moderation.max_links < 0 ||
      policy.moderation.max_per_campaign_per_day < 1 ||
      policy.max_per_minute < 1 ||
      policy.reverify_every <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--max_links must be >= 0; --max_submissions_per_campaign_day, "
        "--max_submissions_per_minute and --reverify_every must be positive");
  }
  return policy;
}

}  // namespace

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::ugc;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "ugc",
       .migrations = svc::Migrations(),
       .make_services = [](nanoinfluence::ServiceContext& context)
           -> absl::StatusOr<nanoinfluence::ServiceBundle> {
         auto policy = PolicyFromFlags();
         if (!policy.ok()) return policy.status();
         auto service = svc::UgcGrpcService::Create(context, *policy);
         if (!service.ok()) return service.status();
         nanoinfluence::ServiceBundle bundle;
         bundle.hosted.push_back(
             {service->get(), svc::v1::UgcService::service_full_name()});
         bundle.on_shutdown = [ugc = service->get()] { ugc->CloseStreams(); };
         bundle.owned.push_back(*std::move(service));
         return bundle;
       },
       .event_routes = nanoinfluence::EventRoutesFrom("ugc")});
}
