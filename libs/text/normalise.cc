#include "libs/text/normalise.h"

#include <climits>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace nanoinfluence::text {
namespace {

using validation::InvalidField;

// Characters that reorder or hide text without being seen. The joiners
// U+200C and U+200D are not among them: emoji sequences and several scripts
// need them.
bool IsInvisibleControl(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

bool IsControl(UChar32 c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Decodes with ICU's strict rules, which refuse overlong forms, surrogates
// and values past U+10FFFF. ICU's converting constructors would instead
// replace such bytes with U+FFFD and let them through unnoticed.
bool DecodeStrictUtf8(absl::string_view utf8, icu::UnicodeString* out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
    out->append(c);
  }
  return true;
}

// Applies the line, control and invisible-character rules, one code point
// at a time.
icu::UnicodeString StripControls(const icu::UnicodeString& text,
                                 bool multiline) {
  icu::UnicodeString kept;
  const UChar32 line_break = multiline ? u'\n' : u' ';
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (c == u'\r') {
      const bool crlf = i + 1 < text.length() && text.charAt(i + 1) == u'\n';
      if (!crlf) kept.append(line_break);
    } else if (c == u'\n') {
      kept.append(line_break);
    } else if (c == u'\t') {
      kept.append(static_cast<UChar32>(u' '));
    } else if (!IsControl(c) && !IsInvisibleControl(c)) {
      kept.append(c);
    }
  }
  return kept;
}

icu::UnicodeString TrimWhiteSpace(const icu::UnicodeString& text) {
  int32_t start = 0;
  int32_t end = text.length();
  while (start < end && u_isUWhiteSpace(text.char32At(start))) {
    start = text.moveIndex32(start, 1);
  }
  while (end > start && u_isUWhiteSpace(text.char32At(end - 1))) {
    end = text.moveIndex32(end, -1);
  }
  return icu::UnicodeString(text, start, end - start);
}

absl::Status LengthError(absl::string_view field, TextRule rule) {
  return InvalidField(field, absl::StrCat("must be ", rule.min_chars, "..",
                                          rule.max_chars, " characters"));
}

// Printable ASCII, with line feeds where they are kept, is already in the
// form the rules give: no control to strip, nothing NFC changes, one code
// point a byte. Most text is; it need not go through ICU's copies.
bool IsAlreadyNormalAscii(absl::string_view value, bool multiline) {
  for (const char c : value) {
    if ((c >= 0x20 && c < 0x7F) || (c == '\n' && multiline)) continue;
    return false;
  }
  return true;
}

absl::Status CheckLength(absl::string_view field, int chars, TextRule rule) {
  if (chars == 0 && rule.min_chars > 0) return InvalidField(field, "required");
  if (chars < rule.min_chars || chars > rule.max_chars) {
    return LengthError(field, rule);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> Normalise(absl::string_view field,
                                      absl::string_view value, TextRule rule) {
  // ICU indexes with int32_t; no rule allows text anywhere near that size.
  if (value.size() > static_cast<size_t>(INT32_MAX / 2)) {
    return LengthError(field, rule);
  }
  if (IsAlreadyNormalAscii(value, rule.multiline)) {
    // Space and line feed are the only white space such text can hold.
    const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
    NANO_RETURN_IF_ERROR(
        CheckLength(field, static_cast<int>(trimmed.size()), rule));
    return std::string(trimmed);
  }
  icu::UnicodeString decoded;
  if (!DecodeStrictUtf8(value, &decoded)) {
    return InvalidField(field, "not valid UTF-8");
  }
  // Controls go before composing: a hidden character between a letter and
  // its accent would otherwise keep them apart.
  const icu::UnicodeString stripped = StripControls(decoded, rule.multiline);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC data unavailable: ", u_errorName(error)));
  }
  const icu::UnicodeString composed = nfc->normalize(stripped, error);
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat("NFC normalisation failed: ", u_errorName(error)));
  }
  const icu::UnicodeString trimmed = TrimWhiteSpace(composed);

  NANO_RETURN_IF_ERROR(CheckLength(field, trimmed.countChar32(), rule));
  std::string out;
  trimmed.toUTF8String(out);
  return out;
}

int CodePoints(absl::string_view utf8) {
  int count = 0;
  for (const char byte : utf8) {
    if ((static_cast<uint8_t>(byte) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string FoldCase(absl::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::string out;
  text.foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(out);
  return out;
}

}  // namespace nanoinfluence::text
