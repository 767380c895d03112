#include "libs/status/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace nanoinfluence {
namespace {

absl::StatusOr<int> Parse(const std::string& text) {
  if (text.empty()) return absl::InvalidArgumentError("text: empty");
  return static_cast<int>(text.size());
}

absl::StatusOr<std::unique_ptr<int>> MakeOwned(int value) {
  return std::make_unique<int>(value);
}

absl::Status Check(int value, int* calls) {
  ++*calls;
  return value > 0 ? absl::OkStatus() : absl::OutOfRangeError("value: <= 0");
}

absl::StatusOr<int> Sum(const std::string& a, const std::string& b,
                        int* calls) {
  NANO_ASSIGN_OR_RETURN(int x, Parse(a));
  NANO_ASSIGN_OR_RETURN(int y, Parse(b));
  NANO_RETURN_IF_ERROR(Check(x - y, calls));
  NANO_ASSIGN_OR_RETURN(auto owned, MakeOwned(x + y));  // move-only values
  return *owned;
}

TEST(StatusMacrosTest, PassesValuesThrough) {
  int calls = 0;
  EXPECT_EQ(Sum("abc", "a", &calls).value(), 4);
  EXPECT_EQ(calls, 1);
}

TEST(StatusMacrosTest, ReturnsTheFirstError) {
  int calls = 0;
  EXPECT_EQ(Sum("", "a", &calls).status().message(), "text: empty");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(Sum("a", "abc", &calls).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace nanoinfluence
