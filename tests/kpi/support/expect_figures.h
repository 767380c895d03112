// Checks a campaign report against the figures a generated campaign must
// show (campaign_events.h), tier by tier, with GoogleTest expectations.
#pragma once

#include "nanoinfluence/kpi/v1/report.pb.h"
#include "tests/kpi/support/campaign_events.h"

namespace nanoinfluence::kpi::testing {

void ExpectFigures(const v1::CampaignReport& report,
                   const ExpectedFigures& expected);

}  // namespace nanoinfluence::kpi::testing
