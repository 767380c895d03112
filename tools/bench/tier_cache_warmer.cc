#include "tools/bench/tier_cache_warmer.h"

#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"
#include "libs/redis/redis_pool.h"
#include "libs/sql/sqlite_database.h"
#include "libs/status/status_macros.h"
#include "libs/tiers/tier_cache.h"

namespace nanoinfluence::bench {

absl::Status WarmTierCache(const std::string& recruitment_database,
                           int redis_port) {
  NANO_ASSIGN_OR_RETURN(auto db,
                        sql::OpenSqlite({.path = recruitment_database}));
  redis::RedisOptions options;
  options.port = redis_port;
  options.io_timeout = absl::Seconds(5);
  redis::RedisPool redis(options);
  tiers::TierCacheWriter cache(redis);
  std::vector<common::v1::TierRecord> batch;
  absl::Status written = absl::OkStatus();
  const auto flush = [&] {
    if (written.ok() && !batch.empty()) written = cache.PutMany(batch);
    batch.clear();
  };
  NANO_RETURN_IF_ERROR(
      db->Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        return tx.QueryEach(
            "SELECT ambassador_id, tier, audience, tier_version, "
            "tier_computed_at FROM ambassadors",
            {}, [&](const sql::Row& row) {
              common::v1::TierRecord& record = batch.emplace_back();
              record.set_ambassador_id(row.Text(0));
              record.set_tier(static_cast<common::v1::Tier>(row.Int(1)));
              record.set_audience(row.Int(2));
              record.set_version(row.Int(3));
              *record.mutable_computed_at() =
                  google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
                      row.Int(4));
              if (batch.size() == 1000) flush();
            });
      }));
  flush();
  return written;
}

}  // namespace nanoinfluence::bench
