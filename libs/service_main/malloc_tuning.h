// How a service process uses glibc's malloc, settled for memory that stays
// flat under sustained load (docs/reliability.md, "Sustained load").
//
// Left to its defaults, glibc gives each thread that allocates while the
// others hold their arenas an arena of its own, up to 8 per core, and a
// service has some 50 threads (gRPC's, the handler pool's, the relays').
// Memory freed in one arena is reused only by the threads of that arena and
// goes back to the system only from the top of the main heap: under load
// each arena keeps the high-water mark of its own churn, and the sum grows
// for many minutes (3 to 4 MiB a minute per service at 600 calls/s) while
// the memory in use barely does. Fewer arenas share their free memory, and a
// periodic malloc_trim(0) hands whole free pages back.
#pragma once

#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace nanoinfluence {

// At most `arenas` malloc arenas (0 leaves glibc's default). Call before any
// thread starts: a thread keeps the arena it first got.
void LimitMallocArenas(int arenas);

// Every `interval`, returns the free pages of every arena to the system
// (malloc_trim(0): a few milliseconds for tens of MiB). A zero interval does
// nothing.
class MallocTrimmer {
 public:
  explicit MallocTrimmer(absl::Duration interval);
  ~MallocTrimmer();

  MallocTrimmer(const MallocTrimmer&) = delete;
  MallocTrimmer& operator=(const MallocTrimmer&) = delete;

 private:
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace nanoinfluence
