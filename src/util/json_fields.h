// Reading a JSON request field by field, so that every error names the field's path
// ("applicant.id_number", "household[2].name") and says what was wrong.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/time.h"

namespace od {

namespace json = boost::json;

// Longest string accepted in an ordinary field, and in a free-text field.
constexpr size_t kMaxShortString = 256;
constexpr size_t kMaxTextString = 8192;

class Fields {
 public:
  Fields(const json::object& obj, std::string path) : obj_(&obj), path_(std::move(path)) {}

  const json::object& object() const { return *obj_; }
  std::string path(std::string_view key) const;
  bool has(std::string_view key) const;

  std::string str(std::string_view key, size_t max_len = kMaxShortString) const;
  std::optional<std::string> opt_str(std::string_view key, size_t max_len = kMaxShortString) const;
  // A string that must be one of `allowed`.
  std::string one_of(std::string_view key, const std::vector<std::string>& allowed) const;
  std::optional<std::string> opt_one_of(std::string_view key, const std::vector<std::string>& allowed) const;
  int64_t integer(std::string_view key, int64_t min, int64_t max) const;
  std::optional<int64_t> opt_integer(std::string_view key, int64_t min, int64_t max) const;
  std::optional<double> opt_number(std::string_view key, double min, double max) const;
  std::optional<bool> opt_bool(std::string_view key) const;
  Millis instant(std::string_view key) const;
  std::optional<Millis> opt_instant(std::string_view key) const;
  Fields obj(std::string_view key) const;
  std::optional<Fields> opt_obj(std::string_view key) const;
  // An array of objects (each as Fields with an indexed path); absent means empty.
  std::vector<Fields> objs(std::string_view key, size_t max_items) const;
  std::vector<std::string> strs(std::string_view key, size_t max_items, size_t max_len = kMaxShortString) const;

 private:
  const json::value* find(std::string_view key) const;
  // The array at key (nullptr when absent), checked for type and length.
  const json::array* array(std::string_view key, size_t max_items) const;
  const json::object* obj_;
  std::string path_;
};

// Checks a string value for the rules every text field obeys (no NUL, length).
void check_text(const std::string& path, std::string_view s, size_t max_len);

std::string to_string(const json::value& v);

}  // namespace od
