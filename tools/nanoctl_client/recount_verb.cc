// nanoctl recount <campaign>: kpi replays the campaign's event log and
// lists every figure that differs from the stored one, changing nothing.
#include <cstdio>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "libs/status/status_macros.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tools/nanoctl_client/report_table.h"
#include "tools/nanoctl_client/unary_call.h"
#include "tools/nanoctl_client/verbs.h"

namespace nanoinfluence::tools {
namespace {

using KpiStub = kpi::v1::KpiService::Stub;

std::string RequestId() {
  std::random_device device;
  return absl::StrFormat("nanoctl-recount-%08x%08x", device(), device());
}

absl::StatusOr<kpi::v1::RecountResponse> Recount(const std::string& campaign_id,
                                                 const VerbContext& context) {
  NANO_ASSIGN_OR_RETURN(LocalSuite suite, LocalSuite::Open(context.suite));
  NANO_RETURN_IF_ERROR(suite.CheckServing({"kpi"}));
  NANO_ASSIGN_OR_RETURN(
      std::string bearer,
      suite.Bearer(DevelopmentCaller(common::v1::ROLE_OPS, "", "", "")));
  auto kpi = kpi::v1::KpiService::NewStub(suite.Channel("kpi"));
  kpi::v1::RecountRequest request;
  request.set_request_id(RequestId());
  request.set_campaign_id(campaign_id);
  request.set_source(kpi::v1::RECOUNT_SOURCE_EVENT_LOG);
  request.set_compare_only(true);
  return UnaryCall(&KpiStub::Recount, *kpi, bearer, request,
                   absl::Seconds(300));
}

}  // namespace

int RecountVerb(const std::vector<std::string>& args,
                const VerbContext& context) {
  if (args.size() != 1) {
    std::fputs(
        "usage: nanoctl-client recount <campaign id> --endpoints=F "
        "--jwt_secret_file=S\n",
        stderr);
    return 2;
  }
  absl::StatusOr<kpi::v1::RecountResponse> recount = Recount(args[0], context);
  if (!recount.ok()) {
    std::fprintf(stderr, "recount: %s\n", recount.status().ToString().c_str());
    return 1;
  }
  const absl::Duration took = absl::Seconds(recount->finish_time().seconds() -
                                            recount->start_time().seconds()) +
                              absl::Nanoseconds(recount->finish_time().nanos() -
                                                recount->start_time().nanos());
  std::printf(
      "recount of %s from kpi's event log (compare only): %s events "
      "replayed in %.0f ms\n",
      recount->campaign_id().c_str(),
      Thousands(recount->facts_replayed()).c_str(),
      absl::ToDoubleMilliseconds(took));
  if (recount->differences().empty()) {
    std::printf("no difference: every stored figure equals the recount\n");
    return 0;
  }
  std::printf("%d figures differ:\n", recount->differences_size());
  std::printf("  %-60s %14s %14s\n", "figure", "stored", "recounted");
  for (const auto& difference : recount->differences()) {
    std::printf("  %-60s %14s %14s\n", difference.figure().c_str(),
                difference.stored_value().c_str(),
                difference.recounted_value().c_str());
  }
  return 3;
}

}  // namespace nanoinfluence::tools
