#include "services/ugc/domain/text_signals.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "openssl/evp.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {
namespace {

int CountOccurrences(absl::string_view text, absl::string_view needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != absl::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// "www." counts on its own only where it starts a host: not after "//"
// (already counted with its scheme) nor inside a word or a longer host
// ("awww." is not a link).
int CountBareWww(absl::string_view lower) {
  int count = 0;
  for (size_t at = lower.find("www."); at != absl::string_view::npos;
       at = lower.find("www.", at + 1)) {
    if (at > 0) {
      const unsigned char before = static_cast<unsigned char>(lower[at - 1]);
      if (before == '/' || before == '.' || before == '-' || before == '@' ||
          before == '_' || absl::ascii_isalnum(before) || before >= 0x80) {
        continue;
      }
    }
    const size_t host = at + 4;
    if (host < lower.size() &&
        absl::ascii_isalnum(static_cast<unsigned char>(lower[host]))) {
      ++count;
    }
  }
  return count;
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace

int CountLinks(absl::string_view text) {
  // Only ASCII letters matter here, so ASCII lower case is enough.
  const std::string lower = absl::AsciiStrToLower(text);
  return CountOccurrences(lower, "http://") +
         CountOccurrences(lower, "https://") + CountBareWww(lower);
}

const std::vector<std::string>& DefaultBannedWords() {
  static const auto* words = new std::vector<std::string>{
      "fuck",     "fucking",   "shit",   "bullshit", "asshole",
      "dickhead", "merde",     "putain", "connard",  "connasse",
      "scheiße",  "arschloch", "mierda", "cazzo",    "vaffanculo"};
  return *words;
}

std::vector<std::string> FindBannedWords(
    absl::string_view text, const std::vector<std::string>& banned) {
  return BannedWords(banned).FoundIn(FoldedText(text));
}

BannedWords::BannedWords(std::vector<std::string> entries)
    : entries_(std::move(entries)) {
  for (const std::string& entry : entries_) {
    phrases_.push_back(FoldedWords(entry));
  }
}

std::vector<std::string> BannedWords::FoundIn(const FoldedText& text) const {
  std::vector<std::string> found;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const std::vector<std::string>& phrase = phrases_[i];
    if (phrase.empty()) continue;
    const bool present =
        std::search(text.words.begin(), text.words.end(), phrase.begin(),
                    phrase.end()) != text.words.end();
    if (present &&
        std::find(found.begin(), found.end(), entries_[i]) == found.end()) {
      found.push_back(entries_[i]);
    }
  }
  return found;
}

std::string DuplicateKey(absl::string_view text) {
  return DuplicateKey(FoldedText(text));
}

std::string DuplicateKey(const FoldedText& text) {
  if (text.words.empty()) return "";
  return Sha256Hex(absl::StrJoin(text.words, " "));
}

}  // namespace nanoinfluence::ugc
