// Duplicate keys in JSON text. A parser keeps one of two equal keys silently ("actor"
// given twice takes the second), so a request or a configuration that names a key
// twice is refused instead, naming the key. Pure.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace od {

// The path ("actor", "applicant.name", "household[1].name") of the first key that
// appears twice in one object of `text`, which must already be valid JSON. Keys are
// compared after unescaping, so "a" and "\u0061" are the same key.
std::optional<std::string> first_duplicate_key(std::string_view text);

}  // namespace od
