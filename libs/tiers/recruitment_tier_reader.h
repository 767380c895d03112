// The tier reader of every service but recruitment: the shared Redis cache,
// then recruitment over gRPC as the source of truth. It owns the client, the
// source and the reader, so each outlives what uses it.
//
//   NANO_ASSIGN_OR_RETURN(auto recruitment,
//   context.ConnectPeer("recruitment")); RecruitmentTierReader
//   tiers(std::move(recruitment), context.redis);
//   tiers.reader().Get(ambassador_id);
#pragma once

#include <memory>

#include "libs/auth/peer_client.h"
#include "libs/redis/redis_pool.h"
#include "libs/tiers/tier_reader.h"
#include "libs/tiers/tier_source.h"

namespace nanoinfluence::tiers {

class RecruitmentTierReader {
 public:
  RecruitmentTierReader(std::unique_ptr<auth::PeerClient> recruitment,
                        const redis::RedisOptions& redis)
      : recruitment_(std::move(recruitment)),
        source_(*recruitment_),
        reader_(OptionsFor(redis), source_) {}

  TierReader& reader() { return reader_; }

 private:
  static TierReaderOptions OptionsFor(const redis::RedisOptions& redis) {
    TierReaderOptions options;
    options.redis = redis;
    return options;
  }

  const std::unique_ptr<auth::PeerClient> recruitment_;
  RecruitmentTierSource source_;
  TierReader reader_;
};

}  // namespace nanoinfluence::tiers
