#include "services/kpi/export/html_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace nanoinfluence::kpi {

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatCount(int64_t count) {
  // Digits of the magnitude as unsigned: -INT64_MIN does not fit an int64.
  const uint64_t magnitude =
      count < 0 ? 0 - static_cast<uint64_t>(count) : count;
  const std::string digits = absl::StrCat(magnitude);
  std::string out = count < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatPercent(double fraction, bool signed_) {
  if (!std::isfinite(fraction)) return "n/a";
  double percent = fraction * 100;
  // Rounds to the shown precision first so -0.04% reads "0.0%", not "-0.0%".
  percent = std::round(percent * 10) / 10;
  if (percent == 0) percent = 0;
  // Two literal formats, not one chosen at run time: absl checks format
  // strings at compile time, and clang refuses a non-constant one.
  if (signed_ && percent > 0) return absl::StrFormat("+%.1f%%", percent);
  return absl::StrFormat("%.1f%%", percent);
}

std::string FormatCompact(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double magnitude = std::abs(value);
  // Beyond thousands of trillions only the order of magnitude matters.
  if (magnitude >= 1e15) return absl::StrFormat("%.2g", value);
  struct Unit {
    double size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const Unit& unit : kUnits) {
    // 999,950 rounds to "1000.0k"; it reads better as "1M".
    if (magnitude >= unit.size * 0.99995) {
      const double scaled = value / unit.size;
      std::string text = std::abs(scaled) >= 100
                             ? absl::StrFormat("%.0f", scaled)
                             : absl::StrFormat("%.1f", scaled);
      if (text.size() > 2 && text.substr(text.size() - 2) == ".0") {
        text.resize(text.size() - 2);
      }
      return text + unit.suffix;
    }
  }
  if (value == std::floor(value)) return absl::StrFormat("%.0f", value);
  return absl::StrFormat("%.2g", value);
}

std::string FormatStars(double average) {
  if (!std::isfinite(average)) return "n/a";
  return absl::StrFormat("%.1f", average);
}

std::string FormatElapsed(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  seconds = std::max(seconds, 0.0);
  if (seconds < 3600) {
    return absl::StrFormat("%.0f min", std::round(seconds / 60));
  }
  if (seconds < 48 * 3600) return absl::StrFormat("%.1f hours", seconds / 3600);
  return absl::StrFormat("%.1f days", seconds / 86400);
}

std::string Shorten(absl::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // Counts lead bytes only: continuation bytes are 10xxxxxx.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) {
      // Cut here unless this is the last code point anyway.
      size_t rest = i + 1;
      while (rest < text.size() &&
             (static_cast<unsigned char>(text[rest]) & 0xC0) == 0x80) {
        ++rest;
      }
      if (rest >= text.size()) return std::string(text);
      return absl::StrCat(text.substr(0, i), "…");
    }
    ++chars;
  }
  return std::string(text);
}

std::string Fact(absl::string_view label, absl::string_view value_html) {
  return absl::StrCat("<div><dt>", label, "</dt><dd>", value_html,
                      "</dd></div>");
}

}  // namespace nanoinfluence::kpi
