#include "libs/service_main/malloc_tuning.h"

#include <malloc.h>

namespace nanoinfluence {

void LimitMallocArenas(int arenas) {
  if (arenas > 0) mallopt(M_ARENA_MAX, arenas);
}

MallocTrimmer::MallocTrimmer(absl::Duration interval) {
  if (interval <= absl::ZeroDuration()) return;
  thread_ = std::thread([this, interval] {
    while (!stop_.WaitForNotificationWithTimeout(interval)) malloc_trim(0);
  });
}

MallocTrimmer::~MallocTrimmer() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace nanoinfluence
