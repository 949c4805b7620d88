// UTF-8 checks. Everything onedoor stores and returns is valid UTF-8: requests are
// checked field by field (so the error names the field), and text that comes from a
// plugin is repaired rather than trusted.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace od {

// The characters of s, one view each (a truncated sequence at the end is one view).
std::vector<std::string_view> utf8_chars(std::string_view s);

bool valid_utf8(std::string_view s);
// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when none starts
// there (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). Also compiled
// into the plugin SDK, which must judge text the same way.
size_t utf8_sequence_length(std::string_view s, size_t i);
// Invalid sequences become U+FFFD; the result is at most max_bytes long and never ends
// inside a character.
std::string sanitize_utf8(std::string_view s, size_t max_bytes = std::string::npos);
// The path ("applicant.name", "household[1].relation") of the first string or key in v
// that is not valid UTF-8, if any.
std::optional<std::string> first_invalid_utf8(const boost::json::value& v);

}  // namespace od
