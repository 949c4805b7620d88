// One table per enumerated concept: each value with the name stored on disk and sent in
// JSON, and the Chinese label people read where the domain has one. Code compares enum
// values; only the codecs (case JSON, request fields, store rows) meet the names. Pure.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace od {

template <typename E>
struct EnumName {
  E value;
  const char* name;          // stored and sent: "in_person"
  const char* label = "";   // read by people: "当面" ("" when the concept has none)
};

template <typename E>
class EnumTable {
 public:
  EnumTable(std::initializer_list<EnumName<E>> rows) : rows_(rows) {
    for (const auto& r : rows_) names_.emplace_back(r.name);
  }
  const char* name(E e) const {
    for (const auto& r : rows_)
      if (r.value == e) return r.name;
    return "?";
  }
  const char* label(E e) const {
    for (const auto& r : rows_)
      if (r.value == e) return r.label;
    return "?";
  }
  // The value named `s`; nullopt for any other text (names are matched exactly).
  std::optional<E> parse(std::string_view s) const {
    for (const auto& r : rows_)
      if (s == r.name) return r.value;
    return std::nullopt;
  }
  // Every name in table order, as request validation lists them.
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<EnumName<E>>& rows() const { return rows_; }

 private:
  std::vector<EnumName<E>> rows_;
  std::vector<std::string> names_;
};

}  // namespace od
