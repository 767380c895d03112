#include "tools/bench/cpu_time.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::bench {

absl::Duration ProcessCpuTime(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces: count fields after it.
  const size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return absl::ZeroDuration();
  std::istringstream fields(stat.substr(name_end + 2));
  std::string field;
  // Fields 3 to 13, then utime (14) and stime (15), in clock ticks.
  for (int i = 3; i <= 13; ++i) fields >> field;
  long long user = 0, system = 0;
  fields >> user >> system;
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  return absl::Seconds(static_cast<double>(user + system) / ticks_per_second);
}

absl::Duration OwnCpuTime() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return absl::DurationFromTimeval(usage.ru_utime) +
         absl::DurationFromTimeval(usage.ru_stime);
}

}  // namespace nanoinfluence::bench
