#include "render/stats_report.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdio>

#include "domain/deadlines.h"
#include "render/charts.h"
#include "render/html.h"
#include "render/names.h"

namespace od {
namespace json = boost::json;

StatsExtras::StatsExtras(const District& d, Millis now, Millis from, Millis to)
    : d_(d), now_(now), from_(from), to_(to) {}

void StatsExtras::add(const Case& c) {
  if (c.received_at < from_ || c.received_at >= to_) return;
  Day day = local_day(c.received_at);
  weekly[day - (weekday(day) - 1)]++;
  for (const Item& it : c.items) {
    if (it.emergency) {
      ++emergency_grants;
      if (it.emergency->amount) emergency_amount += *it.emergency->amount;
    }
    if (!it.final()) {
      if (auto ob = next_obligation(d_, c, it); ob && now_ > ob->due) per_unit[ob->unit].overdue++;
      continue;
    }
    if (!it.feedback || it.feedback->outcome == Outcome::Merged) continue;
    const Feedback& f = *it.feedback;
    auto& u = per_unit[f.unit];
    (f.late ? u.late : u.on_time)++;
    ++answered;
    working_days += d_.calendar.working_days_between(local_day(c.received_at), local_day(f.recorded_at));
    if (f.outcome == Outcome::Granted) {
      ++granted_items;
      double a = f.amount.value_or(0);
      granted_amount += a;
      amount_by_category[it.category] += a;
      amount_by_town[c.hukou_town] += a;
      int y, m, dd;
      ymd_from_day(local_day(f.recorded_at), y, m, dd);
      char month[16];
      std::snprintf(month, sizeof month, "%04d-%02d", y, m);
      amount_by_month[month] += a;
    }
  }
}

namespace {

int64_t count_of(const json::object& stats, const char* key) {
  const json::value* v = stats.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double avg_working_days(const StatsExtras& x) {
  return x.answered ? static_cast<double>(x.working_days) / static_cast<double>(x.answered) : 0.0;
}

// The name of a key of one `by` dimension.
std::string key_name(const District& d, const std::string& dim, const std::string& key) {
  if (dim == "town") return town_name(d, key);
  if (dim == "category") return category_name(d, key);
  if (dim == "department" || dim == "holder" || dim == "window") return unit_name(d, key);
  if (dim == "outcome") {
    if (auto o = parse_outcome(key)) return outcome_zh(*o);
  }
  if (dim == "state") {
    if (auto s = parse_case_state(key)) return case_state_zh(*s);
  }
  if (dim == "channel") return channel_zh(key);
  return key;
}

// One dimension of `by` as a sheet: name, code, count; largest first.
Sheet by_sheet(const District& d, const json::object& stats, const std::string& dim, const std::string& title,
               const std::string& what) {
  Sheet s;
  s.name = title;
  s.headers = {"名称", "代码", what};
  std::vector<std::pair<std::string, int64_t>> rows;
  if (auto by = stats.if_contains("by"); by && by->is_object())
    if (auto m = by->as_object().if_contains(dim); m && m->is_object())
      for (const auto& kv : m->as_object()) rows.push_back({std::string(kv.key()), kv.value().to_number<int64_t>()});
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [k, v] : rows) s.add({key_name(d, dim, k), k, Cell::num(static_cast<double>(v))});
  return s;
}

Sheet amount_sheet(const std::string& title, const std::string& head, const std::map<std::string, double>& m,
                   const std::function<std::string(const std::string&)>& name) {
  Sheet s;
  s.name = title;
  s.headers = {head, "代码", "金额(元)"};
  for (const auto& [k, v] : m) s.add({name(k), k, Cell::num(v)});
  return s;
}

Series series_of(const Sheet& s, size_t value_col) {
  Series out;
  for (const auto& r : s.rows) out.push_back({r[0].text, r[value_col].number.value_or(0)});
  return out;
}

}  // namespace

std::vector<Sheet> stats_sheets(const District& d, const json::object& stats, const StatsExtras& x) {
  std::vector<Sheet> out;
  Sheet sum;
  sum.name = "概况";
  sum.headers = {"指标", "代码", "数值"};
  auto n = [&](const char* label, const char* key) {
    sum.add({label, key, Cell::num(static_cast<double>(count_of(stats, key)))});
  };
  n("受理案件", "cases");
  n("救助事项", "items");
  n("在办事项", "open_items");
  n("超期未办事项", "overdue_items");
  n("按期答复事项", "answered_on_time");
  n("超期答复事项", "answered_late");
  n("超期提出办理意见", "opinions_late");
  n("发现重复申请", "duplicates_caught");
  n("紧急案件", "emergencies");
  n("重大案件", "major_cases");
  double avg = 0;
  if (auto v = stats.if_contains("average_days_to_answer"); v && v->is_number()) avg = v->to_number<double>();
  sum.add({"平均答复用时(自然日)", "average_days_to_answer", Cell::num(std::round(avg * 10) / 10)});
  sum.add({"平均答复用时(工作日)", "average_working_days", Cell::num(std::round(avg_working_days(x) * 10) / 10)});
  sum.add({"先行紧急救助(次)", "emergency_grants", Cell::num(static_cast<double>(x.emergency_grants))});
  sum.add({"紧急救助金额(元)", "emergency_amount", Cell::num(x.emergency_amount)});
  sum.add({"给予救助事项", "granted_items", Cell::num(static_cast<double>(x.granted_items))});
  sum.add({"救助金额合计(元)", "granted_amount", Cell::num(x.granted_amount)});
  out.push_back(std::move(sum));
  out.push_back(by_sheet(d, stats, "town", "按镇街", "案件数"));
  out.push_back(by_sheet(d, stats, "category", "按救助类别", "事项数"));
  out.push_back(by_sheet(d, stats, "department", "按主管部门", "事项数"));
  out.push_back(by_sheet(d, stats, "outcome", "按办理结果", "事项数"));
  Sheet units;
  units.name = "各单位办理时效";
  units.headers = {"单位", "代码", "按期答复", "超期答复", "当前超期"};
  std::vector<std::pair<std::string, StatsExtras::UnitTimes>> per_unit(x.per_unit.begin(), x.per_unit.end());
  auto total = [](const StatsExtras::UnitTimes& t) { return t.on_time + t.late + t.overdue; };
  std::stable_sort(per_unit.begin(), per_unit.end(), [&](const auto& a, const auto& b) { return total(a.second) > total(b.second); });
  for (const auto& [u, t] : per_unit)
    units.add({window_short_name(d, u), u, Cell::num(static_cast<double>(t.on_time)), Cell::num(static_cast<double>(t.late)),
               Cell::num(static_cast<double>(t.overdue))},
              t.overdue > 0);
  out.push_back(std::move(units));
  Sheet weeks;
  weeks.name = "每周受理";
  weeks.headers = {"周(自周一)", "代码", "受理案件"};
  for (const auto& [day, count] : x.weekly) weeks.add({format_day(day), format_day(day), Cell::num(static_cast<double>(count))});
  out.push_back(std::move(weeks));
  out.push_back(amount_sheet("金额-按救助类别", "救助类别", x.amount_by_category,
                             [&](const std::string& k) { return category_name(d, k); }));
  out.push_back(amount_sheet("金额-按镇街", "镇(街道)", x.amount_by_town, [&](const std::string& k) { return town_name(d, k); }));
  out.push_back(amount_sheet("金额-按月份", "月份", x.amount_by_month, [](const std::string& k) { return k; }));
  return out;
}

std::string render_stats_html(const District& d, const json::object& stats, const StatsExtras& x,
                              const std::string& period) {
  std::vector<Sheet> sheets = stats_sheets(d, stats, x);
  HtmlDoc doc(d.name + "社会救助统计报表");
  doc.heading(d.name + "民政局", "社会救助统计报表", "统计期间：" + period);
  std::string cards = "<div class=\"cards\">";
  auto card = [&](const std::string& label, const std::string& value) {
    cards += "<div>" + html_escape(label) + "<b>" + html_escape(value) + "</b></div>";
  };
  card("受理案件", std::to_string(count_of(stats, "cases")));
  card("救助事项", std::to_string(count_of(stats, "items")));
  card("在办 / 超期", std::to_string(count_of(stats, "open_items")) + " / " + std::to_string(count_of(stats, "overdue_items")));
  card("按期 / 超期答复", std::to_string(count_of(stats, "answered_on_time")) + " / " + std::to_string(count_of(stats, "answered_late")));
  card("平均答复(工作日)", one_decimal(avg_working_days(x)));
  card("救助金额合计", Cell::num(x.granted_amount).text + "元");
  doc.raw(cards + "</div>\n");
  doc.h2("一、概况");
  doc.table({"指标", "数值"}, [&] {
    std::vector<std::vector<std::string>> r;
    for (const auto& row : sheets[0].rows) r.push_back({row[0].text, row[2].text});
    return r;
  }());
  auto chart = [&](const std::string& title, const std::string& svg) {
    doc.section(title, "<div class=\"chart\">" + svg + "</div>\n");
  };
  chart("二、各镇(街道)受理案件", svg_bars(series_of(sheets[1], 2), "件"));
  chart("三、各救助类别事项", svg_bars(series_of(sheets[2], 2), "项"));
  chart("四、各主管部门事项", svg_bars(series_of(sheets[3], 2), "项"));
  chart("五、办理结果", svg_bars(series_of(sheets[4], 2), "项"));
  {
    std::vector<std::string> labels;
    std::vector<std::vector<double>> parts;
    for (const auto& r : sheets[5].rows) {
      labels.push_back(r[0].text);
      parts.push_back({r[2].number.value_or(0), r[3].number.value_or(0), r[4].number.value_or(0)});
    }
    chart("六、各单位按期与超期情况", svg_stacked_bars(labels, parts, {"按期答复", "超期答复", "当前超期未办"}));
  }
  chart("七、每周受理案件趋势", svg_columns(series_of(sheets[6], 2), ""));
  doc.h2("八、先行紧急救助");
  doc.para("先行给予紧急救助" + std::to_string(x.emergency_grants) + "次，金额" + Cell::num(x.emergency_amount).text + "元。");
  chart("九、救助金额（按救助类别，元）", svg_bars(series_of(sheets[7], 2), ""));
  chart("十、救助金额（按镇街，元）", svg_bars(series_of(sheets[8], 2), ""));
  chart("十一、救助金额（按月份，元）", svg_bars(series_of(sheets[9], 2), ""));
  doc.para("本报表由“一门受理、协同办理”系统根据登记、办理、反馈记录自动统计生成；区财政局据此监督救助资金使用。", "small");
  return doc.finish();
}

}  // namespace od
