// Command-line flags that can also be set from the environment, for
// containers and Kubernetes: flag `--data_dir` reads `NANO_DATA_DIR`. The
// command line wins over the environment; a value that does not parse stops
// the program at start with a message naming the variable.
//
//   int main(int argc, char** argv) {
//     ParseFlagsWithEnvironment(argc, argv, "Starts the recruitment service.");
//     ...
//   }
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence {

// The environment variable read for a flag: "NANO_" + upper-cased name.
std::string EnvironmentVariableForFlag(absl::string_view flag_name);

// Applies every NANO_* variable that names a defined flag, then parses the
// command line. Exits with status 2 and a message on a bad value. Returns the
// arguments that are not flags, without the program name.
std::vector<std::string> ParseFlagsWithEnvironment(int argc, char** argv,
                                                   absl::string_view usage);

}  // namespace nanoinfluence
