// The reference of the write benchmarks: raw durable SQLite transactions in
// the same run, on a file beside the servers'. `clients` threads, each with
// its own connection (WAL, synchronous=FULL), run `total` transactions in
// all, each `BEGIN IMMEDIATE`, one statement, `COMMIT`.
//
// The disk's sync time drifts by a factor of two over minutes here, so a
// benchmark measures the reference three times (before, between and after
// its own phases) and uses the median.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <string>
#include <vector>

namespace nanoinfluence::bench {

// One transaction's statement on a thread's connection.
using RawStatement = std::function<void()>;

class RawReference {
 public:
  // `schema` creates the table on a new file; `prepare` gives each thread's
  // connection its statement (finalized when the thread ends).
  RawReference(std::string folder, std::string schema,
               std::function<RawStatement(sqlite3*)> prepare)
      : folder_(std::move(folder)),
        schema_(std::move(schema)),
        prepare_(std::move(prepare)) {}

  // One run of `total` transactions by `clients` threads, on a new file.
  void Measure(int clients, int total);
  // Transactions per second, the median of the runs (three expected).
  double Median() const;
  // Every run so far, in order.
  const std::vector<double>& runs() const { return runs_; }

 private:
  const std::string folder_;
  const std::string schema_;
  const std::function<RawStatement(sqlite3*)> prepare_;
  std::vector<double> runs_;
};

}  // namespace nanoinfluence::bench
