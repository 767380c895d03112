#include "libs/auth/key_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::auth {

absl::StatusOr<std::string> ReadKeyFile(const std::string& path,
                                        absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  if (!in || contents.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": cannot read \"", path, "\" (or it is empty)"));
  }
  return contents.str();
}

}  // namespace nanoinfluence::auth
