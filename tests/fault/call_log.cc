#include "tests/fault/call_log.h"

#include <algorithm>
#include <cmath>

namespace nanoinfluence::testing {
namespace {

// Nearest rank: the smallest sample with at least q of them at or below.
absl::Duration Percentile(const std::vector<int64_t>& sorted_us, double q) {
  if (sorted_us.empty()) return absl::ZeroDuration();
  const auto rank =
      static_cast<size_t>(std::ceil(q * static_cast<double>(sorted_us.size())));
  return absl::Microseconds(sorted_us[std::max<size_t>(rank, 1) - 1]);
}

}  // namespace

void CallLog::Record(const std::string& rpc, grpc::StatusCode code,
                     absl::Time due, absl::Time start, absl::Time end) {
  absl::MutexLock lock(&mu_);
  Calls& calls = calls_[rpc];
  calls.latency_us.push_back(absl::ToInt64Microseconds(end - due));
  ++calls.codes[code];
  max_start_lag_ = std::max(max_start_lag_, start - due);
  // A call answered just before a Restart lands before the epoch: left out.
  const int64_t second = absl::ToInt64Seconds(end - epoch_);
  if (second < 0) return;
  const auto index = static_cast<size_t>(second);
  if (answered_.size() <= index) {
    answered_.resize(index + 1);
    ok_.resize(index + 1);
  }
  ++answered_[index];
  if (code == grpc::StatusCode::OK) ++ok_[index];
}

void CallLog::Restart(absl::Time epoch) {
  absl::MutexLock lock(&mu_);
  epoch_ = epoch;
  calls_.clear();
  answered_.clear();
  ok_.clear();
  max_start_lag_ = absl::ZeroDuration();
}

RpcFigures CallLog::Figures(std::vector<int64_t> latency_us,
                            const std::map<grpc::StatusCode, int64_t>& codes) {
  std::sort(latency_us.begin(), latency_us.end());
  RpcFigures figures;
  figures.calls = static_cast<int64_t>(latency_us.size());
  figures.codes = codes;
  figures.p50 = Percentile(latency_us, 0.50);
  figures.p99 = Percentile(latency_us, 0.99);
  figures.p999 = Percentile(latency_us, 0.999);
  figures.max = Percentile(latency_us, 1.0);
  return figures;
}

std::map<std::string, RpcFigures> CallLog::ByRpc() const {
  absl::MutexLock lock(&mu_);
  std::map<std::string, RpcFigures> by_rpc;
  for (const auto& [rpc, calls] : calls_) {
    by_rpc[rpc] = Figures(calls.latency_us, calls.codes);
  }
  return by_rpc;
}

RpcFigures CallLog::All() const {
  absl::MutexLock lock(&mu_);
  std::vector<int64_t> latency_us;
  std::map<grpc::StatusCode, int64_t> codes;
  for (const auto& [rpc, calls] : calls_) {
    latency_us.insert(latency_us.end(), calls.latency_us.begin(),
                      calls.latency_us.end());
    for (const auto& [code, count] : calls.codes) codes[code] += count;
  }
  return Figures(std::move(latency_us), codes);
}

std::vector<int64_t> CallLog::AnsweredPerSecond() const {
  absl::MutexLock lock(&mu_);
  return answered_;
}

std::vector<int64_t> CallLog::OkPerSecond() const {
  absl::MutexLock lock(&mu_);
  return ok_;
}

absl::Duration CallLog::max_start_lag() const {
  absl::MutexLock lock(&mu_);
  return max_start_lag_;
}

}  // namespace nanoinfluence::testing
