#include "libs/tiers/tier_reader.h"

#include <poll.h>

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/log/json_log.h"
#include "libs/metrics/registry.h"

namespace nanoinfluence::tiers {
namespace {

constexpr size_t kSourceBatch = 1000;
constexpr absl::Duration kFirstRetry = absl::Milliseconds(50);
constexpr absl::Duration kMaxRetry = absl::Seconds(1);
constexpr absl::Duration kPingEvery = absl::Seconds(1);
// Silence this long on the invalidation connection means it is dead.
constexpr absl::Duration kListenerSilence = absl::Seconds(3);

bool ParseRecord(const std::string& bytes, common::v1::TierRecord* record) {
  return record->ParseFromString(bytes) && !record->ambassador_id().empty();
}

// The process's tier cache series (docs/operations.md), shared by every
// reader of the process, beside each reader's own counters().
struct TierCacheMetrics {
  metrics::Counter& near_hits;
  metrics::Counter& redis_hits;
  metrics::Counter& misses;
  metrics::Counter& fallbacks;
  metrics::Counter& redis_errors;
};

TierCacheMetrics& Metrics() {
  static TierCacheMetrics* const series = [] {
    metrics::Registry& registry = metrics::DefaultRegistry();
    auto& hits = registry.AddCounter(
        "nanoinfluence_tier_cache_hits_total",
        "Tier lookups answered by a cache layer: the near cache in the "
        "process or Redis.",
        {"layer"});
    return new TierCacheMetrics{
        .near_hits = hits.WithLabels({"near"}),
        .redis_hits = hits.WithLabels({"redis"}),
        .misses = registry
                      .AddCounter("nanoinfluence_tier_cache_misses_total",
                                  "Tier lookups that neither the near cache "
                                  "nor Redis answered.")
                      .Get(),
        .fallbacks = registry
                         .AddCounter("nanoinfluence_tier_cache_fallbacks_total",
                                     "Tiers asked of recruitment (the source "
                                     "of truth) after a miss or a Redis "
                                     "failure.")
                         .Get(),
        .redis_errors =
            registry
                .AddCounter("nanoinfluence_tier_cache_redis_errors_total",
                            "Redis calls of the tier cache that failed (down, "
                            "timeout, error reply).")
                .Get()};
  }();
  return *series;
}

// Counts in the reader's own counter and in the process's series.
void Count(std::atomic<int64_t>& own, metrics::Counter& shared, int64_t n = 1) {
  own += n;
  shared.Increment(static_cast<uint64_t>(n));
}

}  // namespace

TierReader::TierReader(TierReaderOptions options, TierSource& source)
    : options_(std::move(options)),
      source_(source),
      pool_(options_.redis),
      writer_(pool_, options_.cache_ttl),
      near_(options_.near_cache_entries, options_.near_cache_ttl) {
  Metrics();  // the series exist, at 0, from the start
  if (options_.near_cache_entries > 0) {
    listener_ = std::thread([this] { Listen(); });
  }
}

TierReader::~TierReader() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

TierReaderCounters TierReader::counters() const {
  return {.near_hits = near_hits_,
          .redis_hits = redis_hits_,
          .fallbacks = fallbacks_,
          .redis_errors = redis_errors_,
          .invalidations = invalidations_};
}

// Near cache.

std::optional<common::v1::TierRecord> TierReader::NearGet(
    const std::string& id) {
  if (!tracking_live_) return std::nullopt;
  return near_.Get(id, absl::Now());
}

uint64_t TierReader::Epoch(const std::string& id) { return near_.Epoch(id); }

void TierReader::NearPut(const common::v1::TierRecord& record, uint64_t epoch) {
  if (!tracking_live_ || options_.near_cache_entries == 0) return;
  near_.Put(record, epoch, absl::Now());
}

void TierReader::NearInvalidate(const std::string& key) {
  if (!absl::StartsWith(key, kTierKeyPrefix)) return;
  near_.Invalidate(key.substr(sizeof(kTierKeyPrefix) - 1));
}

void TierReader::NearFlush() { near_.Flush(); }

// Lookups.

absl::StatusOr<common::v1::TierRecord> TierReader::Get(
    const std::string& ambassador_id) {
  if (std::optional<common::v1::TierRecord> near = NearGet(ambassador_id)) {
    Count(near_hits_, Metrics().near_hits);
    return *near;
  }
  const uint64_t epoch = Epoch(ambassador_id);
  absl::StatusOr<redis::RedisReply> reply =
      pool_.Command({"GET", TierCacheKey(ambassador_id)});
  if (!reply.ok()) {
    Count(redis_errors_, Metrics().redis_errors);
  } else if (!reply->is_nil()) {
    common::v1::TierRecord record;
    if (ParseRecord(reply->str(), &record)) {
      Count(redis_hits_, Metrics().redis_hits);
      if (IsTombstone(record)) return Erased(ambassador_id);
      NearPut(record, epoch);
      return record;
    }
  }
  Metrics().misses.Increment();
  return FromSource(ambassador_id, epoch);
}

absl::Status TierReader::Erased(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("ambassador ", id, ": erased"));
}

absl::StatusOr<common::v1::TierRecord> TierReader::FromSource(
    const std::string& id, uint64_t epoch) {
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    absl::MutexLock lock(&flights_mu_);
    auto [it, inserted] = flights_.try_emplace(id);
    if (inserted) it->second = std::make_shared<Flight>();
    flight = it->second;
    leader = inserted;
  }
  if (!leader) {
    flight->done.WaitForNotification();
    return flight->result;
  }
  Count(fallbacks_, Metrics().fallbacks);
  flight->result = source_.Get(id);
  {
    absl::MutexLock lock(&flights_mu_);
    flights_.erase(id);
  }
  // The waiting callers need not wait for the write-back.
  flight->done.Notify();
  if (flight->result.ok()) {
    if (!writer_.Put(*flight->result).ok())
      Count(redis_errors_, Metrics().redis_errors);
    NearPut(*flight->result, epoch);
  }
  return flight->result;
}

absl::StatusOr<std::vector<common::v1::TierRecord>> TierReader::GetMany(
    const std::vector<std::string>& ambassador_ids) {
  std::vector<std::string> ids;
  absl::flat_hash_set<std::string> seen;
  for (const std::string& id : ambassador_ids) {
    if (seen.insert(id).second) ids.push_back(id);
  }
  absl::flat_hash_map<std::string, common::v1::TierRecord> found;
  std::vector<std::string> remote;
  for (const std::string& id : ids) {
    if (std::optional<common::v1::TierRecord> near = NearGet(id)) {
      Count(near_hits_, Metrics().near_hits);
      found[id] = *std::move(near);
    } else {
      remote.push_back(id);
    }
  }
  absl::flat_hash_map<std::string, uint64_t> epochs;
  for (const std::string& id : remote) epochs[id] = Epoch(id);
  std::vector<std::string> missing;
  if (!remote.empty()) {
    redis::Args mget = {"MGET"};
    for (const std::string& id : remote) mget.push_back(TierCacheKey(id));
    absl::StatusOr<redis::RedisReply> reply = pool_.Command(mget);
    if (!reply.ok()) Count(redis_errors_, Metrics().redis_errors);
    for (size_t i = 0; i < remote.size(); ++i) {
      common::v1::TierRecord record;
      const redisReply* value =
          reply.ok() && i < reply->size() ? reply->element(i) : nullptr;
      if (value != nullptr && value->type == REDIS_REPLY_STRING &&
          ParseRecord(std::string(value->str, value->len), &record)) {
        Count(redis_hits_, Metrics().redis_hits);
        if (IsTombstone(record)) continue;  // erased: not found
        NearPut(record, epochs[remote[i]]);
        found[remote[i]] = std::move(record);
      } else {
        missing.push_back(remote[i]);
      }
    }
  }
  Metrics().misses.Increment(missing.size());
  for (size_t start = 0; start < missing.size(); start += kSourceBatch) {
    std::vector<std::string> chunk(
        missing.begin() + start,
        missing.begin() + std::min(missing.size(), start + kSourceBatch));
    Count(fallbacks_, Metrics().fallbacks, static_cast<int64_t>(chunk.size()));
    absl::StatusOr<std::vector<common::v1::TierRecord>> records =
        source_.GetMany(chunk);
    if (!records.ok()) return records.status();
    if (!writer_.PutMany(*records).ok())
      Count(redis_errors_, Metrics().redis_errors);
    for (common::v1::TierRecord& record : *records) {
      NearPut(record, epochs[record.ambassador_id()]);
      found[record.ambassador_id()] = std::move(record);
    }
  }
  std::vector<common::v1::TierRecord> ordered;
  for (const std::string& id : ids) {
    auto it = found.find(id);
    if (it != found.end()) ordered.push_back(std::move(it->second));
  }
  return ordered;
}

// Invalidations.

void TierReader::Listen() {
  absl::Duration retry = kFirstRetry;
  while (!stopping_) {
    const absl::Time started = absl::Now();
    ListenOnce();
    if (tracking_live_.exchange(false)) {
      LogLine("warn", "tier invalidations lost; near cache emptied").Emit();
    }
    NearFlush();
    // Back off while Redis keeps refusing; a session that lasted resets it.
    retry = absl::Now() - started > kMaxRetry ? kFirstRetry
                                              : std::min(retry * 2, kMaxRetry);
    for (absl::Time until = absl::Now() + retry;
         !stopping_ && absl::Now() < until;) {
      absl::SleepFor(absl::Milliseconds(10));
    }
  }
}

void TierReader::ListenOnce() {
  absl::StatusOr<std::unique_ptr<redisContext, decltype(&redisFree)>> made =
      redis::Connect(options_.redis);
  if (!made.ok()) return;
  redisContext* c = made->get();
  auto command = [c](const redis::Args& args) {
    return redis::RunCommand(c, args);
  };
  absl::StatusOr<redis::RedisReply> id = command({"CLIENT", "ID"});
  if (!id.ok() ||
      !command({"CLIENT", "TRACKING", "on", "REDIRECT",
                absl::StrCat(id->integer()), "BCAST", "PREFIX", kTierKeyPrefix})
           .ok() ||
      !command({"SUBSCRIBE", "__redis__:invalidate"}).ok()) {
    return;
  }
  // From here every change of a tier key reaches this connection. Copies
  // fetched before may predate a change that was not announced to us.
  NearFlush();
  tracking_live_ = true;
  LogLine("info", "tier invalidations live").Emit();
  absl::Time last_pong = absl::Now();
  absl::Time last_ping = last_pong;
  while (!stopping_) {
    // Every complete message already read: one read may bring several.
    void* message = nullptr;
    if (redisReaderGetReply(c->reader, &message) != REDIS_OK) return;
    if (message != nullptr) {
      if (IsPong(redis::RedisReply(static_cast<redisReply*>(message)),
                 [this](const redisReply* keys) { Invalidate(keys); })) {
        last_pong = absl::Now();
      }
      continue;
    }
    // A connection that died without closing (a partition) sends nothing:
    // a ping a second, and no pong for long means it is gone.
    const absl::Time now = absl::Now();
    if (now - last_pong > kListenerSilence) return;
    if (now - last_ping >= kPingEvery) {
      int done = 0;
      if (redisAppendCommand(c, "PING") != REDIS_OK) return;
      while (!done) {
        if (redisBufferWrite(c, &done) != REDIS_OK) return;
      }
      last_ping = now;
    }
    pollfd ready = {.fd = c->fd, .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, 100) > 0 && redisBufferRead(c) != REDIS_OK) return;
  }
}

bool TierReader::IsPong(const redis::RedisReply& message,
                        const std::function<void(const redisReply*)>& keys) {
  // Subscribed (RESP2): ["pong", ""], or ["message", channel, keys | nil].
  if (message.type() != REDIS_REPLY_ARRAY || message.size() < 2) return false;
  const redisReply* kind = message.element(0);
  if (kind->type != REDIS_REPLY_STRING) return false;
  const absl::string_view name(kind->str, kind->len);
  if (name == "pong") return true;
  if (name == "message" && message.size() == 3) keys(message.element(2));
  return true;  // any message proves the connection alive
}

void TierReader::Invalidate(const redisReply* keys) {
  ++invalidations_;
  if (keys->type != REDIS_REPLY_ARRAY) {  // nil: the database was flushed
    NearFlush();
    return;
  }
  for (size_t i = 0; i < keys->elements; ++i) {
    NearInvalidate(std::string(keys->element[i]->str, keys->element[i]->len));
  }
}

}  // namespace nanoinfluence::tiers
