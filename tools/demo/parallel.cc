#include "tools/demo/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace nanoinfluence::demo {

absl::Status ParallelFor(int count, int threads,
                         const std::function<absl::Status(int)>& task,
                         const std::function<void(int)>& progress) {
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::atomic<bool> failed{false};
  absl::Mutex mu;
  int failed_index = count;
  absl::Status failure;
  absl::Mutex progress_mu;
  auto work = [&] {
    while (!failed.load()) {
      const int i = next.fetch_add(1);
      if (i >= count) return;
      absl::Status status = task(i);
      if (!status.ok()) {
        failed.store(true);
        absl::MutexLock lock(&mu);
        if (i < failed_index) {
          failed_index = i;
          failure = std::move(status);
        }
        return;
      }
      const int finished = done.fetch_add(1) + 1;
      if (progress != nullptr && progress_mu.TryLock()) {
        progress(finished);
        progress_mu.Unlock();
      }
    }
  };
  std::vector<std::thread> pool;
  const int size = std::max(1, std::min(threads, count));
  for (int t = 0; t < size; ++t) pool.emplace_back(work);
  for (std::thread& thread : pool) thread.join();
  return failure;
}

}  // namespace nanoinfluence::demo
