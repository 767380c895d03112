// The suite's peer service config (libs/suite/peer_calls.h) as a peer
// channel applies it, against a real gRPC server on loopback: idempotent
// RPCs are retried on UNAVAILABLE, others are not.
#include "libs/suite/peer_calls.h"

#include <atomic>
#include <memory>
#include <string>

#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/validate_service_config.h"
#include "gtest/gtest.h"
#include "libs/auth/peer_client.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence {
namespace {

namespace rv1 = recruitment::v1;
namespace dv1 = dispatch::v1;

class FlakyRecruitment final : public rv1::RecruitmentService::Service {
 public:
  // Fails the first attempt as a restarting peer would, then answers.
  grpc::Status ListSelectedTesters(grpc::ServerContext*,
                                   const rv1::ListSelectedTestersRequest*,
                                   rv1::ListSelectedTestersResponse*) override {
    return ++list_attempts == 1
               ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting")
               : grpc::Status::OK;
  }
  // Not idempotent: a retry could create a second campaign.
  grpc::Status CreateCampaign(grpc::ServerContext*,
                              const rv1::CreateCampaignRequest*,
                              rv1::CreateCampaignResponse*) override {
    ++create_attempts;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
  }

  std::atomic<int> list_attempts{0};
  std::atomic<int> create_attempts{0};
};

class FlakyDispatch final : public dv1::DispatchService::Service {
 public:
  grpc::Status GetProofOfReceipt(grpc::ServerContext*,
                                 const dv1::GetProofOfReceiptRequest*,
                                 dv1::ProofOfReceipt*) override {
    return ++attempts == 1
               ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting")
               : grpc::Status::OK;
  }
  // Refused for the caller's mistake: retrying cannot help.
  grpc::Status ListShipments(grpc::ServerContext*,
                             const dv1::ListShipmentsRequest*,
                             dv1::ListShipmentsResponse*) override {
    ++attempts;
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_size");
  }

  std::atomic<int> attempts{0};
};

class PeerCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&recruitment_);
    builder.RegisterService(&dispatch_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    auto peer = auth::PeerClient::Connect(
        {.address = "127.0.0.1:" + std::to_string(port),
         .tls = {},
         .tokens = testing::TestTokenSettings(),
         .caller_name = "dispatch"});
    ASSERT_TRUE(peer.ok()) << peer.status();
    peer_ = *std::move(peer);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> NewCall() {
    auto context = peer_->NewCall();
    EXPECT_TRUE(context.ok()) << context.status();
    return *std::move(context);
  }

  FlakyRecruitment recruitment_;
  FlakyDispatch dispatch_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<auth::PeerClient> peer_;
};

TEST(PeerServiceConfigTest, GrpcAcceptsIt) {
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(kPeerServiceConfig),
            "");
}

TEST_F(PeerCallsTest, AnIdempotentReadIsRetriedAfterUnavailable) {
  rv1::ListSelectedTestersResponse response;
  const grpc::Status status =
      rv1::RecruitmentService::NewStub(peer_->channel())
          ->ListSelectedTesters(NewCall().get(), {}, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(recruitment_.list_attempts, 2);
}

TEST_F(PeerCallsTest, AWriteThatIsNotIdempotentIsNeverRetried) {
  rv1::CreateCampaignResponse response;
  const grpc::Status status =
      rv1::RecruitmentService::NewStub(peer_->channel())
          ->CreateCampaign(NewCall().get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(recruitment_.create_attempts, 1);
}

TEST_F(PeerCallsTest, AProofOfReceiptIsAskedAgainAfterUnavailable) {
  dv1::ProofOfReceipt proof;
  const grpc::Status status =
      dv1::DispatchService::NewStub(peer_->channel())
          ->GetProofOfReceipt(NewCall().get(), {}, &proof);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dispatch_.attempts, 2);
}

TEST_F(PeerCallsTest, OnlyUnavailableIsRetried) {
  dv1::ListShipmentsResponse response;
  const grpc::Status status =
      dv1::DispatchService::NewStub(peer_->channel())
          ->ListShipments(NewCall().get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(dispatch_.attempts, 1);
}

}  // namespace
}  // namespace nanoinfluence
