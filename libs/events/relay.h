// The relay: a background worker of each producing service that delivers its
// outbox to the subscribers' IngestEvents, in the producer's order, in
// batches, with a deadline per call and exponential backoff with jitter while
// a subscriber fails. Each subscriber has its own thread and its own cursor
// (stored in the producer's database, advanced only after the subscriber
// acknowledged), so a slow or dead subscriber holds back nobody else, and the
// producer's RPCs never wait for delivery. Delivery is at least once; the
// subscriber's intake makes it exactly once in effect (intake.h).
//
// Several replicas of a service may run on one database: each subscriber's
// lane is delivered by one replica at a time, the holder of its lease (a row
// of outbox_cursors), so no event is sent twice. The holder renews the lease
// as it goes and gives it up on Stop(); when a replica dies, another takes
// the lease over once it expires. Every call's deadline ends before the
// lease does, so a replica never sends on a lease another may have taken.
// An event is sent twice only when the holder stalls past its lease after
// the subscriber applied a batch and before the cursor was saved; the
// intake then answers it as a duplicate.
//
// Events delivered to every subscriber and older than the retention are
// pruned. Each prune interval the relay logs a `"msg":"relay"` line per
// subscriber: pending events, oldest pending age, events delivered and failed
// calls since start (Stats() gives the same).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/random/bit_gen_ref.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/peer_client.h"
#include "libs/sql/database.h"

namespace nanoinfluence::events {

struct Subscriber {
  // A service of the suite ("kpi"): whose IngestEvents is called, and the key
  // of its cursor.
  std::string name;
  // host:port.
  std::string address;
  // Payload names the subscriber takes ("TierChanged"); empty: every event.
  std::vector<std::string> event_types;
};

struct RelayOptions {
  // Events per IngestEvents call (at most 500).
  int batch_size = 200;
  // How often an idle lane looks for new events.
  absl::Duration poll_interval = absl::Milliseconds(20);
  // Wait after the first failure, doubled per further failure up to the max,
  // each wait drawn uniformly from [d/2, d] (jitter: replicas and lanes do
  // not retry in step).
  absl::Duration min_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  // Delivered events are kept this long (for inspection), then pruned.
  absl::Duration retention = absl::Hours(24);
  absl::Duration prune_interval = absl::Minutes(1);
  // This replica's name on its leases; empty: "<hostname>/<pid>". A replica
  // restarted under the same name (services use "<hostname>:<port>") takes
  // its leases back at once; any other waits for them to expire.
  std::string replica;
  // How long a lease lasts unrenewed: how long a subscriber's deliveries
  // pause when the replica holding them dies without stopping. Renewed when
  // half of it is left.
  absl::Duration lease = absl::Seconds(10);
};

// How one subscriber's delivery stands.
struct SubscriberStats {
  std::string name;
  // As stored, whichever replica delivers.
  int64_t delivered_sequence = 0;
  // The replica holding the lane's lease; empty when none does.
  std::string lease_owner;
  // Events for it not acknowledged yet, and how old the oldest is.
  int64_t pending = 0;
  absl::Duration oldest_pending_age;
  // Since start: events acknowledged, failed calls, the last failure.
  int64_t delivered_events = 0;
  int64_t failures = 0;
  std::string last_error;
};

// The wait before retry number `failures` (1 for the first failure).
absl::Duration Backoff(int failures, const RelayOptions& options,
                       absl::BitGenRef random);

class OutboxRelay {
 public:
  // Starts one lane per subscriber. INVALID_ARGUMENT for a subscriber that
  // is not a service of the suite, twice listed, or takes an unknown event
  // type; or for peer settings that cannot mint service tokens.
  static absl::StatusOr<std::unique_ptr<OutboxRelay>> Start(
      sql::Database& db, std::string producer,
      std::vector<Subscriber> subscribers, const auth::PeerOptions& peer,
      RelayOptions options = {});

  // Stops and joins the lanes (an in-flight call ends at its deadline).
  ~OutboxRelay();
  void Stop();

  // One entry per subscriber, in configuration order.
  absl::StatusOr<std::vector<SubscriberStats>> Stats();

 private:
  struct Lane;
  struct Batch;

  OutboxRelay(sql::Database& db, std::string producer, RelayOptions options);

  void RunLane(Lane& lane);
  // Prunes and logs the stats of every subscriber, each prune interval.
  void RunPruner();
  void LogStats();
  // Whether this replica holds the lane's lease, claiming or renewing it as
  // needed; on a claim, the lane's cursor is read again.
  absl::StatusOr<bool> HoldLease(Lane& lane);
  absl::Status ReleaseLease(const Lane& lane);
  absl::StatusOr<Batch> LoadBatch(const Lane& lane);
  absl::Status Deliver(Lane& lane, const Batch& batch);
  // Saves the cursor and renews the lease; FAILED_PRECONDITION when the
  // lease was lost meanwhile.
  absl::Status SaveCursor(Lane& lane, int64_t cursor);
  absl::Status Prune();
  // Sleeps `duration` or until Stop(); false once stopping.
  bool Wait(absl::Duration duration);

  sql::Database& db_;
  const std::string producer_;
  const RelayOptions options_;
  const std::string replica_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::thread pruner_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace nanoinfluence::events
