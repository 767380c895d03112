// P1-P4 of QUALITY.md against a real redis-server (tools/bench/tiers.sh
// starts one): tier lookups through libs/tiers compared with raw hiredis
// calls measured in the same run.
//
//   tier_bench --redis_port=N [--quick]
// Prints the figures, then one JSON object on the last line.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/redis/redis_pool.h"
#include "libs/tiers/tier_cache.h"
#include "libs/tiers/tier_reader.h"
#include "libs/tiers/tier_rule.h"

ABSL_FLAG(int, redis_port, 6379, "port of the redis-server to use");
ABSL_FLAG(bool, quick, false, "reduced sizes, for a smoke check");

namespace nanoinfluence::tiers {
namespace {

// The source is never needed: every record is in Redis before measuring.
class NoSource : public TierSource {
 public:
  absl::StatusOr<common::v1::TierRecord> Get(const std::string&) override {
    return absl::UnavailableError("benchmark: no source");
  }
  absl::StatusOr<std::vector<common::v1::TierRecord>> GetMany(
      const std::vector<std::string>&) override {
    return absl::UnavailableError("benchmark: no source");
  }
};

double Percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<size_t>(p * (samples.size() - 1))];
}

// Microseconds per call of `call`, one sample per call.
std::vector<double> Sample(int calls, const std::function<void(int)>& call) {
  std::vector<double> samples;
  samples.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    const absl::Time start = absl::Now();
    call(i);
    samples.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
  }
  return samples;
}

std::string Id(int i) { return absl::StrCat("bench-", i); }

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  const int ids = quick ? 2'000 : 20'000;
  const int lookups = quick ? 5'000 : 50'000;
  const int changes = quick ? 100 : 1'000;
  const int batches = quick ? 20 : 200;

  redis::RedisOptions options;
  options.port = absl::GetFlag(FLAGS_redis_port);
  redis::RedisPool pool(options);
  TierCacheWriter writer(pool);
  std::vector<common::v1::TierRecord> records;
  for (int i = 0; i < ids; ++i) {
    common::v1::TierRecord& record = records.emplace_back();
    record.set_ambassador_id(Id(i));
    record.set_audience(i * 7);
    record.set_tier(TierForAudience(i * 7));
    record.set_version(1);
  }
  for (size_t start = 0; start < records.size(); start += 1000) {
    std::vector<common::v1::TierRecord> chunk(
        records.begin() + start,
        records.begin() + std::min(records.size(), start + 1000));
    if (!writer.PutMany(chunk).ok()) {
      std::fprintf(stderr, "cannot fill redis on port %d\n", options.port);
      return 1;
    }
  }

  // Reference: raw hiredis GET on one connection, and pipelined GETs.
  redisContext* raw = redisConnect("127.0.0.1", options.port);
  const std::vector<double> raw_get = Sample(lookups, [&](int i) {
    const std::string key = TierCacheKey(Id(i % ids));
    freeReplyObject(redisCommand(raw, "GET %b", key.data(), key.size()));
  });
  const absl::Time pipelined_start = absl::Now();
  for (int b = 0; b < batches; ++b) {
    for (int i = 0; i < 1000; ++i) {
      const std::string key = TierCacheKey(Id((b * 1000 + i) % ids));
      redisAppendCommand(raw, "GET %b", key.data(), key.size());
    }
    for (int i = 0; i < 1000; ++i) {
      void* reply = nullptr;
      redisGetReply(raw, &reply);
      freeReplyObject(reply);
    }
  }
  const double pipelined_per_s =
      batches * 1000.0 / absl::ToDoubleSeconds(absl::Now() - pipelined_start);

  NoSource source;
  TierReaderOptions cold_options;
  cold_options.redis = options;
  cold_options.near_cache_entries = 0;
  TierReader cold(cold_options, source);
  const std::vector<double> cold_get =
      Sample(lookups, [&](int i) { (void)cold.Get(Id(i % ids)); });
  const absl::Time batch_start = absl::Now();
  for (int b = 0; b < batches; ++b) {
    std::vector<std::string> batch;
    for (int i = 0; i < 1000; ++i) batch.push_back(Id((b * 1000 + i) % ids));
    (void)cold.GetMany(batch);
  }
  const double batch_per_s =
      batches * 1000.0 / absl::ToDoubleSeconds(absl::Now() - batch_start);

  TierReaderOptions warm_options;
  warm_options.redis = options;
  TierReader warm(warm_options, source);
  while (!warm.near_cache_live()) absl::SleepFor(absl::Milliseconds(5));
  for (int i = 0; i < 1000; ++i) (void)warm.Get(Id(i));
  // Near-cache lookups are faster than the clock's resolution: time them
  // 100 at a time.
  std::vector<double> warm_get = Sample(lookups / 100, [&](int n) {
    for (int i = 0; i < 100; ++i) (void)warm.Get(Id((n * 100 + i) % 1000));
  });
  for (double& sample : warm_get) sample /= 100;

  // A change, then the first read by another reader that sees it.
  std::vector<double> visible;
  for (int n = 0; n < changes; ++n) {
    common::v1::TierRecord record = records[n % 1000];
    record.set_version(2 + n);
    (void)warm.Get(record.ambassador_id());  // cached at the old version
    const absl::Time written = absl::Now();
    (void)writer.Put(record);
    // Polled every 20 us, up to a second (the TTL bound is far longer).
    while (absl::Now() - written < absl::Seconds(1)) {
      auto seen = warm.Get(record.ambassador_id());
      if (seen.ok() && seen->version() == record.version()) break;
      absl::SleepFor(absl::Microseconds(20));
    }
    visible.push_back(absl::ToDoubleMilliseconds(absl::Now() - written));
  }
  redisFree(raw);

  const double raw_p50 = Percentile(raw_get, 0.5);
  const double cold_p50 = Percentile(cold_get, 0.5);
  const double warm_p50 = Percentile(warm_get, 0.5);
  const double invalidation_p99 = Percentile(visible, 0.99);
  std::printf("raw GET p50 %.1f us; cold lookup p50 %.1f us; warm %.3f us\n",
              raw_p50, cold_p50, warm_p50);
  std::printf("pipelined raw GET %.0f/s; 1,000-id batch lookups %.0f ids/s\n",
              pipelined_per_s, batch_per_s);
  std::printf(
      "change visible to a reader holding the old copy: p50 %.2f ms, "
      "p99 %.2f ms\n",
      Percentile(visible, 0.5), invalidation_p99);
  std::printf(
      "{\"cold_vs_get_p50\": %.2f, \"warm_speedup_vs_get\": %.0f, "
      "\"invalidation_p99_ms\": %.2f, \"batch_vs_pipelined_get\": %.2f, "
      "\"raw_get_p50_us\": %.1f}\n",
      cold_p50 / raw_p50, raw_p50 / warm_p50, invalidation_p99,
      batch_per_s / pipelined_per_s, raw_p50);
  return 0;
}

}  // namespace
}  // namespace nanoinfluence::tiers

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::tiers::Run();
}
