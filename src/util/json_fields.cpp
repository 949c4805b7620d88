#include "util/json_fields.h"

#include "util/failure.h"

namespace od {

std::string Fields::path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Fields Fields::rebased(const json::object& obj) const {
  Fields f = *this;
  f.obj_ = &obj;
  return f;
}

namespace {

bool matches(const FieldSpec& s, FieldType how, double a, double b, const std::vector<std::string>* allowed,
             size_t item_len) {
  switch (how) {
    case FieldType::String:
      if (s.type == FieldType::StringOrObject) return s.max == a;
      if (s.type != FieldType::String) return false;
      if (allowed) return s.allowed.empty() || s.allowed == *allowed;  // empty: values the district names
      return s.allowed.empty() && s.max == a;
    case FieldType::Integer: return s.type == how && spec_int(s.min) == spec_int(a) && spec_int(s.max) == spec_int(b);
    case FieldType::Number: return s.type == how && s.min == a && s.max == b;
    case FieldType::Object:
      return s.type == FieldType::Object || s.type == FieldType::Map || s.type == FieldType::StringOrObject;
    case FieldType::Objects: return s.type == how && s.max == a;
    case FieldType::Strings: return s.type == how && s.max == a && s.item_len == item_len;
    case FieldType::Renamed: return true;  // has(): any declared field
    default: return s.type == how;
  }
}

}  // namespace

const FieldSpec* Fields::declared(std::string_view key, FieldType how, double a, double b,
                                  const std::vector<std::string>* allowed, size_t item_len) const {
  if (!specs_) return nullptr;
  std::string at = spec_path_.empty() ? std::string(key) : spec_path_ + "." + std::string(key);
  const FieldSpec* s = find_spec(*specs_, key);
  if (!s || s->type == FieldType::Renamed)
    fail(OD_ERR_INTERNAL, "the code reads '" + at + "', which the operation's declaration lacks", path(key));
  if (!matches(*s, how, a, b, allowed, item_len))
    fail(OD_ERR_INTERNAL, "the code reads '" + at + "' otherwise than declared (" + type_text(*s) + ")", path(key));
  if (log_) log_->paths.insert(at);
  return s;
}

Fields Fields::child(const json::object& obj, std::string path, const FieldSpec* spec, std::string_view key,
                     const char* index) const {
  Fields f(obj, std::move(path));
  if (spec && spec->type != FieldType::Map) {
    f.specs_ = &spec->fields;
    f.log_ = log_;
    f.spec_path_ = (spec_path_.empty() ? std::string(key) : spec_path_ + "." + std::string(key)) + index;
  }
  return f;
}

bool Fields::has(std::string_view key) const {
  declared(key, FieldType::Renamed);
  const json::value* v = find(key);
  return v && !v->is_null();
}

const json::value* Fields::find(std::string_view key) const {
  auto it = obj_->find(key);
  return it == obj_->end() ? nullptr : &it->value();
}

void check_text(const std::string& path, std::string_view s, size_t max_len) {
  if (s.size() > max_len)
    fail(OD_ERR_TOO_LARGE, "is longer than " + std::to_string(max_len) + " bytes", path);
  if (s.find('\0') != std::string_view::npos) invalid(path, "must not contain NUL characters");
}

std::optional<std::string> Fields::opt_str(std::string_view key, size_t max_len) const {
  declared(key, FieldType::String, static_cast<double>(max_len));
  return get_str(key, max_len);
}

std::optional<std::string> Fields::get_str(std::string_view key, size_t max_len) const {
  const json::value* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) invalid(path(key), "must be a string");
  std::string_view s = v->get_string();
  check_text(path(key), s, max_len);
  // An empty value would record a blank (a blank first-responsible officer, a blank
  // relation): leave the field out instead.
  if (s.empty()) invalid(path(key), "must not be empty (leave the field out instead)");
  return std::string(s);
}

std::string Fields::str(std::string_view key, size_t max_len) const {
  declared(key, FieldType::String, static_cast<double>(max_len));
  auto s = get_str(key, max_len);
  if (!s) invalid(path(key), "is required");
  return *s;
}

std::optional<std::string> Fields::opt_one_of(std::string_view key,
                                              const std::vector<std::string>& allowed) const {
  declared(key, FieldType::String, 0, 0, &allowed);
  auto s = get_str(key, kMaxShortString);
  if (!s) return s;
  for (const auto& a : allowed)
    if (a == *s) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  invalid(path(key), "must be one of: " + list);
}

std::string Fields::one_of(std::string_view key, const std::vector<std::string>& allowed) const {
  auto s = opt_one_of(key, allowed);
  if (!s) invalid(path(key), "is required");
  return *s;
}

std::optional<int64_t> Fields::opt_integer(std::string_view key, int64_t min, int64_t max) const {
  declared(key, FieldType::Integer, static_cast<double>(min), static_cast<double>(max));
  const json::value* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  int64_t n;
  if (v->is_int64()) n = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) n = static_cast<int64_t>(v->get_uint64());
  else invalid(path(key), "must be an integer");
  if (n < min || n > max)
    invalid(path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

int64_t Fields::integer(std::string_view key, int64_t min, int64_t max) const {
  auto n = opt_integer(key, min, max);
  if (!n) invalid(path(key), "is required");
  return *n;
}

std::optional<double> Fields::opt_number(std::string_view key, double min, double max) const {
  declared(key, FieldType::Number, min, max);
  const json::value* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) invalid(path(key), "must be a number");
  double d = v->to_number<double>();
  if (!(d >= min && d <= max)) invalid(path(key), "is out of range");
  return d;
}

std::optional<bool> Fields::opt_bool(std::string_view key) const {
  declared(key, FieldType::Bool);
  const json::value* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) invalid(path(key), "must be true or false");
  return v->get_bool();
}

std::optional<Millis> Fields::opt_instant(std::string_view key) const {
  declared(key, FieldType::Instant);
  auto s = get_str(key, 64);
  if (!s) return std::nullopt;
  auto t = parse_instant(*s);
  if (!t) invalid(path(key), "must be a time like 2026-03-02T09:30:00+08:00");
  return t;
}

Millis Fields::instant(std::string_view key) const {
  auto t = opt_instant(key);
  if (!t) invalid(path(key), "is required");
  return *t;
}

std::optional<Fields> Fields::opt_obj(std::string_view key) const {
  const FieldSpec* spec = declared(key, FieldType::Object);
  const json::value* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_object()) invalid(path(key), "must be an object");
  return child(v->get_object(), path(key), spec, key, "");
}

Fields Fields::obj(std::string_view key) const {
  auto f = opt_obj(key);
  if (!f) invalid(path(key), "is required");
  return *f;
}

const json::array* Fields::array(std::string_view key, size_t max_items) const {
  const json::value* v = find(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) invalid(path(key), "must be an array");
  const auto& arr = v->get_array();
  if (arr.size() > max_items)
    fail(OD_ERR_TOO_LARGE, "has more than " + std::to_string(max_items) + " entries", path(key));
  return &arr;
}

std::vector<Fields> Fields::objs(std::string_view key, size_t max_items) const {
  const FieldSpec* spec = declared(key, FieldType::Objects, static_cast<double>(max_items));
  std::vector<Fields> out;
  const json::array* a = array(key, max_items);
  if (!a) return out;
  const json::array& arr = *a;
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string p = path(key) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) invalid(p, "must be an object");
    out.push_back(child(arr[i].get_object(), p, spec, key, "[]"));
  }
  return out;
}

std::vector<std::string> Fields::strs(std::string_view key, size_t max_items, size_t max_len) const {
  declared(key, FieldType::Strings, static_cast<double>(max_items), 0, nullptr, max_len);
  std::vector<std::string> out;
  const json::array* a = array(key, max_items);
  if (!a) return out;
  const json::array& arr = *a;
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string p = path(key) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) invalid(p, "must be a string");
    check_text(p, arr[i].get_string(), max_len);
    out.emplace_back(arr[i].get_string());
  }
  return out;
}

std::string to_string(const json::value& v) { return json::serialize(v); }

}  // namespace od
