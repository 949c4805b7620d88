#include "schema_check.hpp"

#include <regex>

namespace json = boost::json;

namespace {

bool has_type(const json::value& v, std::string_view t) {
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_int64() || v.is_uint64() || (v.is_double() && v.get_double() == static_cast<double>(static_cast<int64_t>(v.get_double())));
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_bool();
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "null") return v.is_null();
  return false;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string schema_problem(const json::value& schema, const json::value& v, const std::string& path) {
  const json::object& s = schema.as_object();
  if (auto* any = s.if_contains("anyOf")) {
    std::string first;
    for (const auto& alt : any->as_array()) {
      std::string p = schema_problem(alt, v, path);
      if (p.empty()) { first.clear(); goto matched; }
      if (first.empty()) first = p;
    }
    return path + ": matches no alternative (" + first + ")";
  }
matched:
  if (auto* t = s.if_contains("type"))
    if (!has_type(v, t->as_string())) return path + ": is not of type " + std::string(t->as_string());
  if (auto* e = s.if_contains("enum")) {
    bool found = false;
    for (const auto& x : e->as_array()) found = found || x == v;
    if (!found) return path + ": is not one of the enum values";
  }
  if (v.is_string()) {
    size_t n = code_points(v.get_string());
    if (auto* m = s.if_contains("minLength"); m && n < static_cast<size_t>(m->to_number<int64_t>())) return path + ": too short";
    if (auto* m = s.if_contains("maxLength"); m && n > static_cast<size_t>(m->to_number<int64_t>())) return path + ": too long";
    if (auto* p = s.if_contains("pattern"))
      if (!std::regex_search(std::string(v.get_string()), std::regex(std::string(p->as_string()), std::regex::ECMAScript)))
        return path + ": does not match the pattern";
  }
  if (v.is_number()) {
    double d = v.to_number<double>();
    if (auto* m = s.if_contains("minimum"); m && d < m->to_number<double>()) return path + ": below the minimum";
    if (auto* m = s.if_contains("maximum"); m && d > m->to_number<double>()) return path + ": above the maximum";
  }
  if (v.is_object()) {
    const json::object& o = v.get_object();
    const json::object* props = s.if_contains("properties") ? &s.at("properties").as_object() : nullptr;
    if (auto* r = s.if_contains("required"))
      for (const auto& k : r->as_array())
        if (!o.contains(k.as_string())) return path + "." + std::string(k.as_string()) + ": is required";
    for (const auto& kv : o) {
      std::string at = path + "." + std::string(kv.key());
      if (props && props->contains(kv.key())) {
        std::string p = schema_problem(props->at(kv.key()), kv.value(), at);
        if (!p.empty()) return p;
      } else if (auto* ap = s.if_contains("additionalProperties"); ap && ap->is_bool() && !ap->get_bool()) {
        return at + ": is not allowed (additionalProperties)";
      }
    }
  }
  if (v.is_array()) {
    const json::array& a = v.get_array();
    if (auto* m = s.if_contains("maxItems"); m && a.size() > static_cast<size_t>(m->to_number<int64_t>()))
      return path + ": too many items";
    if (auto* it = s.if_contains("items"))
      for (size_t i = 0; i < a.size(); ++i) {
        std::string p = schema_problem(*it, a[i], path + "[" + std::to_string(i) + "]");
        if (!p.empty()) return p;
      }
  }
  return "";
}
