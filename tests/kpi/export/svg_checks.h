// Checks on rendered SVG and HTML shared by the export tests.
#pragma once

#include <regex>
#include <string>
#include <vector>

namespace nanoinfluence::kpi::testing {

// Geometry attributes (x, y, width, r...) whose value is not a plain finite
// decimal number, as `name="value"`: NaN, inf or an exponent would make a
// browser drop the element.
inline std::vector<std::string> BadGeometry(const std::string& markup) {
  static const std::regex kGeometry(
      R"re(\s(x|y|x1|y1|x2|y2|cx|cy|r|rx|width|height|stroke-width)="([^"]*)")re");
  static const std::regex kNumber(R"re(-?[0-9]+(\.[0-9]+)?%?)re");
  std::vector<std::string> bad;
  for (auto it = std::sregex_iterator(markup.begin(), markup.end(), kGeometry);
       it != std::sregex_iterator(); ++it) {
    if (!std::regex_match((*it)[2].str(), kNumber)) bad.push_back(it->str());
  }
  return bad;
}

// Every number-like token a broken computation prints: nan, inf, infinity,
// in any case, as whole words.
inline bool HasNonFiniteText(const std::string& markup) {
  static const std::regex kNonFinite(R"re(\b(nan|inf|infinity)\b)re",
                                     std::regex::icase);
  return std::regex_search(markup, kNonFinite);
}

// The <svg> element with that id, through its closing tag; empty if none.
inline std::string SvgById(const std::string& html, const std::string& id) {
  const size_t start = html.find("<svg id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  const size_t end = html.find("</svg>", start);
  if (end == std::string::npos) return "";
  return html.substr(start, end + 6 - start);
}

// Occurrences of `needle` in `haystack`.
inline int Count(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace nanoinfluence::kpi::testing
