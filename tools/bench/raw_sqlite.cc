#include "tools/bench/raw_sqlite.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace nanoinfluence::bench {

void RawReference::Measure(int clients, int total) {
  const std::string path = absl::StrCat(folder_, "/raw", runs_.size(), ".db");
  sqlite3* setup = nullptr;
  sqlite3_open(path.c_str(), &setup);
  sqlite3_exec(setup,
               absl::StrCat("PRAGMA journal_mode=WAL; ", schema_).c_str(),
               nullptr, nullptr, nullptr);
  sqlite3_close(setup);
  std::atomic<int> next = 0;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      sqlite3* db = nullptr;
      sqlite3_open(path.c_str(), &db);
      sqlite3_busy_timeout(db, 60'000);
      sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      {
        const RawStatement statement = prepare_(db);
        while (next++ < total) {
          sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
          statement();
          sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        }
      }
      sqlite3_close(db);
    });
  }
  for (std::thread& thread : threads) thread.join();
  runs_.push_back(total / absl::ToDoubleSeconds(absl::Now() - start));
}

double RawReference::Median() const {
  std::vector<double> sorted = runs_;
  std::sort(sorted.begin(), sorted.end());
  return sorted.empty() ? 0 : sorted[sorted.size() / 2];
}

}  // namespace nanoinfluence::bench
