#include "util/field_spec.h"

#include "util/failure.h"
#include "util/json_fields.h"

namespace od {
namespace json = boost::json;

FieldSpec f_str(std::string name, size_t max_len, std::string doc) {
  FieldSpec f;
  f.name = std::move(name);
  f.max = static_cast<double>(max_len);
  f.doc = std::move(doc);
  return f;
}
FieldSpec f_text(std::string name, std::string doc) { return f_str(std::move(name), kMaxTextString, std::move(doc)); }
FieldSpec f_enum(std::string name, std::vector<std::string> allowed, std::string doc) {
  FieldSpec f = f_str(std::move(name), kMaxShortString, std::move(doc));
  f.allowed = std::move(allowed);
  return f;
}
FieldSpec f_int(std::string name, int64_t min, int64_t max, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Integer;
  f.min = static_cast<double>(min);
  f.max = static_cast<double>(max);
  return f;
}
FieldSpec f_num(std::string name, double min, double max, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Number;
  f.min = min;
  f.max = max;
  return f;
}
FieldSpec f_bool(std::string name, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Bool;
  return f;
}
FieldSpec f_time(std::string name, std::string doc) {
  FieldSpec f = f_str(std::move(name), 64, std::move(doc));
  f.type = FieldType::Instant;
  return f;
}
FieldSpec f_obj(std::string name, FieldSpecs fields, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Object;
  f.fields = std::move(fields);
  return f;
}
FieldSpec f_objs(std::string name, size_t max_items, FieldSpecs fields, std::string doc) {
  FieldSpec f = f_obj(std::move(name), std::move(fields), std::move(doc));
  f.type = FieldType::Objects;
  f.max = static_cast<double>(max_items);
  return f;
}
FieldSpec f_strs(std::string name, size_t max_items, size_t item_len, std::string doc) {
  FieldSpec f = f_str(std::move(name), max_items, std::move(doc));
  f.type = FieldType::Strings;
  f.item_len = item_len;
  return f;
}
FieldSpec f_map(std::string name, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Map;
  return f;
}
FieldSpec f_array(std::string name, std::string doc) {
  FieldSpec f = f_str(std::move(name), 0, std::move(doc));
  f.type = FieldType::Array;
  return f;
}
FieldSpec f_str_or_obj(std::string name, size_t max_len, FieldSpecs fields, std::string doc) {
  FieldSpec f = f_obj(std::move(name), std::move(fields), std::move(doc));
  f.type = FieldType::StringOrObject;
  f.max = static_cast<double>(max_len);
  return f;
}
FieldSpec f_renamed(std::string old_name, std::string new_name) {
  FieldSpec f = f_str(std::move(old_name), 0, "");
  f.type = FieldType::Renamed;
  f.renamed_to = std::move(new_name);
  return f;
}

const FieldSpec* find_spec(const FieldSpecs& specs, std::string_view name) {
  for (const FieldSpec& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

int64_t spec_int(double d) {
  // INT64_MAX does not survive the trip through a double: clamp
  if (d >= 9.2e18) return INT64_MAX;
  if (d <= -9.2e18) return INT64_MIN;
  return static_cast<int64_t>(d);
}

namespace {

std::string join(const FieldSpecs& specs) {
  std::string out;
  for (const FieldSpec& s : specs)
    if (s.type != FieldType::Renamed) out += (out.empty() ? "" : ", ") + s.name;
  return out;
}

// One declared value, read with an undeclared Fields so that the messages and statuses
// are the reader's own.
void check_value(const Fields& f, const FieldSpec& s, const std::string& path) {
  const std::string& k = s.name;
  switch (s.type) {
    case FieldType::String:
      if (s.allowed.empty()) f.opt_str(k, static_cast<size_t>(s.max));
      else f.opt_one_of(k, s.allowed);
      return;
    case FieldType::Integer: f.opt_integer(k, spec_int(s.min), spec_int(s.max)); return;
    case FieldType::Number: f.opt_number(k, s.min, s.max); return;
    case FieldType::Bool: f.opt_bool(k); return;
    case FieldType::Instant: f.opt_instant(k); return;
    case FieldType::Map: f.opt_obj(k); return;
    case FieldType::Array:
      if (!f.object().at(k).is_array() && !f.object().at(k).is_null()) invalid(path, "must be an array");
      return;
    case FieldType::Object:
      if (auto o = f.opt_obj(k)) validate_fields(o->object(), s.fields, path);
      return;
    case FieldType::Objects: {
      size_t i = 0;
      for (const Fields& o : f.objs(k, static_cast<size_t>(s.max)))
        validate_fields(o.object(), s.fields, path + "[" + std::to_string(i++) + "]");
      return;
    }
    case FieldType::Strings: f.strs(k, static_cast<size_t>(s.max), s.item_len); return;
    case FieldType::StringOrObject: {
      const json::value& v = f.object().at(k);
      if (v.is_object()) validate_fields(v.get_object(), s.fields, path);
      else if (!v.is_null()) f.opt_str(k, static_cast<size_t>(s.max));
      return;
    }
    case FieldType::Renamed: invalid(path, "is now called '" + s.renamed_to + "'");
  }
}

}  // namespace

void validate_fields(const json::object& obj, const FieldSpecs& specs, const std::string& path) {
  Fields plain(obj, path);
  for (const auto& kv : obj) {
    std::string at = plain.path(kv.key());
    const FieldSpec* s = find_spec(specs, kv.key());
    if (!s) invalid(at, "is not a known field (known here: " + join(specs) + ")");
    check_value(plain, *s, at);
  }
}

namespace {

json::value nullable(json::object schema, bool required) {
  if (required) return schema;
  return json::object{{"anyOf", json::array{std::move(schema), json::object{{"type", "null"}}}}};
}

json::object value_schema(const FieldSpec& s) {
  json::object o;
  switch (s.type) {
    case FieldType::String:
      o["type"] = "string";
      if (!s.allowed.empty()) {
        json::array e;
        for (const auto& a : s.allowed) e.push_back(json::value(a));
        o["enum"] = std::move(e);
      } else {
        o["minLength"] = 1;
        o["maxLength"] = static_cast<int64_t>(s.max);  // bytes in onedoor; characters here: looser
      }
      break;
    case FieldType::Integer:
    case FieldType::Number:
      o["type"] = s.type == FieldType::Integer ? "integer" : "number";
      if (s.type == FieldType::Integer) {
        o["minimum"] = spec_int(s.min);
        o["maximum"] = spec_int(s.max);
      } else {
        o["minimum"] = s.min;
        o["maximum"] = s.max;
      }
      break;
    case FieldType::Bool: o["type"] = "boolean"; break;
    case FieldType::Instant:
      o["type"] = "string";
      o["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$";
      break;
    case FieldType::Object: o = json_schema(s.fields); break;
    case FieldType::Objects:
      o["type"] = "array";
      o["maxItems"] = static_cast<int64_t>(s.max);
      o["items"] = json_schema(s.fields);
      break;
    case FieldType::Strings:
      o["type"] = "array";
      o["maxItems"] = static_cast<int64_t>(s.max);
      o["items"] = json::object{{"type", "string"}, {"minLength", 0}, {"maxLength", static_cast<int64_t>(s.item_len)}};
      break;
    case FieldType::Map: o["type"] = "object"; break;
    case FieldType::Array: o["type"] = "array"; break;
    case FieldType::StringOrObject:
      o["anyOf"] = json::array{json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(s.max)}},
                               json_schema(s.fields)};
      break;
    case FieldType::Renamed: break;
  }
  if (!s.doc.empty()) o["description"] = s.doc;
  return o;
}

}  // namespace

json::object json_schema(const FieldSpecs& specs) {
  json::object props;
  json::array required;
  for (const FieldSpec& s : specs) {
    if (s.type == FieldType::Renamed) continue;
    props[s.name] = nullable(value_schema(s), s.required);
    if (s.required) required.push_back(json::value(s.name));
  }
  json::object o;
  o["type"] = "object";
  o["properties"] = std::move(props);
  if (!required.empty()) o["required"] = std::move(required);
  o["additionalProperties"] = false;
  return o;
}

std::string type_text(const FieldSpec& s) {
  auto num = [](double d) {
    std::string t = std::to_string(d);
    if (d == static_cast<double>(static_cast<int64_t>(d))) t = std::to_string(static_cast<int64_t>(d));
    return t;
  };
  switch (s.type) {
    case FieldType::String:
      if (!s.allowed.empty()) {
        std::string t;
        for (const auto& a : s.allowed) t += (t.empty() ? "" : " \\| ") + ("`" + a + "`");
        return t;
      }
      return s.max == kMaxTextString ? "text" : "string ≤" + num(s.max);
    case FieldType::Integer:
      return "integer " + std::to_string(spec_int(s.min)) + "–" + std::to_string(spec_int(s.max));
    case FieldType::Number: return "number " + num(s.min) + "–" + num(s.max);
    case FieldType::Bool: return "bool";
    case FieldType::Instant: return "time";
    case FieldType::Object: return "object";
    case FieldType::Objects: return "array ≤" + num(s.max) + " of objects";
    case FieldType::Strings: return "array ≤" + num(s.max) + " of strings ≤" + num(static_cast<double>(s.item_len));
    case FieldType::Map: return "object";
    case FieldType::Array: return "array";
    case FieldType::StringOrObject: return "string ≤" + num(s.max) + " or object";
    case FieldType::Renamed: return "renamed to `" + s.renamed_to + "`";
  }
  return "?";
}

}  // namespace od
