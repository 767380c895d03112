// The sentences the demo's testers write with, in French like the
// campaign: pools per part of a review, a recipe, a caption, and the spam.
// In a sentence, {F} is the flavour's name, {N} a small number and {D} a
// number of days (TextWriter fills them).
#pragma once

#include <string>
#include <vector>

namespace nanoinfluence::demo {

using Pool = std::vector<std::string>;

struct TextPools {
  Pool openers;
  Pool cacao_taste;
  Pool berry_taste;
  Pool texture;
  Pool moments;
  Pool people;
  Pool details;
  Pool cons;
  Pool negatives;
  Pool verdicts_good;
  Pool verdicts_mixed;
  Pool verdicts_bad;
  Pool titles_good;
  Pool titles_mixed;
  Pool titles_bad;
  Pool recipe_dishes;
  Pool recipe_steps;
  Pool recipe_tips;
  Pool caption_hooks;
  Pool caption_bodies;
  Pool caption_endings;
  Pool hashtags;
  Pool disclosure_markers;
  Pool photo_captions;
  Pool word_of_mouth_notes;
  Pool video_titles;
  Pool abuse;
  Pool spam_openers;
  Pool spam_middles;
  Pool spam_domains;
};

// The pools, built once.
const TextPools& FrenchPools();

}  // namespace nanoinfluence::demo
