// The disclosure list (公示名单) as a document: the heading says what is published,
// by whom, where and for which period; the rows are the already-masked rows of
// disclosure.h, in the policy's columns. Pure.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "render/sheet.h"
#include "rules/district.h"

namespace od {

struct DisclosureHeading {
  std::string period;     // "2026年03月01日至2026年04月30日"
  std::string place;      // "" while not published
  std::string publisher;  // unit name and officer
  std::string published;  // date, or "" while not published
  std::string number;     // the publication's id, or ""
};

Sheet disclosure_sheet(const std::vector<std::string>& columns, const boost::json::array& rows);
std::string render_disclosure_html(const District& d, const std::vector<std::string>& columns,
                                   const boost::json::array& rows, const DisclosureHeading& h);

}  // namespace od
