// What the demo's brand tests: Champs d'Or, a French cereal brand, launches
// a crunchy cereal bar in two flavours and wants 200 testers in France,
// 70% nano and 30% micro influencers. The brand id is the demo brand's
// account in the brand console (brands are not created through the
// suite's APIs); everything else comes back from the services.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"

namespace nanoinfluence::demo {

inline constexpr char kBrandId[] = "5f0c1e2a-7b3d-4c8e-9a61-2d4b8e0f1c37";
inline constexpr char kBrandName[] = "Champs d'Or";

enum class Flavour { kCacaoHazelnut, kRedBerries };

struct Product {
  std::string sku;
  std::string name;
  std::string variant_label;
  Flavour flavour;
};

// The two flavours: [0] is the campaign's SKU, [1] a variant with its own
// stock line, sent to the testers the first flavour's stock cannot serve.
const std::vector<Product>& Products();

// The campaign as the brand fills it in the console: FOOD, France, adults,
// `slots` testers, quotas 70% NANO / 30% MICRO, NANO served first when stock
// runs short, applications open from an hour ago for two weeks, 21 days to
// post after delivery.
recruitment::v1::CampaignSpec CampaignSpecFor(int slots, absl::Time now);

}  // namespace nanoinfluence::demo
