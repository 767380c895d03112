#include "services/ugc/domain/disclosure.h"

#include <string>
#include <vector>

#include "services/ugc/domain/folded_text.h"
#include "unicode/uchar.h"

namespace nanoinfluence::ugc {
namespace {

bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }

// Hashtags continue through '_' as well as letters and digits.
bool ContinuesWord(char32_t c) { return c == U'_' || IsWordCharacter(c); }

// The end of the match of `marker` at `text[start]`, or npos. White space in
// the marker matches a run of one or more white space characters.
size_t MatchAt(const std::u32string& text, size_t start,
               const std::u32string& marker) {
  size_t t = start;
  size_t m = 0;
  while (m < marker.size()) {
    if (IsSpace(marker[m])) {
      if (t >= text.size() || !IsSpace(text[t])) return std::u32string::npos;
      while (m < marker.size() && IsSpace(marker[m])) ++m;
      while (t < text.size() && IsSpace(text[t])) ++t;
    } else {
      if (t >= text.size() || text[t] != marker[m]) {
        return std::u32string::npos;
      }
      ++t, ++m;
    }
  }
  return t;
}

bool Contains(const std::u32string& text, const std::u32string& marker) {
  if (marker.empty()) return false;
  // A hashtag starts at its '#', whatever comes before; a phrase must start
  // a word.
  const bool hashtag = marker.front() == U'#';
  for (size_t start = 0; start < text.size(); ++start) {
    if (!hashtag && start > 0 && ContinuesWord(text[start - 1])) continue;
    const size_t end = MatchAt(text, start, marker);
    if (end == std::u32string::npos) continue;
    if (end == text.size() || !ContinuesWord(text[end])) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& DefaultDisclosureMarkers() {
  static const auto* markers = new std::vector<std::string>{
      // English
      "#ad", "#ads", "#advert", "#advertisement", "#sponsored", "#sponsor",
      "#gifted", "#partner", "#paidpartnership", "#paidpartner", "#collab",
      "paid partnership", "sponsored by", "gifted by",
      // French
      "#pub", "#publicité", "#publicite", "#sponsorisé", "#sponsorise",
      "#partenariat", "collaboration commerciale", "publicité",
      "partenariat rémunéré", "produit offert",
      // German
      "#werbung", "werbung", "#anzeige", "anzeige",
      // Spanish
      "#publicidad", "publicidad", "#patrocinado", "#colaboración",
      "#colaboracion",
      // Italian
      "#pubblicità", "#adv", "#sponsorizzato",
      // Polish
      "#reklama",
      // Dutch
      "#gesponsord", "#samenwerking"};
  return *markers;
}

bool HasDisclosureMarker(absl::string_view text,
                         const std::vector<std::string>& markers) {
  return DisclosureMarkers(markers).FoundIn(FoldedText(text));
}

DisclosureMarkers::DisclosureMarkers(const std::vector<std::string>& markers) {
  for (const std::string& marker : markers) {
    folded_.push_back(FoldForMatching(marker));
  }
}

bool DisclosureMarkers::FoundIn(const FoldedText& text) const {
  for (const std::u32string& marker : folded_) {
    if (Contains(text.code_points, marker)) return true;
  }
  return false;
}

}  // namespace nanoinfluence::ugc
