// A child process for tests: started with an argument list, its stdout and
// stderr sent to a log file, killed with SIGKILL if the test forgets it (and,
// through PR_SET_PDEATHSIG, if the thread that started it ends: start
// children from the test's main thread). Once it has ended, a sanitizer
// report in what it wrote to the log fails the running test
// (sanitizer_report.h).
//
//   NANO_ASSIGN_OR_RETURN(auto redis, Subprocess::Start(
//       {"redis-server", "--port", "6390"}, "/tmp/t/redis.log"));
//   redis->Signal(SIGTERM);
//   int code = redis->Wait();
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace nanoinfluence::testing {

// Resource limits set in the child before exec.
struct SubprocessLimits {
  // RLIMIT_FSIZE in bytes, or -1 for none. SIGXFSZ is then ignored in the
  // child, so a write past the limit fails with EFBIG (a full disk, as the
  // program sees it) instead of killing the process.
  int64_t file_size_bytes = -1;
};

class Subprocess {
 public:
  // Starts argv[0] (looked up in PATH) with stdout and stderr appended to
  // `log_path`. UNAVAILABLE when it cannot be started.
  static absl::StatusOr<std::unique_ptr<Subprocess>> Start(
      const std::vector<std::string>& argv, const std::string& log_path,
      const SubprocessLimits& limits = {});

  // Kills the process with SIGKILL if it still runs.
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool running();
  void Signal(int signal);
  // Waits for the process to end. Returns its exit code, or 128 + signal
  // number when a signal ended it.
  int Wait();

 private:
  Subprocess(pid_t pid, std::string program, std::string log_path,
             int64_t log_start)
      : pid_(pid),
        program_(std::move(program)),
        log_path_(std::move(log_path)),
        log_start_(log_start) {}
  // Records the exit and fails the test on a sanitizer report in the log.
  void Reaped(int wait_status);

  pid_t pid_;
  std::string program_;
  std::string log_path_;
  // Where this process's output starts: the log may hold an earlier run's.
  int64_t log_start_;
  bool reaped_ = false;
  int exit_code_ = 0;
};

}  // namespace nanoinfluence::testing
