// Text of the HTML export: escaping, and numbers as a brand manager reads
// them. Every string that comes from a report goes through EscapeHtml
// before it reaches the page; the helpers below return plain text, to be
// escaped like any other.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace nanoinfluence::kpi {

// `text` with &, <, >, " and ' replaced by character references: safe as
// element content and inside a quoted attribute value.
std::string EscapeHtml(absl::string_view text);

// 1234567 -> "1,234,567".
std::string FormatCount(int64_t count);

// A fraction as a percentage with one decimal: 0.253 -> "25.3%". With
// `signed_` a "+" precedes positive values (uplifts). "n/a" when not finite.
std::string FormatPercent(double fraction, bool signed_ = false);

// Short form for chart labels: 950 -> "950", 12400 -> "12.4k",
// 3500000 -> "3.5M", 7e9 -> "7B", from 1e15 on "2e+19". "n/a" when not
// finite.
std::string FormatCompact(double value);

// A stars average: 4.25 -> "4.3".
std::string FormatStars(double average);

// A time span in the unit that reads best: "45 min", "5.2 hours",
// "3.4 days". Negative spans read as 0.
std::string FormatElapsed(double seconds);

// One entry of a <dl>: `label` (plain text, not escaped: a constant) and
// `value_html` (already HTML).
std::string Fact(absl::string_view label, absl::string_view value_html);

// At most `max_chars` code points of `text` (`max_chars` >= 1), ending with "…"
// when cut; a cut never splits a UTF-8 sequence.
std::string Shorten(absl::string_view text, size_t max_chars);

}  // namespace nanoinfluence::kpi
