// What each tester publishes, decided from the seed before anything is
// sent, so the same seed gives the same content whatever the timing: most
// delivered testers post (reviews on retailer pages, ratings, photos,
// recipes, videos, social posts, word of mouth), a few forget the
// disclosure or add shop links, a few write abuse; testers whose parcel
// never came rate it anyway; a few applicants who were not selected post
// spam. The second wave depends on ugc's answers to the first: held posts
// sent again with their marker, and one tester pasting another's review.
#pragma once

#include <vector>

#include "tools/demo/demo_context.h"
#include "tools/demo/texts.h"

namespace nanoinfluence::demo {

// Appends the first wave to `demo.ledger.items`; returns their indexes.
std::vector<int> PlanFirstWave(DemoContext& demo, TextWriter& writer);

// Appends the second wave, from the first wave's answers; returns their
// indexes.
std::vector<int> PlanSecondWave(DemoContext& demo);

}  // namespace nanoinfluence::demo
