// Writing self-contained HTML documents: one stylesheet for every document (A4, print
// margins, Chinese serif type, tables with ruled cells, signature lines), escaping, and
// the few building blocks documents share. No scripts, no external resources.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/time.h"

namespace od {

std::string html_escape(std::string_view s);

// "2026年03月02日", "2026年03月02日 09:30"
std::string date_zh(Millis t);
std::string date_time_zh(Millis t);

class HtmlDoc {
 public:
  // `landscape` for wide tables (the ledger).
  explicit HtmlDoc(std::string title, bool landscape = false);

  HtmlDoc& raw(std::string_view html);        // trusted markup
  HtmlDoc& text(std::string_view s);          // escaped
  HtmlDoc& heading(std::string_view issuer, std::string_view title, std::string_view number = {});
  HtmlDoc& h2(std::string_view s);
  HtmlDoc& para(std::string_view s, const char* cls = nullptr);
  // A two-column form: label | value rows (values escaped).
  HtmlDoc& form(const std::vector<std::pair<std::string, std::string>>& rows);
  // A ruled table; cells escaped; rows whose first cell starts with '\x01' are marked
  // (the marker is dropped) so that an unanswered inquiry stands out.
  // `nowrap` lists the columns kept on one line (short codes, dates, names).
  HtmlDoc& table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                 const char* cls = nullptr, const std::vector<size_t>& nowrap = {});
  // The signing and sealing area of a form: two columns of "label：value" lines; an
  // empty value is a line to sign on.
  using SignLines = std::vector<std::pair<std::string, std::string>>;
  HtmlDoc& sign_grid(const SignLines& left, const SignLines& right);
  // A heading kept on the same page as what follows it (a chart, a table).
  HtmlDoc& section(std::string_view heading, std::string_view inner_html);
  HtmlDoc& page_break();

  std::string finish();

 private:
  std::string title_;
  bool landscape_;
  std::string body_;
};

}  // namespace od
