// The absl <-> gRPC status mapping: every code round-trips, messages survive,
// the status name printed for logs.
#include "libs/status/grpc_status.h"

#include "gtest/gtest.h"
#include "libs/status/log_detail.h"

namespace nanoinfluence {
namespace {

TEST(GrpcStatusTest, EveryCodeRoundTrips) {
  for (int code = 0; code <= 16; ++code) {
    absl::Status original(static_cast<absl::StatusCode>(code),
                          code == 0 ? "" : "field x: why");
    grpc::Status wire = ToGrpcStatus(original);
    EXPECT_EQ(static_cast<int>(wire.error_code()), code);
    EXPECT_EQ(FromGrpcStatus(wire), original);
  }
}

TEST(GrpcStatusTest, KeepsTheMessageNamingTheField) {
  grpc::Status wire =
      ToGrpcStatus(absl::InvalidArgumentError("rating: must be 1..5"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire.error_message(), "rating: must be 1..5");
}

TEST(GrpcStatusTest, SendsTheMessageButNotTheLogDetail) {
  grpc::Status wire = ToGrpcStatus(
      WithLogDetail(absl::UnavailableError("store: disk I/O error"),
                    "\"INSERT INTO outbox (id) VALUES (?)\": disk I/O error"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(wire.error_message(), "store: disk I/O error");
  EXPECT_EQ(wire.error_details(), "");
}

// A message quoting a huge value must still fit the client's limit on
// trailing metadata; the cut never splits a character.
TEST(GrpcStatusTest, CutsALongMessageBetweenCharacters) {
  const std::string quoted = "name: \"" + std::string(100'000, 'e') + "\"";
  grpc::Status wire = ToGrpcStatus(absl::InvalidArgumentError(quoted));
  EXPECT_LE(wire.error_message().size(), 1024u + 3);
  EXPECT_EQ(wire.error_message().substr(0, 8), "name: \"e");
  const std::string accents(3'000, 'x');
  grpc::Status cut = ToGrpcStatus(
      absl::InvalidArgumentError("é" + std::string(1022, 'x') + "é" + accents));
  // 2 + 1022 bytes fit; the second é would end at byte 1026: cut before it.
  EXPECT_EQ(cut.error_message(), "é" + std::string(1022, 'x') + "…");
}

TEST(GrpcStatusTest, NamesCodesForLogs) {
  EXPECT_STREQ(GrpcCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_STREQ(GrpcCodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  EXPECT_STREQ(GrpcCodeName(99), "INVALID_CODE");
  EXPECT_STREQ(GrpcCodeName(-1), "INVALID_CODE");
}

}  // namespace
}  // namespace nanoinfluence
