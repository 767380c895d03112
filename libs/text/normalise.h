// The one form every stored piece of user text takes, so that what is shown,
// counted, compared and searched is what was checked:
//
//   NANO_ASSIGN_OR_RETURN(std::string body,
//       Normalise("content.body", request.body(), {1, 5000, true}));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence::text {

// How long a text may be, in code points after normalisation.
struct TextRule {
  int min_chars = 0;
  int max_chars = 0;
  // Keeps line feeds; otherwise each becomes a space.
  bool multiline = false;
};

// Valid UTF-8 only (else INVALID_ARGUMENT "<field>: not valid UTF-8"), then:
// C0 and C1 controls removed except line feed (CR LF and a lone CR become
// LF, tab a space), bidirectional controls and invisible separators (U+200B,
// U+2060, U+FEFF) removed, joiners (U+200C, U+200D) kept, NFC, surrounding
// Unicode white space trimmed. The length is then checked against `rule`:
// "required" when empty, else "must be <min>..<max> characters".
absl::StatusOr<std::string> Normalise(absl::string_view field,
                                      absl::string_view value, TextRule rule);

// Code points in `utf8`, which must be valid UTF-8.
int CodePoints(absl::string_view utf8);

// Unicode full case folding, for case-insensitive comparison: "PUBLICITÉ"
// and "publicité" fold alike, "Straße" folds to "strasse".
std::string FoldCase(absl::string_view utf8);

}  // namespace nanoinfluence::text
