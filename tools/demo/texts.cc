#include "tools/demo/texts.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace nanoinfluence::demo {
namespace {

std::string Fill(std::string text, RandomStream& rng, Flavour flavour) {
  const std::string flavour_name =
      flavour == Flavour::kCacaoHazelnut ? "cacao-noisette" : "fruits rouges";
  return absl::StrReplaceAll(text, {{"{F}", flavour_name},
                                    {"{N}", absl::StrCat(rng.Between(2, 6))},
                                    {"{D}", absl::StrCat(rng.Between(4, 15))}});
}

// `count` distinct sentences of `pool`, in a drawn order.
std::vector<std::string> Some(RandomStream& rng, const Pool& pool, int count,
                              Flavour flavour) {
  std::vector<size_t> order(pool.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  rng.Shuffle(order);
  std::vector<std::string> picked;
  for (int i = 0; i < count && i < static_cast<int>(order.size()); ++i) {
    picked.push_back(Fill(pool[order[static_cast<size_t>(i)]], rng, flavour));
  }
  return picked;
}

std::string Sentence(RandomStream& rng, const Pool& pool, Flavour flavour) {
  return Fill(rng.Pick(pool), rng, flavour);
}

}  // namespace

TextWriter::TextWriter(uint64_t seed, int run)
    : rng_(seed, "texts", static_cast<uint64_t>(run)) {}

template <typename Make>
auto TextWriter::Distinct(Make make) -> decltype(make()) {
  // Almost every candidate passes at once; the bound only stops a pool too
  // small for the run's size from looping forever (the last candidate is
  // then used: ugc may hold it as a near copy, which the demo records).
  for (int attempt = 0;; ++attempt) {
    auto candidate = make();
    if (variety_.Accept(absl::StrCat(candidate.title, "\n", candidate.body)) ||
        attempt == 50) {
      return candidate;
    }
  }
}

TitledText TextWriter::Review(int stars, Flavour flavour) {
  return Distinct([&] {
    const Pool& taste = flavour == Flavour::kCacaoHazelnut ? pools_.cacao_taste
                                                           : pools_.berry_taste;
    std::vector<std::string> parts = {Sentence(rng_, pools_.openers, flavour)};
    TitledText review;
    if (stars >= 4) {
      review.title = rng_.Pick(pools_.titles_good);
      for (auto& s : Some(rng_, taste, 1, flavour)) parts.push_back(s);
      std::vector<std::string> extras;
      for (const Pool* pool : {&pools_.texture, &pools_.moments, &pools_.people,
                               &pools_.details}) {
        for (auto& s : Some(rng_, *pool, 1, flavour)) extras.push_back(s);
      }
      rng_.Shuffle(extras);
      const int keep = static_cast<int>(rng_.Between(2, 4));
      parts.insert(parts.end(), extras.begin(), extras.begin() + keep);
      if (stars == 4 && rng_.Chance(0.5)) {
        parts.push_back(Sentence(rng_, pools_.cons, flavour));
      }
      parts.push_back(Sentence(rng_, pools_.verdicts_good, flavour));
    } else if (stars == 3) {
      review.title = rng_.Pick(pools_.titles_mixed);
      std::vector<std::string> middle;
      for (auto& s : Some(rng_, taste, 1, flavour)) middle.push_back(s);
      for (auto& s : Some(rng_, pools_.cons, 2, flavour)) middle.push_back(s);
      for (const Pool* pool :
           {&pools_.moments, &pools_.people, &pools_.details}) {
        if (rng_.Chance(0.4)) middle.push_back(Sentence(rng_, *pool, flavour));
      }
      rng_.Shuffle(middle);
      parts.insert(parts.end(), middle.begin(), middle.end());
      parts.push_back(Sentence(rng_, pools_.verdicts_mixed, flavour));
    } else {
      review.title = rng_.Pick(pools_.titles_bad);
      std::vector<std::string> middle =
          Some(rng_, pools_.negatives, static_cast<int>(rng_.Between(2, 3)),
               flavour);
      if (stars == 2) middle.push_back(Sentence(rng_, pools_.texture, flavour));
      for (const Pool* pool : {&pools_.moments, &pools_.people}) {
        if (rng_.Chance(0.4)) middle.push_back(Sentence(rng_, *pool, flavour));
      }
      rng_.Shuffle(middle);
      parts.insert(parts.end(), middle.begin(), middle.end());
      parts.push_back(Sentence(rng_, pools_.verdicts_bad, flavour));
    }
    review.body = absl::StrJoin(parts, " ");
    return review;
  });
}

TitledText TextWriter::Recipe(Flavour flavour, bool shop_links) {
  return Distinct([&] {
    TitledText recipe;
    recipe.title =
        absl::StrCat(rng_.Pick(pools_.recipe_dishes), " à la barre ",
                     flavour == Flavour::kCacaoHazelnut ? "cacao-noisette"
                                                        : "fruits rouges");
    std::vector<std::string> parts = {absl::StrCat(
        "Pour ", rng_.Between(2, 6), " personnes : ", rng_.Between(2, 4),
        " barres Champs d'Or, ", rng_.Between(1, 5) * 100,
        " g de yaourt ou de lait, un fruit de saison.")};
    for (auto& s : Some(rng_, pools_.recipe_steps,
                        static_cast<int>(rng_.Between(3, 5)), flavour)) {
      parts.push_back(s);
    }
    parts.push_back(Sentence(rng_, pools_.recipe_tips, flavour));
    if (shop_links) {
      parts.push_back(
          "Mes ingrédients : https://www.epicerie-du-coin.example/miel, "
          "https://www.ferme-bio.example/yaourts et "
          "https://www.primeur.example/fruits-rouges");
    }
    recipe.body = absl::StrJoin(parts, " ");
    return recipe;
  });
}

std::string TextWriter::SocialCaption(Flavour flavour, bool disclosure_marker) {
  return Distinct([&] {
           TitledText caption;
           std::vector<std::string> parts = {
               absl::StrCat(rng_.Pick(pools_.caption_hooks), " :"),
               Sentence(rng_, pools_.caption_bodies, flavour)};
           // One or two sentences of what they found: captions are
           // otherwise short enough for two testers to write nearly the
           // same one.
           std::vector<const Pool*> pools = {&pools_.moments, &pools_.texture,
                                             &pools_.details, &pools_.people};
           rng_.Shuffle(pools);
           const int details = static_cast<int>(rng_.Between(1, 2));
           for (int i = 0; i < details; ++i) {
             parts.push_back(
                 Sentence(rng_, *pools[static_cast<size_t>(i)], flavour));
           }
           const std::string ending = rng_.Pick(pools_.caption_endings);
           if (!ending.empty()) parts.push_back(ending);
           for (auto& tag :
                Some(rng_, pools_.hashtags,
                     static_cast<int>(rng_.Between(2, 4)), flavour)) {
             parts.push_back(tag);
           }
           if (disclosure_marker)
             parts.push_back(rng_.Pick(pools_.disclosure_markers));
           caption.body = absl::StrJoin(parts, " ");
           return caption;
         })
      .body;
}

std::string TextWriter::PhotoCaption(Flavour flavour) {
  return Sentence(rng_, pools_.photo_captions, flavour);
}

TitledText TextWriter::Video(Flavour flavour) {
  return Distinct([&] {
    TitledText video;
    video.title = Sentence(rng_, pools_.video_titles, flavour);
    std::vector<std::string> parts = {
        absl::StrCat(rng_.Pick(pools_.caption_hooks), " :"),
        Sentence(rng_, pools_.caption_bodies, flavour),
        Sentence(rng_, pools_.moments, flavour)};
    for (auto& tag : Some(rng_, pools_.hashtags, 2, flavour))
      parts.push_back(tag);
    parts.push_back("#pub");
    video.body = absl::StrJoin(parts, " ");
    return video;
  });
}

std::string TextWriter::WordOfMouthNote() {
  return rng_.Pick(pools_.word_of_mouth_notes);
}

TitledText TextWriter::AbusiveReview(Flavour flavour) {
  return Distinct([&] {
    TitledText review;
    review.title = rng_.Pick(pools_.titles_bad);
    std::vector<std::string> parts = {rng_.Pick(pools_.abuse)};
    for (auto& s : Some(rng_, pools_.negatives, 2, flavour)) parts.push_back(s);
    parts.push_back(Sentence(rng_, pools_.verdicts_bad, flavour));
    review.body = absl::StrJoin(parts, " ");
    return review;
  });
}

std::string TextWriter::LinkSpam() {
  return Distinct([&] {
           TitledText spam;
           std::vector<std::string> parts = {
               absl::StrCat(rng_.Pick(pools_.spam_openers), ",", " ",
                            rng_.Pick(pools_.spam_middles), " :")};
           for (auto& domain :
                Some(rng_, pools_.spam_domains, 3, Flavour::kRedBerries)) {
             parts.push_back(absl::StrCat("https://www.", domain, "/",
                                          rng_.Between(1000, 99999)));
           }
           spam.body = absl::StrJoin(parts, " ");
           return spam;
         })
      .body;
}

}  // namespace nanoinfluence::demo
