#include "libs/text/normalise.h"

#include <random>
#include <string>

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::text {
namespace {

using ::testing::HasSubstr;

constexpr TextRule kBody{0, 1000, true};
constexpr TextRule kTitle{0, 1000, false};

std::string NormalisedBody(absl::string_view value) {
  absl::StatusOr<std::string> result = Normalise("body", value, kBody);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : "";
}

void ExpectInvalidUtf8(absl::string_view value) {
  const absl::StatusOr<std::string> result =
      Normalise("content.body", value, kBody);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "content.body: not valid UTF-8");
}

TEST(NormaliseTest, ComposesToNfc) {
  EXPECT_EQ(NormalisedBody("caf"
                           "e\xCC\x81"),
            "caf\xC3\xA9");
}

TEST(NormaliseTest, ComposesAcrossAStrippedInvisibleCharacter) {
  EXPECT_EQ(NormalisedBody("e\xE2\x80\x8B\xCC\x81"), "\xC3\xA9");
}

TEST(NormaliseTest, CrLfAndLoneCrBecomeLineFeeds) {
  EXPECT_EQ(NormalisedBody("one\r\ntwo\rthree\nfour"), "one\ntwo\nthree\nfour");
}

TEST(NormaliseTest, TabBecomesASpace) {
  EXPECT_EQ(NormalisedBody("a\tb"), "a b");
}

TEST(NormaliseTest, StripsNulAndOtherControls) {
  EXPECT_EQ(NormalisedBody(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(NormalisedBody("a\x07\x1B\x7F"
                           "b"),
            "ab");
  EXPECT_EQ(NormalisedBody("a\xC2\x85\xC2\x9F"
                           "b"),
            "ab");  // C1
}

TEST(NormaliseTest, StripsBidiControlsAndInvisibleSeparators) {
  EXPECT_EQ(NormalisedBody("a\xE2\x80\xAE"
                           "b"),
            "ab");  // U+202E
  EXPECT_EQ(NormalisedBody("a\xE2\x80\xAA"
                           "b"),
            "ab");  // U+202A
  EXPECT_EQ(NormalisedBody("a\xE2\x81\xA6"
                           "b"),
            "ab");  // U+2066
  EXPECT_EQ(NormalisedBody("a\xE2\x81\xA9"
                           "b"),
            "ab");  // U+2069
  EXPECT_EQ(NormalisedBody("a\xE2\x80\x8B"
                           "b"),
            "ab");  // U+200B
  EXPECT_EQ(NormalisedBody("a\xE2\x81\xA0"
                           "b"),
            "ab");  // U+2060
  EXPECT_EQ(NormalisedBody("\xEF\xBB\xBF"
                           "ab"),
            "ab");  // U+FEFF
}

TEST(NormaliseTest, KeepsJoinersOfEmojiSequences) {
  // Woman, ZWJ, laptop: one emoji only with the joiner.
  const std::string technologist =
      "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";
  EXPECT_EQ(NormalisedBody(technologist), technologist);
  const std::string zwnj =
      "a\xE2\x80\x8C"
      "b";
  EXPECT_EQ(NormalisedBody(zwnj), zwnj);
}

TEST(NormaliseTest, TrimsUnicodeWhiteSpace) {
  // No-break space, em space, ideographic space, line feed.
  EXPECT_EQ(NormalisedBody("\xC2\xA0\xE2\x80\x83 \n text \xE3\x80\x80\n"),
            "text");
}

TEST(NormaliseTest, KeepsInnerWhiteSpace) {
  EXPECT_EQ(NormalisedBody("a  b\n\nc"), "a  b\n\nc");
}

TEST(NormaliseTest, SingleLineTurnsLineBreaksIntoSpaces) {
  absl::StatusOr<std::string> result =
      Normalise("title", "one\ntwo\r\nthree\r", kTitle);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "one two three");
}

TEST(NormaliseTest, RejectsOverlongEncoding) { ExpectInvalidUtf8("\xC0\xAF"); }

TEST(NormaliseTest, RejectsLoneContinuationByte) {
  ExpectInvalidUtf8(
      "ab\x80"
      "c");
}

TEST(NormaliseTest, RejectsEncodedSurrogate) {
  ExpectInvalidUtf8("\xED\xA0\x80");
}

TEST(NormaliseTest, RejectsTruncatedSequence) {
  ExpectInvalidUtf8("caf\xC3");
  ExpectInvalidUtf8("\xE2\x82");
}

TEST(NormaliseTest, RejectsCodePointBeyondUnicode) {
  ExpectInvalidUtf8("\xF4\x90\x80\x80");
  ExpectInvalidUtf8("\xFF");
}

TEST(NormaliseTest, AcceptsMaxCodePointsOfMultiByteCharacters) {
  // Five characters, fifteen bytes.
  absl::StatusOr<std::string> result =
      Normalise("title",
                "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
                "\xE2\x82\xAC",
                {1, 5, false});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(CodePoints(*result), 5);
}

TEST(NormaliseTest, RejectsOneCodePointOverMax) {
  const absl::StatusOr<std::string> result =
      Normalise("title", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
                {1, 5, false});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "title: must be 1..5 characters");
}

TEST(NormaliseTest, CountsLengthAfterComposing) {
  // Five decomposed letters are ten code points before NFC.
  const std::string decomposed =
      "e\xCC\x81"
      "e\xCC\x81"
      "e\xCC\x81"
      "e\xCC\x81"
      "e\xCC\x81";
  EXPECT_TRUE(Normalise("title", decomposed, {1, 5, false}).ok());
}

TEST(NormaliseTest, RejectsBelowMin) {
  const absl::StatusOr<std::string> result =
      Normalise("body", "  short  ", {10, 200, true});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "body: must be 10..200 characters");
}

TEST(NormaliseTest, RequiredWhenEmptyAfterStripping) {
  const absl::StatusOr<std::string> result =
      Normalise("title", " \xE2\x80\x8B\t\xEF\xBB\xBF\r\n ", {1, 100, false});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "title: required");
}

TEST(NormaliseTest, OptionalMayBeEmpty) {
  absl::StatusOr<std::string> result = Normalise("caption", "  ", {0, 100});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "");
}

// Printable ASCII skips ICU (normalise.cc): random such texts must come out
// as the ICU path gives them, which a non-ASCII letter at each end forces.
TEST(NormaliseTest, PrintableAsciiComesOutAsTheUnicodePathGivesIt) {
  std::mt19937 random(11);
  std::uniform_int_distribution<int> byte(0x1F, 0x7E);  // 0x1F: a line feed
  constexpr absl::string_view kE = "\xC3\xA9";          // é
  for (int i = 0; i < 2'000; ++i) {
    std::string text(random() % 40, ' ');
    for (char& c : text) c = static_cast<char>(byte(random));
    absl::c_replace(text, '\x1F', '\n');
    EXPECT_EQ(NormalisedBody(text), absl::StripAsciiWhitespace(text));
    const std::string wrapped = absl::StrCat(kE, text, kE);
    EXPECT_EQ(NormalisedBody(wrapped), wrapped);
    // One line: the ICU path's spaces for line feeds, then its trimming.
    std::string line = text;
    absl::c_replace(line, '\n', ' ');
    absl::StatusOr<std::string> single = Normalise("title", text, kTitle);
    ASSERT_TRUE(single.ok()) << single.status();
    EXPECT_EQ(*single, absl::StripAsciiWhitespace(line));
  }
}

TEST(NormaliseTest, CountsAsciiLengthAfterTrimming) {
  EXPECT_TRUE(Normalise("title", "  abcde \n", {1, 5, true}).ok());
  EXPECT_EQ(Normalise("title", "abcdef", {1, 5}).status().message(),
            "title: must be 1..5 characters");
  EXPECT_EQ(Normalise("title", " \n ", {1, 5, true}).status().message(),
            "title: required");
}

TEST(CodePointsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CodePoints(""), 0);
  EXPECT_EQ(CodePoints("abc"), 3);
  EXPECT_EQ(CodePoints("\xC3\xA9t\xC3\xA9"), 3);
  EXPECT_EQ(CodePoints("\xF0\x9F\x91\x8D"), 1);
}

TEST(FoldCaseTest, FoldsAccentedCapitals) {
  EXPECT_EQ(FoldCase("PUBLICIT\xC3\x89"), "publicit\xC3\xA9");
  EXPECT_EQ(FoldCase("publicit\xC3\xA9"), "publicit\xC3\xA9");
}

TEST(FoldCaseTest, FoldsFully) {
  EXPECT_EQ(FoldCase("Stra\xC3\x9F"
                     "e"),
            "strasse");
  EXPECT_EQ(FoldCase("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91"),
            "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1");  // ΣΟΦΙΑ
}

TEST(FoldCaseTest, LeavesNonLettersAlone) {
  EXPECT_EQ(FoldCase("#AD 123 \xF0\x9F\x91\x8D"), "#ad 123 \xF0\x9F\x91\x8D");
}

}  // namespace
}  // namespace nanoinfluence::text
