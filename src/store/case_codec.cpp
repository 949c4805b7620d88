#include "store/case_codec.h"

#include <boost/json.hpp>

#include "domain/case_json.h"
#include "util/failure.h"

namespace od {
namespace json = boost::json;

std::string encode_case(const Case& c) {
  json::object o = case_to_json(c, TimeStyle::Millis);
  o["v"] = kCaseFormat;
  return json::serialize(o);
}

Case decode_case(std::string_view doc) {
  boost::system::error_code ec;
  json::value v = json::parse(doc, ec);
  if (ec || !v.is_object()) fail(OD_ERR_STORAGE, "a stored case document is damaged");
  const json::object& o = v.get_object();
  // documents written before the format was versioned are format 1
  if (auto it = o.find("v"); it != o.end() && (!it->value().is_int64() || it->value().get_int64() > kCaseFormat))
    fail(OD_ERR_STORAGE, "a stored case is in a newer format than this library reads");
  return case_from_json(o);
}

}  // namespace od
