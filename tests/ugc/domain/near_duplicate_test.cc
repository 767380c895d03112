#include "services/ugc/domain/near_duplicate.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::ugc {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kReview[] =
    "I received this hydrating face cream three weeks ago and have used it "
    "every morning and evening since. The texture is light and absorbs "
    "quickly without leaving a greasy film, which matters to me because my "
    "skin is combination and tends to shine by noon. The scent is subtle, a "
    "little floral, and fades after a few minutes. After the first week the "
    "dry patches around my nose were gone, and by the third week my "
    "foundation went on more smoothly. The jar is heavy glass and looks "
    "lovely on the shelf, though a pump would be more hygienic. I would buy "
    "it again at this price and have already recommended it to my sister.";

constexpr char kOtherReview[] =
    "The blender arrived in a sturdy box with every part wrapped separately. "
    "Assembly took two minutes and the manual is clear. I made smoothies "
    "with frozen mango, spinach and oat milk on the first day, and the "
    "result was perfectly smooth with no leafy bits left. Crushing ice is "
    "loud but fast. Cleaning is easy: a drop of soap, warm water, and the "
    "pulse button do most of the work. My only complaint is the short power "
    "cord, which forces me to keep it right next to the socket on the "
    "counter. Overall a solid machine for a small kitchen and a busy family.";

bool ShareABandKey(const Signature& a, const Signature& b) {
  const std::vector<int64_t> keys_a = BandKeys(a);
  const std::vector<int64_t> keys_b = BandKeys(b);
  for (size_t i = 0; i < keys_a.size() && i < keys_b.size(); ++i) {
    if (keys_a[i] == keys_b[i]) return true;
  }
  return false;
}

TEST(SketchTest, HasOneValuePerHashFunction) {
  EXPECT_EQ(Sketch(kReview).size(), static_cast<size_t>(kMinHashes));
  EXPECT_EQ(BandKeys(Sketch(kReview)).size(), static_cast<size_t>(kBands));
}

TEST(SketchTest, TwoWordsChangedIsANearDuplicate) {
  const std::string edited = absl::StrReplaceAll(
      kReview, {{"sister", "mother"}, {"heavy glass", "thick glass"}});
  ASSERT_NE(edited, kReview);
  const Signature original = Sketch(kReview);
  const Signature copy = Sketch(edited);
  EXPECT_GE(Similarity(original, copy), kNearDuplicateSimilarity);
  EXPECT_TRUE(ShareABandKey(original, copy));
}

TEST(SketchTest, UnrelatedReviewsAreFarApart) {
  const Signature a = Sketch(kReview);
  const Signature b = Sketch(kOtherReview);
  EXPECT_LT(Similarity(a, b), 0.3);
  EXPECT_FALSE(ShareABandKey(a, b));
}

TEST(SketchTest, IgnoresCaseAndPunctuation) {
  const std::string shouted =
      absl::StrReplaceAll(absl::AsciiStrToUpper(kReview), {{",", " ;"}});
  EXPECT_EQ(Sketch(shouted), Sketch(kReview));
}

TEST(SketchTest, ShortTextHasNoSignature) {
  EXPECT_THAT(Sketch("Great cream, love it, would buy"), IsEmpty());
  EXPECT_THAT(Sketch(""), IsEmpty());
  EXPECT_THAT(BandKeys(Sketch("Great cream")), IsEmpty());
}

TEST(SketchTest, EightWordsAreEnough) {
  EXPECT_EQ(Sketch("one two three four five six seven eight").size(),
            static_cast<size_t>(kMinHashes));
}

// Signatures and band keys are stored: a change of hashing would silently
// stop old content from matching new. (A change of the band scheme comes
// with a migration that has the stored content re-banded, as 0005 does.)
TEST(SketchTest, StableAcrossRunsAndMachines) {
  const Signature signature = Sketch("one two three four five six seven eight");
  ASSERT_EQ(signature.size(), static_cast<size_t>(kMinHashes));
  EXPECT_THAT(std::vector<uint32_t>(signature.begin(), signature.begin() + 4),
              ElementsAre(493029963u, 925580211u, 1648974884u, 308148009u));
  EXPECT_EQ(BandKeys(signature).front(), int64_t{4604227285921336111});
}

// The banding's promise (near_duplicate.h), over signatures that agree at
// each position with the probability s, as MinHash values of texts of
// Jaccard similarity s do: found at s = 0.8 in about 98.7% of pairs,
// unrelated ones almost never.
double SharedBandRate(double s) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<uint32_t> value;
  std::bernoulli_distribution agree(s);
  int shared = 0;
  constexpr int kPairs = 20'000;
  for (int pair = 0; pair < kPairs; ++pair) {
    Signature a(kMinHashes), b(kMinHashes);
    for (int i = 0; i < kMinHashes; ++i) {
      a[i] = value(random);
      b[i] = agree(random) ? a[i] : value(random);
    }
    shared += ShareABandKey(a, b);
  }
  return static_cast<double>(shared) / kPairs;
}

TEST(BandKeysTest, FindMostPairsAtTheThresholdAndFewUnrelated) {
  EXPECT_GT(SharedBandRate(kNearDuplicateSimilarity), 0.98);
  EXPECT_GT(SharedBandRate(0.9), 0.999);
  EXPECT_LT(SharedBandRate(0.05), 0.002);
}

TEST(SimilarityTest, ZeroForEmptyOrMismatchedSignatures) {
  const Signature a = Sketch(kReview);
  EXPECT_EQ(Similarity(a, {}), 0);
  EXPECT_EQ(Similarity({}, {}), 0);
  EXPECT_EQ(Similarity(a, Signature(a.begin(), a.begin() + 10)), 0);
  EXPECT_EQ(Similarity(a, a), 1);
}

TEST(SignatureEncodingTest, RoundTrips) {
  const Signature signature = Sketch(kReview);
  const std::string bytes = EncodeSignature(signature);
  EXPECT_EQ(bytes.size(), 4u * kMinHashes);
  EXPECT_EQ(DecodeSignature(bytes), signature);
}

TEST(SignatureEncodingTest, LittleEndian) {
  EXPECT_EQ(EncodeSignature({0x04030201u, 0xA0B0C0D0u}),
            std::string("\x01\x02\x03\x04\xD0\xC0\xB0\xA0", 8));
  EXPECT_THAT(DecodeSignature(std::string("\x01\x02\x03\x04", 4)),
              ElementsAre(0x04030201u));
}

TEST(SignatureEncodingTest, RejectsPartialValues) {
  EXPECT_THAT(DecodeSignature("abcde"), IsEmpty());
  EXPECT_THAT(DecodeSignature(""), IsEmpty());
}

}  // namespace
}  // namespace nanoinfluence::ugc
