// What the district publishes of each grant (公示), from the district file's
// "disclosure" object. Pure.
//
//   "disclosure": {"columns": ["name", "town", "category", "measures", "amount",
//                              "household_size", "granted_on"],
//                  "measures": "masked" | "category",
//                  "places": ["notice_board", "website"]}
//
// columns: which of the published columns appear, in this order (default: all of
// kDisclosureColumns). measures: "masked" publishes the measures with every ID number,
// phone number, name and address masked (redact.h); "category" publishes only a
// category-level description. places: where a list may be published.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

namespace od {

inline const std::vector<std::string> kDisclosureColumns = {
    "name", "id_number", "town", "category", "measures", "amount", "household_size", "granted_on"};

struct DisclosurePolicy {
  std::vector<std::string> columns = kDisclosureColumns;
  std::string measures = "masked";
  std::vector<std::string> places = {"notice_board", "website"};

  bool shows(const std::string& column) const;
};

// Throws Failure(OD_ERR_CONFIG) naming the field under `path` ("district.disclosure").
DisclosurePolicy parse_disclosure_policy(const boost::json::value& v, const std::string& path);

// The Chinese heading of a column, and of a place.
const char* disclosure_column_zh(const std::string& column);
std::string place_zh(const std::string& place);

}  // namespace od
