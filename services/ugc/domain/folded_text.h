// Text as the matching rules see it: case folded and composed, so that
// "PUBLICITÉ", "publicité" and "publicite\u0301" compare equal.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence::ugc {

// The code points of `utf8` after full case folding and NFC.
std::u32string FoldForMatching(absl::string_view utf8);

// Letters, digits and the combining marks that belong to them: what words
// are made of. Punctuation, white space, symbols and emoji separate words.
bool IsWordCharacter(char32_t c);

// The words of `utf8`, folded, in order, as UTF-8.
std::vector<std::string> FoldedWords(absl::string_view utf8);

// A text folded once for every rule that reads it (a submission is read by
// four: disclosure, banned words, copies, near copies).
struct FoldedText {
  explicit FoldedText(absl::string_view utf8);
  std::u32string code_points;      // FoldForMatching(utf8)
  std::vector<std::string> words;  // FoldedWords(utf8)
};

}  // namespace nanoinfluence::ugc
