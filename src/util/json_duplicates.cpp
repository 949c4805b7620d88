#include "util/json_duplicates.h"

#include <boost/json.hpp>
#include <set>
#include <vector>

namespace od {

namespace {

// One open object or array while scanning.
struct Level {
  bool object = false;
  std::set<std::string> keys;
  std::string path;       // of this container
  std::string last_key;   // object: the key whose value comes next
  size_t index = 0;       // array: the index of the next element
  bool expect_key = true; // object: the next string is a key
};

std::string child_path(const Level& l) {
  if (!l.object) return l.path + "[" + std::to_string(l.index) + "]";
  return l.path.empty() ? l.last_key : l.path + "." + l.last_key;
}

// The end of the string literal starting at text[i] == '"' (index of the closing quote).
size_t string_end(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return text.size();
}

}  // namespace

std::optional<std::string> first_duplicate_key(std::string_view text) {
  std::vector<Level> stack;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '{' || ch == '[') {
      Level l;
      l.object = ch == '{';
      l.path = stack.empty() ? std::string() : child_path(stack.back());
      stack.push_back(std::move(l));
    } else if (ch == '}' || ch == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (ch == ',') {
      if (stack.empty()) continue;
      if (stack.back().object) stack.back().expect_key = true;
      else ++stack.back().index;
    } else if (ch == '"') {
      size_t end = string_end(text, i);
      if (!stack.empty() && stack.back().object && stack.back().expect_key) {
        Level& l = stack.back();
        std::string_view literal = text.substr(i, end - i + 1);
        boost::system::error_code ec;
        boost::json::parse_options opts;
        opts.allow_invalid_utf8 = true;
        boost::json::value key = boost::json::parse(literal, ec, {}, opts);
        l.last_key = !ec && key.is_string() ? std::string(key.get_string()) : std::string(literal);
        l.expect_key = false;
        if (!l.keys.insert(l.last_key).second) return child_path(l);
      }
      i = end;
    }
  }
  return std::nullopt;
}

}  // namespace od
