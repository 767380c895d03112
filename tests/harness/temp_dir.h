// A fresh folder under $TMPDIR (or /tmp), removed with its content at the
// end of the test.
#pragma once

#include <string>

namespace nanoinfluence::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace nanoinfluence::testing
