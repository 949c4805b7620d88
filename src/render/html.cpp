#include "render/html.h"

#include <algorithm>
#include <cstdio>

namespace od {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string date_zh(Millis t) {
  int y, m, d;
  ymd_from_day(local_day(t), y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", y, m, d);
  return buf;
}

std::string date_time_zh(Millis t) {
  Millis local = t + kLocalOffsetMs;
  Millis in_day = ((local % kMsPerDay) + kMsPerDay) % kMsPerDay;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", static_cast<int>(in_day / 3'600'000),
                static_cast<int>(in_day / 60'000 % 60));
  return date_zh(t) + buf;
}

namespace {
// One stylesheet for all documents. Serif CJK type as on printed government forms;
// sizes in pt so print and screen agree; a table never splits a row across pages.
constexpr const char* kStyle = R"css(
@page { size: A4 %ORIENT%; margin: 16mm 15mm 16mm 15mm; }
* { box-sizing: border-box; }
html { background: #f2f2f2; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       font-size: 11pt; line-height: 1.55; color: #000; margin: 0 auto; background: #fff;
       max-width: %WIDTH%; padding: 14mm 15mm; }
@media print { html { background: #fff; } body { max-width: none; padding: 0; } }
.issuer { text-align: center; font-size: 13pt; letter-spacing: 0.1em; margin: 0; }
h1 { text-align: center; font-size: 20pt; font-weight: 700; letter-spacing: 0.25em; margin: 4pt 0 2pt 0; }
.number { text-align: right; font-size: 10.5pt; margin: 0 0 8pt 0; }
h2 { font-size: 13pt; margin: 12pt 0 5pt 0; font-family: "Noto Sans CJK SC", "SimHei", sans-serif;
     page-break-after: avoid; break-after: avoid; }
section.keep { page-break-inside: avoid; break-inside: avoid; }
.nw { white-space: nowrap; }
p { margin: 4pt 0; text-indent: 0; }
p.lead { text-indent: 2em; }
p.small, .small { font-size: 9pt; color: #333; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 6pt 0; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: 700; font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 10pt; }
tr { page-break-inside: avoid; break-inside: avoid; }
table.form th { width: 22%; text-align: center; vertical-align: middle; white-space: nowrap; }
table.list td, table.list th { font-size: 9pt; padding: 2pt 3pt; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.flag td { background: #fde2e2; font-weight: 700; }
.signs { display: flex; justify-content: space-between; margin-top: 14pt; gap: 12pt; page-break-inside: avoid; break-inside: avoid; }
.signs div { flex: 1; }
.signs div + div { text-align: left; padding-left: 10%; }
.signs p { margin: 5pt 0; }
.signs .line { display: inline-block; min-width: 34mm; border-bottom: 0.75pt solid #000; height: 1.2em; }
.signs .seal { margin-top: 6pt; text-align: right; }
.date { text-align: right; margin-top: 8pt; }
.break { page-break-after: always; break-after: page; height: 0; }
.cover { text-align: center; padding-top: 40mm; }
.cover h1 { font-size: 28pt; margin-bottom: 24pt; }
.cover table { width: 75%; margin: 0 auto; }
.chart { margin: 4pt 0 10pt 0; page-break-inside: avoid; break-inside: avoid; }
.chart svg { width: 100%; height: auto; }
.cards { display: flex; gap: 4pt; margin: 6pt 0; }
.cards div { flex: 1 1 0; border: 0.75pt solid #000; padding: 3pt 5pt; font-size: 9pt; }
.stub { border-top: 1pt dashed #000; margin-top: 14pt; padding-top: 6pt; }
.cards b { display: block; font-size: 15pt; }
)css";

void replace(std::string& s, std::string_view what, std::string_view with) {
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + with.size())) s.replace(p, what.size(), with);
}

std::string with_breaks(std::string s) {
  replace(s, "\n", "<br>");
  return s;
}
}  // namespace

HtmlDoc::HtmlDoc(std::string title, bool landscape) : title_(std::move(title)), landscape_(landscape) {}

HtmlDoc& HtmlDoc::raw(std::string_view html) {
  body_ += html;
  return *this;
}

HtmlDoc& HtmlDoc::text(std::string_view s) {
  body_ += html_escape(s);
  return *this;
}

HtmlDoc& HtmlDoc::heading(std::string_view issuer, std::string_view title, std::string_view number) {
  if (!issuer.empty()) body_ += "<p class=\"issuer\">" + html_escape(issuer) + "</p>\n";
  body_ += "<h1>" + html_escape(title) + "</h1>\n";
  if (!number.empty()) body_ += "<p class=\"number\">" + html_escape(number) + "</p>\n";
  return *this;
}

HtmlDoc& HtmlDoc::h2(std::string_view s) {
  body_ += "<h2>" + html_escape(s) + "</h2>\n";
  return *this;
}

HtmlDoc& HtmlDoc::para(std::string_view s, const char* cls) {
  body_ += cls ? "<p class=\"" + std::string(cls) + "\">" : std::string("<p>");
  body_ += html_escape(s) + "</p>\n";
  return *this;
}

HtmlDoc& HtmlDoc::form(const std::vector<std::pair<std::string, std::string>>& rows) {
  body_ += "<table class=\"form\">\n";
  for (const auto& [label, value] : rows)
    body_ += "<tr><th>" + html_escape(label) + "</th><td>" + with_breaks(html_escape(value)) + "</td></tr>\n";
  body_ += "</table>\n";
  return *this;
}

HtmlDoc& HtmlDoc::table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                        const char* cls, const std::vector<size_t>& nowrap) {
  auto keep = [&](size_t i) { return std::find(nowrap.begin(), nowrap.end(), i) != nowrap.end(); };
  body_ += cls ? "<table class=\"" + std::string(cls) + "\">\n" : std::string("<table>\n");
  body_ += "<thead><tr>";
  for (size_t i = 0; i < headers.size(); ++i)
    body_ += (keep(i) ? "<th class=\"nw\">" : "<th>") + html_escape(headers[i]) + "</th>";
  body_ += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    bool flag = !r.empty() && !r[0].empty() && r[0][0] == '\x01';
    body_ += flag ? "<tr class=\"flag\">" : "<tr>";
    for (size_t i = 0; i < r.size(); ++i) {
      std::string_view cell = r[i];
      if (i == 0 && flag) cell.remove_prefix(1);
      bool num = !cell.empty() && cell.find_first_not_of("0123456789.,-%") == std::string_view::npos;
      body_ += num ? "<td class=\"num\">" : keep(i) ? "<td class=\"nw\">" : "<td>";
      body_ += html_escape(cell) + "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table>\n";
  return *this;
}

HtmlDoc& HtmlDoc::sign_grid(const SignLines& left, const SignLines& right) {
  auto column = [](const SignLines& lines) {
    std::string out = "<div>";
    for (const auto& [label, value] : lines) {
      out += "<p>" + html_escape(label);
      out += value.empty() ? std::string("<span class=\"line\"></span>") : html_escape(value);
      out += "</p>";
    }
    return out + "</div>";
  };
  body_ += "<div class=\"signs\">" + column(left) + column(right) + "</div>\n";
  return *this;
}

HtmlDoc& HtmlDoc::section(std::string_view heading, std::string_view inner_html) {
  body_ += "<section class=\"keep\"><h2>" + html_escape(heading) + "</h2>\n";
  body_ += inner_html;
  body_ += "</section>\n";
  return *this;
}

HtmlDoc& HtmlDoc::page_break() {
  body_ += "<div class=\"break\"></div>\n";
  return *this;
}

std::string HtmlDoc::finish() {
  std::string style = kStyle;
  replace(style, "%ORIENT%", landscape_ ? "landscape" : "portrait");
  replace(style, "%WIDTH%", landscape_ ? "297mm" : "210mm");
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    html_escape(title_) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n";
  out += body_;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace od
