#include "tools/demo/demo_context.h"

#include <cstdio>
#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace nanoinfluence::demo {

std::string Bearers::Mint(const auth::Caller& caller) {
  const std::string key =
      absl::StrCat(caller.role, "/", caller.subject, "/", caller.brand_id);
  absl::MutexLock lock(&mu_);
  auto found = minted_.find(key);
  if (found != minted_.end()) return found->second;
  absl::StatusOr<std::string> bearer = suite_.Bearer(caller, absl::Hours(4));
  if (!bearer.ok()) {
    // The callers are fixed by the demo: a refusal is a bug, not an input.
    std::fprintf(stderr, "nano-demo: cannot mint a token: %s\n",
                 bearer.status().ToString().c_str());
    std::exit(1);
  }
  minted_[key] = *bearer;
  return *bearer;
}

std::string Bearers::Brand(const std::string& brand_id) {
  return Mint(tools::DevelopmentCaller(common::v1::ROLE_BRAND, brand_id, "",
                                       "console@champs-dor"));
}

std::string Bearers::Moderator() {
  return Mint(tools::DevelopmentCaller(common::v1::ROLE_OPS, "", "",
                                       "moderator@nanoinfluence"));
}

std::string Bearers::ThreePl() {
  return Mint(
      tools::DevelopmentCaller(common::v1::ROLE_SERVICE, "", "", "3pl"));
}

std::string Bearers::SocialListening() {
  return Mint(tools::DevelopmentCaller(common::v1::ROLE_SERVICE, "", "",
                                       "social-listening"));
}

std::string Bearers::Ambassador(const std::string& ambassador_id) {
  return Mint(tools::DevelopmentCaller(common::v1::ROLE_AMBASSADOR, "",
                                       ambassador_id, ""));
}

int DemoContext::MemberOf(const std::string& ambassador_id) const {
  auto found = member_by_id.find(ambassador_id);
  return found == member_by_id.end() ? -1 : found->second;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("demo-%016x%016x", random(), random());
}

}  // namespace nanoinfluence::demo
