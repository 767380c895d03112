// Which events each producer's relay sends to which subscriber, declared
// once: each service's main.cc hands its own routes to its relay, and
// `nanoctl outbox` counts what is pending per subscriber with the same
// table. docs/events.md explains each route.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence {

struct EventRoute {
  std::string producer;
  std::string subscriber;
  // Payload names ("TierChanged"); empty: every event.
  std::vector<std::string> event_types;
};

inline const std::vector<EventRoute>& EventRoutes() {
  static const auto* routes = new std::vector<EventRoute>{
      // kpi counts everything; it decides no facts others need, so it
      // produces no route.
      {"recruitment", "kpi", {}},
      {"dispatch", "kpi", {}},
      {"ugc", "kpi", {}},
      // Dispatch and ugc follow campaigns and erasures.
      {"recruitment",
       "dispatch",
       {"CampaignOpened", "CampaignClosed", "AmbassadorErased"}},
      {"recruitment",
       "ugc",
       {"CampaignOpened", "CampaignClosed", "AmbassadorErased"}},
      // Recruitment frees the one-active-test slot and scores reliability.
      {"dispatch", "recruitment", {"TestClosed", "SampleAllocated"}},
      // Ugc knows who may post about what, and who received the product.
      {"dispatch", "ugc", {"SampleAllocated", "ShipmentStatusChanged"}},
      // Dispatch knows who posted, for reminders and test outcomes.
      {"ugc", "dispatch", {"ContentSubmitted", "ContentModerated"}},
  };
  return *routes;
}

// The routes of `producer` in the shape its relay takes: subscriber -> the
// payload names it takes.
inline std::map<std::string, std::vector<std::string>> EventRoutesFrom(
    absl::string_view producer) {
  std::map<std::string, std::vector<std::string>> routes;
  for (const EventRoute& route : EventRoutes()) {
    if (route.producer == producer) {
      routes[route.subscriber] = route.event_types;
    }
  }
  return routes;
}

}  // namespace nanoinfluence
