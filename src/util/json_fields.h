// Reading a JSON request field by field, so that every error names the field's path
// ("applicant.id_number", "household[2].name") and says what was wrong.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/field_spec.h"
#include "util/time.h"

namespace od {

namespace json = boost::json;

// Longest string accepted in an ordinary field, and in a free-text field.
constexpr size_t kMaxShortString = 256;
constexpr size_t kMaxTextString = 8192;

// Given a declaration (util/field_spec.h), every read is checked against it: a field the
// declaration lacks, or read with other limits, is OD_ERR_INTERNAL (a bug, found by any
// test that takes the path); what was read is recorded in the ReadLog.
class Fields {
 public:
  Fields(const json::object& obj, std::string path) : obj_(&obj), path_(std::move(path)) {}
  Fields(const json::object& obj, std::string path, const FieldSpecs* specs, ReadLog* log)
      : obj_(&obj), path_(std::move(path)), specs_(specs), log_(log) {}
  // Another object read under the same declaration (a request rebuilt for paging).
  Fields rebased(const json::object& obj) const;

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
  // The declaration of `key` when it matches how it is read (INTERNAL otherwise), or
  // nullptr when this object has no declaration.
  const FieldSpec* declared(std::string_view key, FieldType how, double a = 0, double b = 0,
                            const std::vector<std::string>* allowed = nullptr, size_t item_len = 0) const;
  Fields child(const json::object& obj, std::string path, const FieldSpec* spec, std::string_view key,
               const char* index) const;
  std::optional<std::string> get_str(std::string_view key, size_t max_len) const;
  const json::value* find(std::string_view key) const;
  // The array at key (nullptr when absent), checked for type and length.
  const json::array* array(std::string_view key, size_t max_items) const;
  const json::object* obj_;
  std::string path_;
  const FieldSpecs* specs_ = nullptr;
  ReadLog* log_ = nullptr;
  std::string spec_path_;  // the declared path of this object: "household[]"
};

// Checks a string value for the rules every text field obeys (no NUL, length).
void check_text(const std::string& path, std::string_view s, size_t max_len);

std::string to_string(const json::value& v);

}  // namespace od
