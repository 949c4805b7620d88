// The pure parts of rendering: masking free text, the disclosure policy and rows,
// sheets as CSV, charts, the ledger's flags and the promised answer date.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "../unit/support.hpp"
#include "render/charts.h"
#include "render/disclosure.h"
#include "render/documents.h"
#include "render/html.h"
#include "render/ledger.h"
#include "render/redact.h"
#include "render/sheet.h"

using namespace od;
namespace json = boost::json;

namespace {
const std::string kId = odtest::synthetic_id("19970508", 802);

Case granted_case(const std::string& name, const std::string& measures) {
  Case c;
  c.id = "C371502-2026-000001";
  c.window = "town.gulou";
  c.channel = Channel::InPerson;
  c.urgency = Urgency::Normal;
  c.applicant = {name, kId, ""};
  c.hukou_town = "gulou";
  c.address = "古楼街道光岳路1号";
  c.household = {{"王", odtest::synthetic_id("19600101", 3), "母亲"}, {"马小军", odtest::synthetic_id("20120309", 1), "儿子"}};
  c.received_at = odtest::local(2026, 3, 2, 9);
  Item it;
  it.id = c.id + "-1";
  it.category = "dibao";
  it.state = ItemState::Answered;
  Feedback f;
  f.outcome = Outcome::Granted;
  f.measures = measures;
  f.amount = 800;
  f.recorded_at = odtest::local(2026, 3, 5, 10);
  it.feedback = f;
  c.items.push_back(it);
  return c;
}
}  // namespace

TEST_CASE("free text loses ID numbers, phone numbers, names and addresses") {
  KnownPersonalData k{{"马文博", "王", "马小军"}, {"古楼街道光岳路1号"}};
  std::string in = "马文博(" + kId + ",电话13800000001,光岳路1号)医疗费报销";
  std::string out = redact_text(in, k);
  CHECK(out.find(kId) == std::string::npos);
  CHECK(out.find("13800000001") == std::string::npos);
  CHECK(out.find("马文博") == std::string::npos);
  CHECK(out.find("光岳路1号") == std::string::npos);
  CHECK(out.find("医疗费报销") != std::string::npos);  // what was granted stays readable
  CHECK(out.rfind("马某", 0) == 0);

  // spaced and dashed numbers, full-width digits, the given name alone, landlines
  CHECK(redact_text("电话 138 0000 0001 或 0635-8123456", k).find("0001") == std::string::npos);
  CHECK(redact_text("电话１３８００００００01", k).find("０００") == std::string::npos);
  CHECK(redact_text("文博的母亲", k).find("文博") == std::string::npos);
  CHECK(redact_text("其母王某某", k).find("王") == std::string::npos);  // a one-character name
  CHECK(redact_text("住东关村3组", k).find("东关村") == std::string::npos);
  CHECK(redact_text("家住幸福小区", k).find("幸福小区") == std::string::npos);
  // short numbers (amounts, months) stay
  CHECK(redact_text("发放3个月，每月800元", k) == "发放3个月，每月800元");
}

TEST_CASE("published names are never whole") {
  CHECK(public_name("王") == "*");
  CHECK(public_name("李明") == "李*");
  CHECK(public_name("马文博") == "马*博");
  CHECK(public_name("") == "");
}

TEST_CASE("disclosure rows follow the policy and carry no personal data") {
  const District& d = odtest::sample();
  Case c = granted_case("王", "王(" + kId + ",电话13800000001,光岳路1号)每月800元");
  json::array rows;
  append_disclosure_rows(d, d.disclosure, c, 0, INT64_MAX, rows);
  REQUIRE(rows.size() == 1);
  const json::object& r = rows[0].as_object();
  CHECK(r.at("name").as_string() == "*");
  CHECK(r.at("id_number").as_string() == mask_resident_id(kId));
  CHECK(r.at("town").as_string() == "古楼街道");
  CHECK(r.at("category").as_string() == "最低生活保障");
  std::string measures(r.at("measures").as_string());
  CHECK(measures.find("13800000001") == std::string::npos);
  CHECK(measures.find(kId) == std::string::npos);
  CHECK(measures.find("光岳路") == std::string::npos);
  CHECK(r.at("household_size").as_int64() == 3);
  CHECK(r.at("granted_on").as_string() == "2026-03-05");

  DisclosurePolicy narrow = parse_disclosure_policy(json::parse(R"({"columns":["town","category","measures"],"measures":"category"})"), "district.disclosure");
  json::array few;
  append_disclosure_rows(d, narrow, c, 0, INT64_MAX, few);
  REQUIRE(few.size() == 1);
  CHECK(few[0].as_object().size() == 3);
  CHECK(few[0].as_object().at("measures").as_string() == "按政策给予最低生活保障");

  json::array none;  // outside the period
  append_disclosure_rows(d, d.disclosure, c, odtest::local(2026, 4, 1), INT64_MAX, none);
  CHECK(none.empty());
}

TEST_CASE("a bad disclosure policy is refused naming the field") {
  auto field_of = [](const char* js) {
    try {
      parse_disclosure_policy(json::parse(js), "district.disclosure");
    } catch (const Failure& f) {
      CHECK(f.status() == OD_ERR_CONFIG);
      return f.field();
    }
    return std::string("(accepted)");
  };
  CHECK(field_of(R"({"columns":["name","phone"]})") == "district.disclosure.columns[1]");
  CHECK(field_of(R"({"columns":["name","name"]})") == "district.disclosure.columns[1]");
  CHECK(field_of(R"({"columns":[]})") == "district.disclosure.columns");
  CHECK(field_of(R"({"measures":"verbatim"})") == "district.disclosure.measures");
  CHECK(field_of(R"([1])") == "district.disclosure");
}

TEST_CASE("CSV has a BOM, CRLF and quotes what needs quoting") {
  Sheet s;
  s.name = "表";
  s.headers = {"名称", "数量"};
  s.add({"甲,乙", Cell::num(3)});
  s.add({"说\"明\"", Cell::num(7.8)});
  std::string csv = to_csv({s});
  CHECK(csv.rfind("\xEF\xBB\xBF名称,数量\r\n", 0) == 0);
  CHECK(csv.find("\"甲,乙\",3\r\n") != std::string::npos);
  CHECK(csv.find("\"说\"\"明\"\"\",7.8\r\n") != std::string::npos);
}

TEST_CASE("an XLSX workbook is a zip with one worksheet per sheet") {
  Sheet a, b;
  a.name = "概况";
  a.headers = {"x"};
  a.add({Cell::num(1)});
  b.name = "按镇街";
  b.headers = {"y"};
  std::string x = to_xlsx({a, b}, "t");
  REQUIRE(x.size() > 100);
  CHECK(x.substr(0, 2) == "PK");
  CHECK(x.find("xl/worksheets/sheet2.xml") != std::string::npos);
}

TEST_CASE("charts are SVG with escaped labels and one bar per value") {
  std::string svg = svg_bars({{"古楼<街道>", 3}, {"柳园", 1}}, "件");
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("古楼&lt;街道&gt;") != std::string::npos);
  size_t rects = 0;
  for (size_t p = svg.find("<rect"); p != std::string::npos; p = svg.find("<rect", p + 1)) ++rects;
  CHECK(rects == 2);
  CHECK(svg_columns({}, "").find("无数据") != std::string::npos);
}

TEST_CASE("the ledger flags an inquiry without a reply and uses names") {
  const District& d = odtest::sample();
  LedgerBuilder l(d, odtest::local(2026, 3, 3, 9));
  Case q;
  q.id = "C371502-2026-000002";
  q.window = "town.gulou";
  q.channel = Channel::Inquiry;
  q.urgency = Urgency::Normal;
  q.hukou_town = "gulou";
  q.applicant.name = "周强";
  q.hardship = "咨询临时救助";
  q.received_at = odtest::local(2026, 3, 2, 9);
  l.add(q);
  q.reply = "已告知";
  q.state = CaseState::Closed;
  q.closed_at = odtest::local(2026, 3, 2, 10);
  l.add(q);
  REQUIRE(l.sheet().rows.size() == 2);
  CHECK(l.sheet().flagged[0]);
  CHECK_FALSE(l.sheet().flagged[1]);
  CHECK(l.sheet().rows[0][8].text == "未答复");
  CHECK(l.sheet().rows[0][3].text == "古楼街道窗口");
  CHECK(l.inquiries() == 2);
  CHECK(l.unanswered() == 1);
}

TEST_CASE("the receipt promises the answer by the longest chain of deadlines") {
  const District& d = odtest::sample();
  Case c = granted_case("李明", "");
  c.items[0].feedback.reset();
  c.items[0].state = ItemState::AtWindow;
  // Monday 2 March 2026 at a town window, dibao (the town handles it): 3 + 3 + 3 working days
  CHECK(promised_answer(d, c) == odtest::end_of(2026, 3, 13));
  c.items.clear();  // an inquiry: 3 working days
  CHECK(promised_answer(d, c) == odtest::end_of(2026, 3, 5));
  std::string html = render_receipt(d, c);
  CHECK(html.find("古楼街道社会救助服务窗口") != std::string::npos);
  CHECK(html.find("town.gulou") == std::string::npos);  // names, never codes
  CHECK(html.find(kId) == std::string::npos);            // the receipt masks the ID
}

#include "store/event_chain.h"

TEST_CASE("event hashes chain per case and across the district") {
  std::vector<EventRow> ev;
  std::string prev;
  for (int n = 1; n <= 3; ++n) {
    EventRow e{n, "C371502-2026-000001", "", n == 1 ? "received" : n == 3 ? "archived" : "case_closed", 1000 * n,
               "{\"unit\":\"district\"}", "", "x", "{}"};
    e.hash = event_hash(prev, e);
    prev = e.hash;
    ev.push_back(e);
  }
  CHECK(ev[0].hash.size() == 64);
  CHECK(first_break_in_case(ev, ev[2].hash) == std::nullopt);
  // any field changed breaks that link
  std::vector<EventRow> edited = ev;
  edited[1].data_json = "{\"x\":1}";
  CHECK(first_break_in_case(edited, std::nullopt).value_or("") ==
        "C371502-2026-000001 event 2 (case_closed): its content does not match its hash");
  // fields do not run into each other: moving text between fields changes the hash
  EventRow a = ev[1], b = ev[1];
  a.before = "ab", a.after = "c";
  b.before = "a", b.after = "bc";
  CHECK(event_hash("", a) != event_hash("", b));
  // a removed event, a forged seal
  std::vector<EventRow> gap = {ev[0], ev[2]};
  CHECK(first_break_in_case(gap, std::nullopt).value_or("").find("event 2 is missing") != std::string::npos);
  CHECK(first_break_in_case(ev, std::string("beef")).value_or("").find("seal") != std::string::npos);

  std::vector<ChainLink> links;
  std::string head;
  for (const auto& e : ev) {
    head = district_link(head, e.case_id, e.seq, e.hash);
    links.push_back({e.seq, e.case_id, e.seq, head});
  }
  auto hash_of = [&](const std::string&, int64_t n) -> std::optional<std::string> { return ev[n - 1].hash; };
  CHECK(first_break_in_district(links, hash_of) == std::nullopt);
  links[1].head = "0000";
  CHECK(first_break_in_district(links, hash_of).value_or("").find("link 2") != std::string::npos);
}
