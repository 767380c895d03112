// Names every figure of a report by its path ("by_tier[TIER_NANO].figures.
// funnel.delivered"), so two reports can be compared figure by figure
// (Recount) and a difference named the way a reader finds it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"

namespace nanoinfluence::kpi {

// Path -> value as text of every scalar of `message`. An element of a
// repeated message field is named by its leading string and enum fields
// ("ugc.approved[CONTENT_KIND_REVIEW,PLATFORM_GOOGLE].approved"), or by its
// index when it has none, so one added element does not rename the others.
std::map<std::string, std::string> FigurePaths(
    const google::protobuf::Message& message);

// The figures whose values differ, in path order; `absent` stands for a
// figure one side does not hold.
std::vector<v1::RecountDifference> Differences(
    const std::map<std::string, std::string>& stored,
    const std::map<std::string, std::string>& recounted,
    const std::string& absent);

}  // namespace nanoinfluence::kpi
