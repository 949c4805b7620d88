// A table of cells that every tabular document (ledger, statistics, disclosure list)
// is built as once, then written as an HTML table, as CSV (UTF-8 with a BOM and CRLF,
// so that Excel opens Chinese text) or as an XLSX workbook (libxlsxwriter).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace od {

struct Cell {
  std::string text;
  std::optional<double> number;  // written as a number in XLSX and right-aligned in HTML
  Cell(std::string t) : text(std::move(t)) {}  // NOLINT: cells are written inline
  Cell(const char* t) : text(t) {}             // NOLINT
  static Cell num(double v);
};

struct Sheet {
  std::string name;  // the XLSX sheet's name (at most 31 characters) and the HTML heading
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
  std::vector<bool> flagged;  // parallel to rows: rows that must stand out

  void add(std::vector<Cell> row, bool flag = false);
};

// RFC 4180 with a UTF-8 byte order mark; several sheets are separated by a blank line
// and a line with the sheet's name.
std::string to_csv(const std::vector<Sheet>& sheets);
// An XLSX workbook, one worksheet per sheet, header row bold and frozen. Throws
// Failure(OD_ERR_INTERNAL) if the workbook cannot be written.
std::string to_xlsx(const std::vector<Sheet>& sheets, const std::string& title);
// Rows as text for HtmlDoc::table (flagged rows marked).
std::vector<std::vector<std::string>> html_rows(const Sheet& s);

}  // namespace od
