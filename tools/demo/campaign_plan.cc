#include "tools/demo/campaign_plan.h"

namespace nanoinfluence::demo {

const std::vector<Product>& Products() {
  static const auto* products = new std::vector<Product>{
      {"CDO-BAR-CACAO-35G", "Barre croustillante cacao-noisette 35 g",
       "Cacao-noisette, 35 g", Flavour::kCacaoHazelnut},
      {"CDO-BAR-FRUITS-35G", "Barre croustillante fruits rouges 35 g",
       "Fruits rouges, 35 g", Flavour::kRedBerries},
  };
  return *products;
}

recruitment::v1::CampaignSpec CampaignSpecFor(int slots, absl::Time now) {
  recruitment::v1::CampaignSpec spec;
  spec.set_name("Testez la nouvelle barre croustillante Champs d'Or");
  spec.set_description(
      "Recevez une barre croustillante Champs d'Or (cacao-noisette ou fruits "
      "rouges), goûtez-la au petit-déjeuner ou au goûter, puis donnez votre "
      "avis : une note et un avis sur la page produit de votre enseigne, une "
      "photo, une recette, un post avec #pub, et dites-nous à combien de "
      "proches vous en avez parlé.");
  spec.set_brand_name(kBrandName);
  spec.set_product_sku(Products()[0].sku);
  spec.set_product_name(Products()[0].name);
  spec.set_product_image_url(
      "https://media.nanoinfluence.app/demo/champs-dor/barre-cacao.jpg");
  spec.set_universe(common::v1::UNIVERSE_FOOD);
  recruitment::v1::Targeting* targeting = spec.mutable_targeting();
  targeting->add_country_codes("FR");
  targeting->add_universes(common::v1::UNIVERSE_FOOD);
  targeting->set_min_age(18);
  spec.set_slots(slots);
  auto* nano = spec.add_quotas();
  nano->set_tier(common::v1::TIER_NANO);
  nano->set_percent(70);
  auto* micro = spec.add_quotas();
  micro->set_tier(common::v1::TIER_MICRO);
  micro->set_percent(30);
  const int64_t start = absl::ToUnixSeconds(now - absl::Hours(1));
  spec.mutable_application_window()->mutable_start()->set_seconds(start);
  spec.mutable_application_window()->mutable_end()->set_seconds(
      absl::ToUnixSeconds(now + absl::Hours(24 * 14)));
  spec.set_post_deadline_days(21);
  spec.add_tier_priority(common::v1::TIER_NANO);
  spec.add_tier_priority(common::v1::TIER_MICRO);
  return spec;
}

}  // namespace nanoinfluence::demo
