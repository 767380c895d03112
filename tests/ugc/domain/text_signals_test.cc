#include "services/ugc/domain/text_signals.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ASCII is folded without ICU (folded_text.cc): every ASCII character must
// fold, and split words, as the ICU path does, which "é" beside it forces.
TEST(FoldForMatchingTest, AsciiFoldsAsTheUnicodePathFoldsIt) {
  std::string ascii;
  for (int c = 1; c < 0x80; ++c) ascii.push_back(static_cast<char>(c));
  const std::u32string folded = FoldForMatching(ascii);
  EXPECT_EQ(FoldForMatching(ascii + "\xC3\xA9"), folded + U"\u00E9");
  std::vector<std::string> words = FoldedWords(ascii);
  EXPECT_THAT(words, ElementsAre("0123456789", "abcdefghijklmnopqrstuvwxyz",
                                 "abcdefghijklmnopqrstuvwxyz"));
  words.push_back("\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(FoldedWords(ascii + " \xC3\x89T\xC3\x89"), words);
}

TEST(CountLinksTest, CountsEachScheme) {
  EXPECT_EQ(CountLinks("see http://a.example and https://b.example"), 2);
}

TEST(CountLinksTest, IgnoresCase) {
  EXPECT_EQ(CountLinks("HTTPS://A.EXAMPLE Http://b.example WWW.c.example"), 3);
}

TEST(CountLinksTest, CountsBareWww) {
  EXPECT_EQ(CountLinks("buy at www.shop.example today"), 1);
  EXPECT_EQ(CountLinks("(www.shop.example)"), 1);
}

TEST(CountLinksTest, WwwAfterSchemeIsOneLink) {
  EXPECT_EQ(CountLinks("https://www.shop.example/x"), 1);
}

TEST(CountLinksTest, WwwInsideAWordIsNoLink) {
  EXPECT_EQ(CountLinks("awww. so cute"), 0);
  EXPECT_EQ(CountLinks("www. alone"), 0);
}

TEST(CountLinksTest, NoLinks) {
  EXPECT_EQ(CountLinks(""), 0);
  EXPECT_EQ(CountLinks("http is a protocol; so is https"), 0);
}

TEST(FindBannedWordsTest, FindsWholeWordsIgnoringCase) {
  EXPECT_THAT(FindBannedWords("This is a SCAM, total Scam.", {"scam"}),
              ElementsAre("scam"));
}

TEST(FindBannedWordsTest, NotInsideLongerWords) {
  EXPECT_THAT(
      FindBannedWords("Scampi with garlic, a scammer's dream", {"scam"}),
      IsEmpty());
}

TEST(FindBannedWordsTest, EachOnceInListOrder) {
  EXPECT_THAT(FindBannedWords("merde, shit, merde and shit again",
                              {"shit", "fuck", "merde"}),
              ElementsAre("shit", "merde"));
}

TEST(FindBannedWordsTest, AccentsAndFullFolding) {
  EXPECT_THAT(FindBannedWords("So eine SCHEISSE!", {"schei\xC3\x9F"
                                                    "e"}),
              ElementsAre("schei\xC3\x9F"
                          "e"));
  EXPECT_THAT(FindBannedWords("Quelle ARNAQU\xC3\x89", {"arnaqu\xC3\xA9"}),
              ElementsAre("arnaqu\xC3\xA9"));
}

TEST(FindBannedWordsTest, WordAfterApostrophe) {
  EXPECT_THAT(FindBannedWords("c'est de l'arnaque", {"arnaque"}),
              ElementsAre("arnaque"));
}

TEST(FindBannedWordsTest, DefaultListCatchesProfanity) {
  EXPECT_THAT(FindBannedWords("What a load of BULLSHIT", DefaultBannedWords()),
              ElementsAre("bullshit"));
  EXPECT_THAT(FindBannedWords("A lovely creamy texture", DefaultBannedWords()),
              IsEmpty());
}

TEST(DuplicateKeyTest, SameAcrossCasePunctuationSpacingAndEmoji) {
  const std::string key = DuplicateKey("Great product, I love it!");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(DuplicateKey("great   PRODUCT I love it \xF0\x9F\x98\x8D"), key);
  EXPECT_EQ(DuplicateKey("  Great... product!!! I, love; it"), key);
}

TEST(DuplicateKeyTest, DifferentForDifferentWords) {
  EXPECT_NE(DuplicateKey("Great product, I love it!"),
            DuplicateKey("Great product, I hate it!"));
  EXPECT_NE(DuplicateKey("ab c"), DuplicateKey("a bc"));
}

TEST(DuplicateKeyTest, KnownValueOfTheJoinedWords) {
  // SHA-256 of "abc".
  EXPECT_EQ(DuplicateKey("ABC!"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DuplicateKeyTest, EmptyForTextWithoutWords) {
  EXPECT_EQ(DuplicateKey(""), "");
  EXPECT_EQ(DuplicateKey(" !!! \xF0\x9F\x91\x8D "), "");
}

}  // namespace
}  // namespace nanoinfluence::ugc
