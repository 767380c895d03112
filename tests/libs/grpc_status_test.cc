// The absl <-> gRPC status mapping: every code round-trips, messages survive,
// the status name printed for logs.
#include "libs/status/grpc_status.h"

#include "gtest/gtest.h"

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

TEST(GrpcStatusTest, NamesCodesForLogs) {
  EXPECT_STREQ(GrpcCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_STREQ(GrpcCodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  EXPECT_STREQ(GrpcCodeName(99), "INVALID_CODE");
  EXPECT_STREQ(GrpcCodeName(-1), "INVALID_CODE");
}

}  // namespace
}  // namespace nanoinfluence
