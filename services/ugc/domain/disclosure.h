// Whether content says it was incentivised, as advertising law requires of
// ambassadors who received the product (#ad, #publicité, #werbung, ...).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/ugc/domain/folded_text.h"

namespace nanoinfluence::ugc {

// Hashtags and phrases that disclose a commercial relationship, in English,
// French, German, Spanish, Italian, Polish and Dutch.
const std::vector<std::string>& DefaultDisclosureMarkers();

// True when `text` holds one of `markers`, ignoring case. A marker starting
// with '#' must be a whole hashtag: "#ad" is found in "(#AD)" but not in
// "#adorable" or "#ad_campaign". Any other marker is a phrase found only on
// word boundaries ("anzeige" not in "anzeigen"), a space in it matching any
// run of white space.
bool HasDisclosureMarker(absl::string_view text,
                         const std::vector<std::string>& markers);

// The same rule with the markers folded once, for a service that checks
// every submission against the same list.
class DisclosureMarkers {
 public:
  explicit DisclosureMarkers(const std::vector<std::string>& markers);
  bool FoundIn(const FoldedText& text) const;

 private:
  std::vector<std::u32string> folded_;
};

}  // namespace nanoinfluence::ugc
