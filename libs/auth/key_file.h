// Reads a key or certificate file named by a flag.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence::auth {

// The file's bytes. INVALID_ARGUMENT naming `flag` when it cannot be read or
// is empty.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path,
                                        absl::string_view flag);

}  // namespace nanoinfluence::auth
