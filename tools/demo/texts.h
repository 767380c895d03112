// What the testers write, in French like the campaign: reviews whose tone
// follows their stars, recipes, social captions with or without a
// disclosure marker, photo captions, word-of-mouth notes, and the spam a
// real campaign also gets. Texts are assembled from many sentence pools
// and kept apart by TextVariety, so no two genuine texts look like copies.
//
// Draws come from one stream, in the order the calls are made: call from
// one thread, in a fixed order, for the same texts from the same seed.
//
//   TextWriter writer(seed, run);
//   ReviewText review = writer.Review(5, Flavour::kCacaoHazelnut);
#pragma once

#include <cstdint>
#include <string>

#include "tools/demo/campaign_plan.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/text_pools.h"
#include "tools/demo/text_variety.h"

namespace nanoinfluence::demo {

struct TitledText {
  std::string title;
  std::string body;
};

class TextWriter {
 public:
  // `run` varies the wording between runs on one suite (ugc compares texts
  // across campaigns), never the choices.
  TextWriter(uint64_t seed, int run);

  // A review of 1..5 stars: title 3..120 and body 50..5,000 characters.
  TitledText Review(int stars, Flavour flavour);
  // A recipe using the bar; with `shop_links`, the body links three shops
  // where the ingredients come from (ugc holds it for LINK_SPAM).
  TitledText Recipe(Flavour flavour, bool shop_links);
  // A social post caption, with a disclosure marker (#pub, #ad,
  // "collaboration commerciale", ...) or without one.
  std::string SocialCaption(Flavour flavour, bool disclosure_marker);
  // A short photo caption.
  std::string PhotoCaption(Flavour flavour);
  // A video's title and caption.
  TitledText Video(Flavour flavour);
  // A short note on who was told, or "".
  std::string WordOfMouthNote();
  // An angry review with a word of ugc's banned list (rejected).
  TitledText AbusiveReview(Flavour flavour);
  // A caption selling something else with three links (held: LINK_SPAM).
  std::string LinkSpam();

 private:
  // Draws candidates from `make` until TextVariety accepts one.
  template <typename Make>
  auto Distinct(Make make) -> decltype(make());

  const TextPools& pools_ = FrenchPools();
  RandomStream rng_;
  TextVariety variety_;
};

}  // namespace nanoinfluence::demo
