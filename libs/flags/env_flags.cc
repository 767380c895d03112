#include "libs/flags/env_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace nanoinfluence {

std::string EnvironmentVariableForFlag(absl::string_view flag_name) {
  return absl::StrCat("NANO_", absl::AsciiStrToUpper(std::string(flag_name)));
}

std::vector<std::string> ParseFlagsWithEnvironment(int argc, char** argv,
                                                   absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (flag->IsRetired()) continue;
    const std::string variable = EnvironmentVariableForFlag(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "invalid %s=\"%s\" (flag --%s): %s\n",
                   variable.c_str(), value, std::string(name).c_str(),
                   error.c_str());
      std::exit(2);
    }
  }
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return std::vector<std::string>(positional.begin() + 1, positional.end());
}

}  // namespace nanoinfluence
