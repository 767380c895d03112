#include "services/ugc/domain/disclosure.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace nanoinfluence::ugc {
namespace {

bool Discloses(absl::string_view text) {
  return HasDisclosureMarker(text, DefaultDisclosureMarkers());
}

TEST(DisclosureTest, EnglishHashtags) {
  EXPECT_TRUE(Discloses("Loving this serum #ad"));
  EXPECT_TRUE(Discloses("#gifted by the brand, thoughts are mine"));
  EXPECT_TRUE(Discloses("Thanks! #PaidPartnership"));
  EXPECT_TRUE(Discloses("#sponsored"));
}

TEST(DisclosureTest, HashtagIgnoresCase) {
  EXPECT_TRUE(Discloses("Great shampoo #AD"));
  EXPECT_TRUE(Discloses("Great shampoo #Ad"));
}

TEST(DisclosureTest, HashtagFollowedByPunctuation) {
  EXPECT_TRUE(Discloses("Great shampoo #ad."));
  EXPECT_TRUE(Discloses("Great shampoo #AD, really"));
  EXPECT_TRUE(Discloses("Great shampoo (#ad)"));
}

TEST(DisclosureTest, HashtagInTheMiddleOfText) {
  EXPECT_TRUE(Discloses("I tried it for a week #ad and my hair is softer"));
}

TEST(DisclosureTest, HashtagMustNotContinue) {
  EXPECT_FALSE(Discloses("Such an #adorable bottle"));
  EXPECT_FALSE(Discloses("Going on an #adventure"));
  EXPECT_FALSE(Discloses("#ad_campaign_ideas"));
  EXPECT_FALSE(Discloses("#ad2024"));
}

TEST(DisclosureTest, HashtagMustNotContinueWithAnAccentedLetter) {
  EXPECT_FALSE(
      HasDisclosureMarker("#publicit\xC3\xA9\xC3\xA9", {"#publicit\xC3\xA9"}));
  EXPECT_TRUE(HasDisclosureMarker("#publicit\xC3\xA9!", {"#publicit\xC3\xA9"}));
}

TEST(DisclosureTest, LongerHashtagIsItsOwnMarker) {
  EXPECT_FALSE(HasDisclosureMarker("so good #ads", {"#ad"}));
  EXPECT_TRUE(HasDisclosureMarker("so good #ads", {"#ad", "#ads"}));
}

TEST(DisclosureTest, WordWithoutHashIsNotAHashtag) {
  EXPECT_FALSE(HasDisclosureMarker("an ad for nothing", {"#ad"}));
}

TEST(DisclosureTest, FrenchWithAndWithoutAccents) {
  EXPECT_TRUE(Discloses("Super cr\xC3\xA8me #publicit\xC3\xA9"));
  EXPECT_TRUE(Discloses("Super cr\xC3\xA8me #PUBLICIT\xC3\x89"));
  EXPECT_TRUE(Discloses("Super creme #publicite"));
  EXPECT_TRUE(Discloses("Merci #sponsoris\xC3\xA9"));
  EXPECT_TRUE(Discloses("#pub : un parfum tr\xC3\xA8s doux"));
  EXPECT_TRUE(Discloses("Produit offert par la marque"));
  EXPECT_TRUE(Discloses("Partenariat r\xC3\xA9mun\xC3\xA9r\xC3\xA9 avec X"));
}

TEST(DisclosureTest, FrenchDecomposedAccentMatches) {
  EXPECT_TRUE(Discloses("Super cr\xC3\xA8me #publicite\xCC\x81"));
}

TEST(DisclosureTest, PhraseWhiteSpaceMatchesAnyRun) {
  EXPECT_TRUE(Discloses("Collaboration  commerciale avec la marque"));
  EXPECT_TRUE(Discloses("En collaboration\ncommerciale"));
  EXPECT_TRUE(Discloses("In paid \t partnership with"));
}

TEST(DisclosureTest, PhraseNeedsItsWhiteSpace) {
  EXPECT_FALSE(HasDisclosureMarker("collaborationcommerciale",
                                   {"collaboration commerciale"}));
}

TEST(DisclosureTest, German) {
  EXPECT_TRUE(Discloses("Tolles Produkt #Werbung"));
  EXPECT_TRUE(Discloses("Anzeige: Ich teste diese Creme"));
  EXPECT_TRUE(Discloses("unbezahlte WERBUNG wegen Markennennung"));
}

TEST(DisclosureTest, PhraseNotInsideALongerWord) {
  EXPECT_FALSE(Discloses("Keine Anzeigen hier, nur meine Meinung"));
  EXPECT_FALSE(Discloses("Die Werbungskosten sind hoch"));
  EXPECT_FALSE(HasDisclosureMarker("presponsored by", {"sponsored by"}));
}

TEST(DisclosureTest, Spanish) {
  EXPECT_TRUE(Discloses("Me encanta #publicidad"));
  EXPECT_TRUE(Discloses("Gracias #Colaboraci\xC3\xB3n"));
  EXPECT_TRUE(Discloses("Producto #patrocinado"));
}

TEST(DisclosureTest, Italian) {
  EXPECT_TRUE(Discloses("Buonissimo #pubblicit\xC3\xA0"));
  EXPECT_TRUE(Discloses("Buonissimo #ADV"));
  EXPECT_TRUE(Discloses("Buonissimo #sponsorizzato"));
}

TEST(DisclosureTest, EnglishPhrases) {
  EXPECT_TRUE(Discloses("This post is sponsored by Acme."));
  EXPECT_TRUE(Discloses("Gifted by Acme, opinions my own"));
}

TEST(DisclosureTest, NoMarker) {
  EXPECT_FALSE(Discloses("I bought this myself and love it"));
  EXPECT_FALSE(Discloses(""));
  EXPECT_FALSE(HasDisclosureMarker("#ad", {}));
}

}  // namespace
}  // namespace nanoinfluence::ugc
