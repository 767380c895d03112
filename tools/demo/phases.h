// The demo's phases, in the order nano-demo runs them. Each drives the
// real APIs as one actor would (the brand console, the ambassador app, the
// 3PL, an ops moderator, the social-listening connector), records the
// answers in the ledger and ends with one progress line. An error names
// the call that failed and stops the demo.
#pragma once

#include "absl/status/status.h"
#include "tools/demo/demo_context.h"

namespace nanoinfluence::demo {

// recruitment_phases.cc
// The brand creates its campaign (DRAFT); the ledger learns the run number
// (the brand's earlier campaigns) and the community is generated.
absl::Status CreateCampaign(DemoContext& demo);
// The community signs up in the app: registration with consent, then the
// social accounts; recruitment answers each member's tier.
absl::Status SignUpCommunity(DemoContext& demo);
// The brand opens the campaign; recruitment counts who is eligible.
absl::Status OpenCampaign(DemoContext& demo);
// Members who see the campaign in the app apply; a few withdraw; partners
// of an earlier applicant are refused (one household, one product).
absl::Status Apply(DemoContext& demo);
// The brand runs the selection with a seed.
absl::Status SelectTesters(DemoContext& demo);

// dispatch_phases.cc
// The brand puts stock of both flavours aside and allocates samples.
absl::Status AllocateSamples(DemoContext& demo);
// The 3PL ships from its pick list; the carriers' tracking files report
// deliveries, a few lost and returned parcels; half the lost are re-sent.
absl::Status ShipParcels(DemoContext& demo);

// content_phases.cc
// Testers post reviews, ratings, photos, recipes, videos, social posts and
// word of mouth; spam and posts without disclosure come too.
absl::Status SubmitContent(DemoContext& demo);
// An ops moderator works the queue; the brand answers low ratings.
absl::Status Moderate(DemoContext& demo);
// The social-listening connector reports views, likes, comments, shares.
absl::Status UpdateEngagement(DemoContext& demo);
// Reads every item's current status back from ugc (the moderator's list):
// verification may still move an item after its answer, when dispatch
// could not be asked in time.
absl::Status RefreshContentStatuses(DemoContext& demo);

// uplift_phase.cc
// The brand records store sales for a difference-in-differences study.
absl::Status RecordUpliftStudy(DemoContext& demo);

// report_phase.cc
// Waits until kpi shows what the ledger says, prints the report, writes the
// HTML export and the JSON summary.
absl::Status ReportResults(DemoContext& demo);

}  // namespace nanoinfluence::demo
