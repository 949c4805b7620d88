#include "render/render_ops.h"

#include "domain/case_json.h"
#include "engine/op.h"
#include "render/disclosure.h"
#include "render/disclosure_list.h"
#include "render/documents.h"
#include "render/html.h"
#include "render/ledger.h"
#include "render/names.h"
#include "render/stats_report.h"

namespace od {
namespace json = boost::json;

namespace {

WalkProgress& progress_hook() {
  static WalkProgress hook;
  return hook;
}

// Every row of the disclosure list for the request's from, to and town: the
// `disclosure` operation's pages, followed to the end.
json::array all_disclosure_rows(Op& op) {
  // the caller's period and town, as a disclosure request (read here, under the
  // caller's declaration)
  json::object paged;
  for (const char* key : {"from", "to", "town"})
    if (op.req.has(key)) paged[key] = op.req.object().at(key);
  paged["limit"] = 1000;
  json::array rows;
  for (;;) {
    Op page_op{op.engine, op.d, op.store, Fields(paged, ""), op.actor, op.now};
    json::object page = op_disclosure(page_op).as_object();
    for (auto& r : page.at("rows").as_array()) rows.push_back(std::move(r));
    const json::value* next = page.if_contains("next");
    if (!next) return rows;
    paged["after"] = *next;
  }
}

std::string period_zh(std::optional<Millis> from, std::optional<Millis> to) {
  if (!from && !to) return "全部期间";
  std::string s = from ? date_zh(*from) : std::string("开始");
  s += "至";
  s += to ? date_zh(*to - 1) : std::string("今");
  return s;
}

std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += k[(v >> 6) & 63];
    out += k[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

json::object rendered(const std::string& document, const std::string& format, const std::string& name,
                      const std::string& content) {
  json::object o;
  o["document"] = document;
  o["format"] = format;
  if (format == "html") o["media_type"] = "text/html; charset=utf-8";
  else if (format == "csv") o["media_type"] = "text/csv; charset=utf-8";
  else o["media_type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  o["filename"] = name + "." + format;
  o["encoding"] = format == "xlsx" ? "base64" : "utf-8";
  o["content"] = format == "xlsx" ? base64(content) : content;
  return o;
}

const Item& item_of(Op& op, const Case& c, const std::string& field) {
  std::string id = op.req.str(field, 80);
  const Item* it = c.item(id);
  if (!it) fail(OD_ERR_NOT_FOUND, "no item '" + id + "'", field);
  return *it;
}

// The case of request field "item_id" (visibility checked) and the item in it.
std::pair<Case, std::string> case_of_item(Op& op) {
  std::string id = op.req.str("item_id", 80);
  std::string case_id = item_case_id(id);
  auto found = case_id.empty() ? std::nullopt : op.store.find_case(case_id);
  if (!found) fail(OD_ERR_NOT_FOUND, "no item '" + id + "'", "item_id");
  Case c = std::move(*found);
  if (!c.item(id)) fail(OD_ERR_NOT_FOUND, "no item '" + id + "'", "item_id");
  if (!can_see(op.actor, c)) fail(OD_ERR_NOT_FOUND, "no item '" + id + "'", "item_id");  // as load_case: no probing
  return {std::move(c), id};
}

json::object publication_json(const District& d, const PublicationRow& p) {
  json::object o;
  o["id"] = p.id;
  if (p.period_from) o["from"] = format_instant(*p.period_from);
  if (p.period_to) o["to"] = format_instant(*p.period_to);
  if (!p.town.empty()) o["town"] = p.town;
  o["place"] = p.place;
  o["place_name"] = place_zh(p.place);
  o["title"] = p.title;
  o["published_by"] = json::parse(p.actor_json);
  o["published_at"] = format_instant(p.published_at);
  o["count"] = p.row_count;
  return o;
}

std::string publisher_of(const District& d, const std::string& actor_json) {
  json::value a = json::parse(actor_json);
  std::string unit = std::string(a.at("unit").as_string());
  return unit_name(d, unit) + "（经办人：" + std::string(a.at("officer").as_string()) + "）";
}

// The publications listed with the ledger: what was disclosed, where and when.
Sheet publications_sheet(const District& d, StoreTx& store) {
  Sheet s;
  s.name = "公示记录";
  s.headers = {"公示编号", "公示日期", "公示期间", "公示地点", "公示人次", "公示单位"};
  for (const PublicationRow& p : store.publications(1000))
    s.add({p.id, date_zh(p.published_at), period_zh(p.period_from, p.period_to), place_zh(p.place),
           Cell::num(static_cast<double>(p.row_count)), publisher_of(d, p.actor_json)});
  return s;
}

json::value render_ledger(Op& op, const std::string& format) {
  CaseQuery f;
  auto window = op.req.opt_str("window", 64);
  if (!window && op.actor.is_window() && !op.actor.is_district_window()) window = op.actor.unit;
  if (window) {
    if (!op.d.window(*window)) invalid("window", "'" + *window + "' is not a window of the district");
    if (!op.actor.is_district_window() && *window != op.actor.unit)
      fail(OD_ERR_FORBIDDEN, op.actor.unit + " may read only its own window's ledger", "window");
    f.window = window;
  } else if (!op.actor.is_district_window()) {
    fail(OD_ERR_FORBIDDEN, "only a window keeps a service ledger; name a window", "window");
  }
  auto from = op.req.opt_instant("from");
  auto to = op.req.opt_instant("to");
  LedgerBuilder ledger(op.d, op.now);
  walk_cases(op, f, [&](const Case& c) {
    if ((from && c.received_at < *from) || (to && c.received_at >= *to)) return;
    ledger.add(c);
  });
  Sheet pubs = publications_sheet(op.d, op.store);
  std::string who = window ? unit_name(op.d, *window) : op.d.name + "全部窗口";
  std::string content;
  if (format == "html") {
    HtmlDoc doc(who + "服务台账", true);
    doc.heading(op.d.name + "社会救助“一门受理、协同办理”", "服务台账",
                who + "　" + period_zh(from, to) + "　制表：" + date_zh(op.now));
    doc.para("共受理申请" + std::to_string(ledger.requests()) + "件、咨询" + std::to_string(ledger.inquiries()) +
             "件；尚未答复" + std::to_string(ledger.unanswered()) + "项；标红" + std::to_string(ledger.flagged()) +
             "件（咨询未答复或已超期）。");
    doc.table(ledger.sheet().headers, html_rows(ledger.sheet()), "list", {0, 1, 2, 3, 4, 5, 6, 9, 10});
    doc.h2("公示记录");
    if (pubs.rows.empty()) doc.para("本期尚无公示。");
    else doc.table(pubs.headers, html_rows(pubs), "list");
    doc.para("审计链头（制表时）：" + op.store.district_head() +
                 "。请将此值另行留存；日后以 onedoor verify 核对，记录如被改动即可发现。",
             "small");
    content = doc.finish();
  } else if (format == "csv") {
    content = to_csv({ledger.sheet(), pubs});
  } else {
    content = to_xlsx({ledger.sheet(), pubs}, who + "服务台账");
  }
  json::object o = rendered("ledger", format, "ledger" + (window ? "-" + *window : std::string()), content);
  o["rows"] = static_cast<int64_t>(ledger.sheet().rows.size());
  o["unanswered"] = ledger.unanswered();
  return o;
}

json::value render_stats(Op& op, const std::string& format) {
  json::object stats = op_stats(op).as_object();
  auto from = op.req.opt_instant("from");
  auto to = op.req.opt_instant("to");
  StatsExtras extras(op.d, op.now, from.value_or(0), to.value_or(INT64_MAX));
  walk_cases(op, CaseQuery{}, [&](const Case& c) { extras.add(c); }, op.d.statistics_readers.count(op.actor.unit) > 0);
  std::string content;
  if (format == "html") content = render_stats_html(op.d, stats, extras, period_zh(from, to));
  else if (format == "csv") content = to_csv(stats_sheets(op.d, stats, extras));
  else content = to_xlsx(stats_sheets(op.d, stats, extras), op.d.name + "社会救助统计报表");
  json::object o = rendered("stats", format, "stats", content);
  o["stats"] = std::move(stats);
  return o;
}

json::value render_disclosure(Op& op, const std::string& format) {
  std::vector<std::string> columns;
  json::array rows;
  DisclosureHeading h;
  std::string name = "disclosure";
  if (auto id = op.req.opt_str("publication", 64)) {
    auto p = op.store.publication(*id);
    if (!p) fail(OD_ERR_NOT_FOUND, "no publication '" + *id + "'", "publication");
    json::object frozen = json::parse(p->rows_json).as_object();
    for (const auto& c : frozen.at("columns").as_array()) columns.emplace_back(c.as_string());
    rows = frozen.at("rows").as_array();
    h.period = period_zh(p->period_from, p->period_to);
    h.place = place_zh(p->place);
    h.publisher = publisher_of(op.d, p->actor_json);
    h.published = date_zh(p->published_at);
    h.number = p->id;
    name += "-" + p->id;
  } else {
    columns = op.d.disclosure.columns;
    rows = all_disclosure_rows(op);
    h.period = period_zh(op.req.opt_instant("from"), op.req.opt_instant("to"));
  }
  std::string content = format == "html" ? render_disclosure_html(op.d, columns, rows, h)
                                         : to_csv({disclosure_sheet(columns, rows)});
  json::object o = rendered("disclosure", format, name, content);
  o["rows"] = static_cast<int64_t>(rows.size());
  return o;
}

}  // namespace

void set_walk_progress(WalkProgress fn) { progress_hook() = std::move(fn); }

void walk_cases(Op& op, CaseQuery q, const std::function<void(const Case&)>& fn, bool whole_district) {
  if (!whole_district) q.visible_to = visibility_scope(op.actor);
  q.limit = 500;
  const WalkProgress& progress = progress_hook();
  int64_t total = progress ? op.store.next_case_seq() - 1 : 0;
  for (;;) {
    CasePage page = op.store.list_cases(q);
    for (const Case& c : page.cases) fn(c);
    if (!page.next) break;
    q.after = *page.next;
    if (progress && q.after < total) progress(q.after, total);
  }
  if (progress) progress(total, total);
}


json::value op_names(Op& op) { return names_json(op.d); }

json::value op_render(Op& op) {
  std::string document =
      op.req.one_of("document", {"receipt", "notice", "feedback", "case_file", "ledger", "stats", "disclosure"});
  std::string format = op.req.opt_one_of("format", {"html", "csv", "xlsx"}).value_or("html");
  bool tabular = document == "ledger" || document == "stats" || document == "disclosure";
  if (!tabular && format != "html") invalid("format", "a " + document + " is rendered as html only");
  if (document == "disclosure" && format == "xlsx") invalid("format", "the disclosure list is rendered as html or csv");
  if (document == "ledger") return render_ledger(op, format);
  if (document == "stats") return render_stats(op, format);
  if (document == "disclosure") return render_disclosure(op, format);
  if (document == "receipt") {
    Case c = op.load_case("case_id");
    return rendered(document, format, "receipt-" + c.id, render_receipt(op.d, c));
  }
  if (document == "case_file") {
    Case c = op.load_case("case_id");
    json::object file = op_case_file(op).as_object();
    return rendered(document, format, "case-file-" + c.id, render_case_file(op.d, c, file.at("events").as_array()));
  }
  auto [c, item_id] = case_of_item(op);
  const Item& it = item_of(op, c, "item_id");
  if (document == "feedback") {
    if (!it.feedback || it.feedback->outcome == Outcome::Merged)
      fail(OD_ERR_CONFLICT, "item " + it.id + " has no feedback yet", "item_id");
    return rendered(document, format, "feedback-" + it.id, render_feedback(op.d, c, it));
  }
  // a notice: the one named, or the item's latest
  if (it.notices.empty()) fail(OD_ERR_CONFLICT, "item " + it.id + " has no notice yet", "item_id");
  const Notice* n = &it.notices.back();
  if (auto number = op.req.opt_str("notice", 64)) {
    n = nullptr;
    for (const Notice& x : it.notices)
      if (x.number == *number) n = &x;
    if (!n) fail(OD_ERR_NOT_FOUND, "item " + it.id + " has no notice '" + *number + "'", "notice");
  }
  return rendered(document, format, "notice-" + n->number, render_notice(op.d, c, it, *n));
}

json::value op_disclosure_publish(Op& op) {
  if (!op.actor.is_district_window())
    fail(OD_ERR_FORBIDDEN, "only the district window publishes the disclosure list", "actor.unit");
  std::string place = op.req.one_of("place", op.d.disclosure.places);
  std::string title = op.req.opt_str("title", 128).value_or(op.d.name + "社会救助对象公示名单");
  PublicationRow p;
  p.period_from = op.req.opt_instant("from");
  p.period_to = op.req.opt_instant("to");
  if (p.period_from && p.period_to && *p.period_to <= *p.period_from) invalid("to", "must be later than from");
  p.town = op.req.opt_str("town", 64).value_or("");
  json::array rows = all_disclosure_rows(op);  // checks town
  int y, m, dd;
  ymd_from_day(local_day(op.now), y, m, dd);
  char id[40];
  std::snprintf(id, sizeof id, "PUB-%04d-%06lld", y, static_cast<long long>(op.store.next_counter("publication")));
  p.id = id;
  p.place = place;
  p.title = title;
  p.actor_json = json::serialize(op.actor.to_json());
  p.published_at = op.now;
  p.row_count = static_cast<int64_t>(rows.size());
  json::array cols;
  for (const auto& c : op.d.disclosure.columns) cols.push_back(json::value(c));
  p.rows_json = json::serialize(json::object{{"columns", cols}, {"rows", rows}});
  op.store.add_publication(p);
  json::object o;
  o["publication"] = publication_json(op.d, p);
  o["rows"] = std::move(rows);
  return o;
}

json::value op_disclosure_publications(Op& op) {
  if (auto id = op.req.opt_str("publication", 64)) {
    auto p = op.store.publication(*id);
    if (!p) fail(OD_ERR_NOT_FOUND, "no publication '" + *id + "'", "publication");
    json::object o = publication_json(op.d, *p);
    json::object frozen = json::parse(p->rows_json).as_object();
    o["columns"] = frozen.at("columns");
    o["rows"] = frozen.at("rows");
    return o;
  }
  json::array list;
  for (const PublicationRow& p : op.store.publications(op.req.opt_integer("limit", 1, 1000).value_or(100)))
    list.push_back(publication_json(op.d, p));
  return json::object{{"publications", std::move(list)}};
}

}  // namespace od

namespace od {
json::value op_verify(Op& op) {
  if (!op.actor.is_district_window()) fail(OD_ERR_FORBIDDEN, "only the district window verifies the database", "actor.unit");
  std::string head;
  int64_t links = 0;
  json::array problems;
  for (const auto& p : op.store.integrity_problems(head, links)) problems.push_back(json::value(p));
  json::object o;
  o["ok"] = problems.empty();
  o["cases"] = op.store.next_case_seq() - 1;
  o["events"] = links;
  o["district_head"] = head;
  o["problems"] = std::move(problems);
  return o;
}
}  // namespace od
