#include "services/ugc/domain/folded_text.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "libs/text/normalise.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace nanoinfluence::ugc {

namespace {

bool IsAscii(absl::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::u32string FoldForMatching(absl::string_view utf8) {
  if (IsAscii(utf8)) {
    // Folding ASCII lowers its capitals and nothing else; NFC keeps it.
    std::u32string out;
    out.reserve(utf8.size());
    for (const char c : utf8) out.push_back(absl::ascii_tolower(c));
    return out;
  }
  const std::string folded = text::FoldCase(utf8);
  icu::UnicodeString composed = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())));
  // Folding can leave text decomposed, and callers may pass text that was
  // never normalised; matching must not depend on either.
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_SUCCESS(error)) {
    icu::UnicodeString normalised = nfc->normalize(composed, error);
    if (U_SUCCESS(error)) composed = normalised;
  }
  std::u32string out;
  out.reserve(composed.length());
  for (int32_t i = 0; i < composed.length(); i = composed.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(composed.char32At(i)));
  }
  return out;
}

bool IsWordCharacter(char32_t c) {
  if (c < 0x80) return absl::ascii_isalnum(static_cast<unsigned char>(c));
  const auto cp = static_cast<UChar32>(c);
  return u_isUAlphabetic(cp) || u_isdigit(cp) ||
         (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

namespace {

std::vector<std::string> WordsOf(const std::u32string& folded) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (const char32_t c : folded) {
    if (!IsWordCharacter(c)) {
      flush();
    } else if (c < 0x80) {
      word.push_back(static_cast<char>(c));
    } else {
      char bytes[U8_MAX_LENGTH];
      int32_t length = 0;
      U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
      word.append(bytes, length);
    }
  }
  flush();
  return words;
}

}  // namespace

std::vector<std::string> FoldedWords(absl::string_view utf8) {
  return WordsOf(FoldForMatching(utf8));
}

FoldedText::FoldedText(absl::string_view utf8)
    : code_points(FoldForMatching(utf8)), words(WordsOf(code_points)) {}

}  // namespace nanoinfluence::ugc
