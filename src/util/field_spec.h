// The declaration of a JSON object's fields: name, type, limits, allowed values and what
// the field means. One declaration validates a request before anything reads it
// (unknown field, wrong type, out of range: INVALID naming the field's path), answers
// the `operations` operation as a JSON Schema, writes docs/api.md, and keeps the code
// honest: a Fields reader given the declaration refuses (INTERNAL) to read a field the
// declaration lacks or with other limits, and records what it read for the coverage
// test. Pure.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace od {

enum class FieldType {
  String,          // non-empty, no NUL, at most max bytes; `allowed` makes it an enumeration
  Integer,         // min..max
  Number,          // min..max (a JSON number)
  Bool,
  Instant,         // a time, "2026-03-02T09:30:00+08:00" (see util/time.h)
  Object,          // an object with the declared `fields`
  Objects,         // an array (at most max items) of objects with the declared `fields`
  Strings,         // an array (at most max items) of strings of at most item_len bytes
  Map,             // an object whose keys are data (units, years): checked by its reader
  Array,           // an array checked by its reader (pairs of categories)
  StringOrObject,  // a string of at most max bytes, or an object with the declared `fields`
  Renamed,         // an old spelling: refused, naming `renamed_to`
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::String;
  bool required = false;
  double min = 0, max = 0;  // String: max bytes; Integer/Number: range; arrays: max items
  size_t item_len = 0;      // Strings: max bytes of each string
  std::vector<std::string> allowed;
  std::string doc;
  std::vector<FieldSpec> fields;  // Object, Objects, StringOrObject
  std::string renamed_to;

  // Marks the field required (the schema's "required"; the reader says "is required").
  FieldSpec req() const {
    FieldSpec f = *this;
    f.required = true;
    return f;
  }
};

using FieldSpecs = std::vector<FieldSpec>;

// Builders, so that a declaration reads as a list.
FieldSpec f_str(std::string name, size_t max_len, std::string doc);
FieldSpec f_text(std::string name, std::string doc);  // at most kMaxTextString bytes
FieldSpec f_enum(std::string name, std::vector<std::string> allowed, std::string doc);
FieldSpec f_int(std::string name, int64_t min, int64_t max, std::string doc);
FieldSpec f_num(std::string name, double min, double max, std::string doc);
FieldSpec f_bool(std::string name, std::string doc);
FieldSpec f_time(std::string name, std::string doc);
FieldSpec f_obj(std::string name, FieldSpecs fields, std::string doc);
FieldSpec f_objs(std::string name, size_t max_items, FieldSpecs fields, std::string doc);
FieldSpec f_strs(std::string name, size_t max_items, size_t item_len, std::string doc);
FieldSpec f_map(std::string name, std::string doc);
FieldSpec f_array(std::string name, std::string doc);
FieldSpec f_str_or_obj(std::string name, size_t max_len, FieldSpecs fields, std::string doc);
FieldSpec f_renamed(std::string old_name, std::string new_name);

// An Integer limit as an integer (INT64_MAX is kept exact).
int64_t spec_int(double d);

const FieldSpec* find_spec(const FieldSpecs& specs, std::string_view name);

// Checks `obj` (at `path`) against `specs`: every key declared, every value of its type,
// limits and allowed values. Throws Failure (INVALID or TOO_LARGE naming the path; an old
// spelling names the new one). Required fields are left to the reader, which knows when
// a field is required only in some cases.
void validate_fields(const boost::json::object& obj, const FieldSpecs& specs, const std::string& path);

// JSON Schema (draft 2020-12) of an object with these fields.
boost::json::object json_schema(const FieldSpecs& specs);

// Short type text for documentation: "string ≤64", "integer 1–500", "time", ...
std::string type_text(const FieldSpec& f);

// What a reader read, by declared path ("applicant.name", "household[].id_number").
struct ReadLog {
  std::set<std::string> paths;
};

}  // namespace od
