// Which events each producer's relay sends to which subscriber: a copy of
// the `event_routes` declared in services/<name>/main.cc, which
// `nanoctl outbox` needs to count what is pending for one subscriber. Keep
// the two in step (docs/events.md lists the same routes).
#pragma once

#include <string>
#include <vector>

namespace nanoinfluence::tools {

struct EventRoute {
  std::string producer;
  std::string subscriber;
  // Payload names ("TierChanged"); empty: every event.
  std::vector<std::string> event_types;
};

inline const std::vector<EventRoute>& EventRoutes() {
  static const auto* routes = new std::vector<EventRoute>{
      {"recruitment", "kpi", {}},
      {"recruitment",
       "dispatch",
       {"CampaignOpened", "CampaignClosed", "AmbassadorErased"}},
      {"recruitment",
       "ugc",
       {"CampaignOpened", "CampaignClosed", "AmbassadorErased"}},
      {"dispatch", "kpi", {}},
      {"dispatch", "recruitment", {"TestClosed", "SampleAllocated"}},
      {"dispatch", "ugc", {"SampleAllocated", "ShipmentStatusChanged"}},
      {"ugc", "kpi", {}},
      {"ugc", "dispatch", {"ContentSubmitted", "ContentModerated"}},
  };
  return *routes;
}

}  // namespace nanoinfluence::tools
