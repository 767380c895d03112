// Signals in content text that the moderation rules weigh: links, banned
// words, and a key that finds copies of the same text.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {

// Links in `text`: each "http://" or "https://", and each bare "www." that
// starts a word, ignoring case. "https://www.example.com" is one link.
int CountLinks(absl::string_view text);

// Offensive words, a starting list for FindBannedWords.
const std::vector<std::string>& DefaultBannedWords();

// The entries of `banned` that `text` holds as whole words, ignoring case,
// each once, in the order of `banned`. An entry of several words matches
// them in a row. "scam" is not found in "scampi".
std::vector<std::string> FindBannedWords(
    absl::string_view text, const std::vector<std::string>& banned);

// The same rule with the entries folded once, for a service that checks
// every submission against the same list.
class BannedWords {
 public:
  explicit BannedWords(std::vector<std::string> entries);
  std::vector<std::string> FoundIn(const FoldedText& text) const;

 private:
  std::vector<std::string> entries_;
  std::vector<std::vector<std::string>> phrases_;  // entries_, folded
};

// The same 64 lower-case hex digits for texts whose words are the same,
// whatever their case, punctuation, spacing, symbols and emoji; empty when
// the text has no letter or digit.
std::string DuplicateKey(absl::string_view text);
std::string DuplicateKey(const FoldedText& text);

}  // namespace nanoinfluence::ugc
