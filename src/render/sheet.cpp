#include "render/sheet.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "util/failure.h"

namespace od {

Cell Cell::num(double v) {
  char buf[48];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
  else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string t(buf);  // 7.80 -> 7.8
    while (t.back() == '0') t.pop_back();
    Cell c(t);
    c.number = v;
    return c;
  }
  Cell c(buf);
  c.number = v;
  return c;
}

void Sheet::add(std::vector<Cell> row, bool flag) {
  rows.push_back(std::move(row));
  flagged.push_back(flag);
}

namespace {
void csv_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}
void csv_line(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    csv_field(out, fields[i]);
  }
  out += "\r\n";
}
}  // namespace

std::string to_csv(const std::vector<Sheet>& sheets) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t k = 0; k < sheets.size(); ++k) {
    const Sheet& s = sheets[k];
    if (sheets.size() > 1) {
      if (k) out += "\r\n";
      csv_line(out, {s.name});
    }
    csv_line(out, s.headers);
    for (const auto& r : s.rows) {
      std::vector<std::string> f;
      for (const Cell& c : r) f.push_back(c.text);
      csv_line(out, f);
    }
  }
  return out;
}

std::vector<std::vector<std::string>> html_rows(const Sheet& s) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    std::vector<std::string> r;
    for (const Cell& c : s.rows[i]) r.push_back(c.text);
    if (i < s.flagged.size() && s.flagged[i] && !r.empty()) r[0] = "\x01" + r[0];
    out.push_back(std::move(r));
  }
  return out;
}

std::string to_xlsx(const std::vector<Sheet>& sheets, const std::string& title) {
  // libxlsxwriter 1.1.4 writes to a file only: a private temporary file, read back.
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/onedoor-xlsx-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) fail(OD_ERR_INTERNAL, "cannot create a temporary file for the workbook");
  ::close(fd);
  struct Unlink {
    std::string p;
    ~Unlink() { ::unlink(p.c_str()); }
  } cleanup{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) fail(OD_ERR_INTERNAL, "cannot start the workbook");
  lxw_doc_properties props{};
  props.title = const_cast<char*>(title.c_str());
  props.author = const_cast<char*>("onedoor");
  workbook_set_properties(wb, &props);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xEEEEEE);
  format_set_border(bold, LXW_BORDER_THIN);
  lxw_format* flag = workbook_add_format(wb);
  format_set_bg_color(flag, 0xFDE2E2);
  format_set_bold(flag);
  for (const Sheet& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (!ws) {
      workbook_close(wb);
      fail(OD_ERR_INTERNAL, "cannot add worksheet '" + s.name + "'");
    }
    for (size_t c = 0; c < s.headers.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), s.headers[c].c_str(), bold);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 18 : 14, nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < s.rows.size(); ++r) {
      lxw_format* f = r < s.flagged.size() && s.flagged[r] ? flag : nullptr;
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const Cell& cell = s.rows[r][c];
        auto row = static_cast<lxw_row_t>(r + 1);
        auto col = static_cast<lxw_col_t>(c);
        if (cell.number) worksheet_write_number(ws, row, col, *cell.number, f);
        else worksheet_write_string(ws, row, col, cell.text.c_str(), f);
      }
    }
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) fail(OD_ERR_INTERNAL, std::string("cannot write the workbook: ") + lxw_strerror(err));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace od
