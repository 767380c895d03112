#include "services/ugc/peers.h"

#include "libs/suite/peer_calls.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"

namespace nanoinfluence::ugc {

Delivery DispatchReceiptCheck::Check(const std::string& campaign_id,
                                     const std::string& ambassador_id) {
  auto context = dispatch_->NewCall(kProofOfReceiptDeadline);
  if (!context.ok()) return Delivery::kUnknown;
  dispatch::v1::GetProofOfReceiptRequest request;
  request.set_campaign_id(campaign_id);
  request.set_ambassador_id(ambassador_id);
  dispatch::v1::ProofOfReceipt proof;
  const grpc::Status status =
      dispatch::v1::DispatchService::NewStub(dispatch_->channel())
          ->GetProofOfReceipt(context->get(), request, &proof);
  if (!status.ok()) return Delivery::kUnknown;
  return proof.received() ? Delivery::kDelivered : Delivery::kNotDelivered;
}

std::optional<common::v1::TierRecord> CachedAuthorTiers::Get(
    const std::string& ambassador_id) {
  absl::StatusOr<common::v1::TierRecord> record = reader_.Get(ambassador_id);
  if (!record.ok()) return std::nullopt;
  return *record;
}

}  // namespace nanoinfluence::ugc
