#include "tests/harness/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/harness/sanitizer_report.h"

namespace nanoinfluence::testing {
namespace {

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Subprocess>> Subprocess::Start(
    const std::vector<std::string>& argv, const std::string& log_path,
    const SubprocessLimits& limits) {
  if (argv.empty()) return absl::InvalidArgumentError("argv: empty");
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const int log =
      open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open log ", log_path));
  }
  const int64_t log_start = FileSizeOf(log_path);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(log);
    return absl::UnavailableError("fork failed");
  }
  if (pid == 0) {
    // Child: die with the test, whatever kills it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    // A test runner may have blocked signals; the child starts clean.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (limits.file_size_bytes >= 0) {
      // An ignored signal stays ignored across exec.
      signal(SIGXFSZ, SIG_IGN);
      const rlimit size = {static_cast<rlim_t>(limits.file_size_bytes),
                           static_cast<rlim_t>(limits.file_size_bytes)};
      setrlimit(RLIMIT_FSIZE, &size);
    }
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(log);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(log);
  return std::unique_ptr<Subprocess>(
      new Subprocess(pid, argv[0], log_path, log_start));
}

Subprocess::~Subprocess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

bool Subprocess::running() {
  if (reaped_) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    Reaped(status);
    return false;
  }
  return true;
}

void Subprocess::Signal(int signal) {
  if (!reaped_) kill(pid_, signal);
}

int Subprocess::Wait() {
  if (reaped_) return exit_code_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  Reaped(status);
  return exit_code_;
}

void Subprocess::Reaped(int wait_status) {
  reaped_ = true;
  exit_code_ = ExitCodeOf(wait_status);
  const std::string report = SanitizerReportIn(log_path_, log_start_);
  if (!report.empty()) {
    ADD_FAILURE() << program_ << " (pid " << pid_ << ", exit code "
                  << exit_code_ << ") wrote a sanitizer report to " << log_path_
                  << ":\n"
                  << report;
  }
}

}  // namespace nanoinfluence::testing
