#include "render/disclosure_list.h"

#include "render/disclosure_policy.h"
#include "render/html.h"

namespace od {
namespace json = boost::json;

Sheet disclosure_sheet(const std::vector<std::string>& columns, const json::array& rows) {
  Sheet s;
  s.name = "公示名单";
  s.headers.push_back("序号");
  for (const auto& c : columns) s.headers.push_back(disclosure_column_zh(c));
  for (const json::value& rv : rows) {
    const json::object& r = rv.as_object();
    std::vector<Cell> row{Cell::num(static_cast<double>(s.rows.size() + 1))};
    for (const auto& c : columns) {
      const json::value* v = r.if_contains(c);
      if (!v) row.push_back("");
      else if (v->is_string()) row.push_back(std::string(v->as_string()));
      else if (v->is_number()) row.push_back(Cell::num(v->to_number<double>()));
      else row.push_back(json::serialize(*v));
    }
    s.add(std::move(row));
  }
  return s;
}

std::string render_disclosure_html(const District& d, const std::vector<std::string>& columns, const json::array& rows,
                                   const DisclosureHeading& h) {
  Sheet s = disclosure_sheet(columns, rows);
  HtmlDoc doc(d.name + "社会救助公示名单", columns.size() > 6);
  doc.heading(d.name + "民政局", "社会救助对象公示名单", h.number.empty() ? "" : "公示编号：" + h.number);
  doc.para("根据政府信息公开和阳光救助的有关规定，现将" + h.period + "经审核给予社会救助的对象予以公示（共" +
               std::to_string(rows.size()) + "人次）。公示期为7天，如有异议，请向区民政局社会救助服务窗口反映。"
               "为保护个人信息，姓名、身份证号已作隐藏处理。",
           "lead");
  doc.table(s.headers, html_rows(s), "list");
  std::string where = h.place.empty() ? "（未公示：本名单为草稿）" : h.place;
  doc.para("公示地点：" + where);
  if (!h.publisher.empty()) doc.para("公示单位：" + h.publisher);
  if (!h.published.empty()) doc.para("公示日期：" + h.published);
  return doc.finish();
}

}  // namespace od
