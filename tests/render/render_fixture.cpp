// render_fixture - builds a small district database through the C API in which personal
// data is typed into every free-text field (hardship, address, opinion, measures, notes,
// replies, the archive summary) and household names include a one-character name, then
// publishes the disclosure list and renders every document, ledger, statistics report and
// disclosure list into OUT_DIR. It writes OUT_DIR/manifest.json for check_render.py:
// the `stats` answer, the personal data that must never be published, which documents
// must fit on one A4 page, and the Chinese text each must contain.
//
//   render_fixture DISTRICT_FILE OUT_DIR
#include <sys/stat.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "domain/resident_id.h"
#include "onedoor/onedoor.h"

namespace json = boost::json;

namespace {

od_engine* engine = nullptr;
std::string out_dir;
json::array documents;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "render_fixture: %s\n", what.c_str());
  std::exit(1);
}

// A synthetic resident ID with a valid check character.
std::string resident_id(const std::string& first17) { return first17 + od::resident_id_check_char(first17); }

json::value call(const std::string& op, const std::string& unit, const std::string& role, json::object req) {
  req["actor"] = json::object{{"officer", "T-" + unit}, {"unit", unit}, {"role", role}};
  char* resp = nullptr;
  std::string body = json::serialize(req);
  int32_t rc = od_call(engine, op.c_str(), body.c_str(), &resp);
  std::string text = resp ? resp : "";
  od_free(resp);
  if (rc != OD_OK) die(op + " " + body + " -> " + text);
  return json::parse(text);
}

void advance(int hours) {
  char* resp = nullptr;
  std::string body = "{\"hours\":" + std::to_string(hours) + "}";
  if (od_call(engine, "clock.advance", body.c_str(), &resp) != OD_OK) die("clock.advance");
  od_free(resp);
}

std::string str(const json::value& v, const char* path) {
  boost::system::error_code ec;
  const json::value* p = v.find_pointer(path, ec);
  if (!p || !p->is_string()) die(std::string("no string at ") + path + " in " + json::serialize(v));
  return std::string(p->as_string());
}

// Renders one document and records it in the manifest.
void render(const std::string& file, json::object req, bool one_page, json::array must_contain, bool published = false) {
  json::value r = call("render", "district", "officer", std::move(req));
  std::string content(r.at("content").as_string());
  std::string path = out_dir + "/" + file;
  std::ofstream f(path, std::ios::binary);
  if (r.at("encoding").as_string() == "base64") {
    // decode
    std::string bin;
    int bits = 0;
    uint32_t acc = 0;
    for (char c : content) {
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
              : c == '+' ? 62 : c == '/' ? 63 : -1;
      if (v < 0) continue;
      acc = (acc << 6) | static_cast<uint32_t>(v);
      bits += 6;
      if (bits >= 8) bits -= 8, bin += static_cast<char>((acc >> bits) & 0xFF);
    }
    content = bin;
  }
  f << content;
  if (!f) die("cannot write " + path);
  documents.push_back(json::object{{"file", file}, {"one_page", one_page}, {"contains", std::move(must_contain)},
                                   {"published", published}});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) die("usage: render_fixture DISTRICT_FILE OUT_DIR");
  out_dir = argv[2];
  mkdir(out_dir.c_str(), 0755);
  std::string db = out_dir + "/district.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  json::object cfg{{"database", db}, {"district_file", argv[1]}, {"clock", "manual"},
                   {"clock_start", "2026-03-09T09:00:00+08:00"}, {"delivery", json::object{{"workers", 0}}}};
  char* err = nullptr;
  if (od_open(json::serialize(cfg).c_str(), &engine, &err) != OD_OK) die(std::string("od_open: ") + (err ? err : ""));

  // personal data that must never appear in anything published
  const std::string id_a = resident_id("37150219970508802");
  const std::string id_wang = resident_id("37150219600101003");
  const std::string id_son = resident_id("37150220120309001");
  const std::string id_b = resident_id("37150219850712004");
  const std::string id_c = resident_id("37150219790202005");
  const std::string id_f = resident_id("37150219880808006");
  const std::string phone = "13800000001", phone2 = "0635-8123456";
  const std::string street = "光岳路1号", address = "东昌府区古楼街道光岳路1号3单元502室";
  const std::string leak = "马文博(" + id_a + ",电话" + phone + "," + street + ")";
  json::array secrets{json::value(id_a), json::value(id_wang), json::value(id_son), json::value(id_b),
                      json::value(id_c), json::value(id_f), json::value(phone), json::value("138 0000 0001"),
                      json::value(phone2), json::value(street), json::value(address), json::value("马文博"),
                      json::value("马小军"), json::value("刘桂芝"), json::value("陈建国"), json::value("赵秀英"),
                      json::value("文博"), json::value("小军")};

  // A: asked at 新区, registered in 侯营: forward -> hand over -> distribute; granted; archived
  json::value a = call("intake", "town.xinqu", "officer", {
      {"applicant", {{"name", "马文博"}, {"id_number", id_a}, {"phone", phone}, {"hukou_town", "houying"}, {"address", address}}},
      {"household", json::array{json::object{{"name", "王"}, {"id_number", id_wang}, {"relation", "母亲"}},
                                json::object{{"name", "马小军"}, {"id_number", id_son}, {"relation", "儿子"}}}},
      {"hardship", "因病致贫：" + leak + "，其子马小军就读小学，联系人王，电话138 0000 0001"},
      {"categories", json::array{"tekun"}}});
  std::string case_a = str(a, "/case_id"), item_a = str(a, "/items/0/id");
  call("route", "town.xinqu", "officer", {{"item_id", item_a}, {"type", "forward"}, {"note", "户籍在侯营镇，联系" + phone2}});
  advance(1);
  call("route", "district", "officer", {{"item_id", item_a}, {"type", "hand_over"}});
  advance(1);
  call("route", "town.houying", "officer", {{"item_id", item_a}, {"type", "distribute"}});
  call("opinion", "town.houying.office", "handler", {{"item_id", item_a}, {"opinion", "经入户核实，" + leak + "符合条件"}});
  advance(1);
  call("feedback", "town.houying.office", "head", {
      {"item_id", item_a}, {"outcome", "granted"}, {"measures", leak + "医疗费报销，纳入特困供养"}, {"amount", 750},
      {"signer", "孙镇长"}, {"seal", "侯营镇人民政府社会事务办公室章"}, {"told_at", "2026-03-09T12:00:00+08:00"},
      {"channel", "visit"}, {"note", "已电话" + phone + "告知，住" + street}});
  call("archive", "town.xinqu", "officer", {{"case_id", case_a}, {"summary", "材料齐全；" + leak}});

  // B: at the district window, housing: transfer to the housing bureau; granted
  json::value b = call("intake", "district", "officer", {
      {"applicant", {{"name", "刘桂芝"}, {"id_number", id_b}, {"phone", "13900000002"}, {"hukou_town", "gulou"}}},
      {"hardship", "住房为危房，住古楼街道柳园路12号"}, {"categories", json::array{"housing"}}});
  std::string case_b = str(b, "/case_id"), item_b = str(b, "/items/0/id");
  secrets.push_back(json::value("13900000002"));
  secrets.push_back(json::value("柳园路12号"));
  call("route", "district", "officer", {{"item_id", item_b}, {"type", "transfer"}});
  call("acknowledge", "dept.housing", "handler", {{"item_id", item_b}});
  advance(2);
  call("feedback", "dept.housing", "head", {
      {"item_id", item_b}, {"opinion", "经入户核实，符合住房救助条件"}, {"outcome", "granted"}, {"measures", "刘桂芝家纳入危房改造，联系电话13900000002"}, {"amount", 30000},
      {"signer", "住建局负责人"}, {"seal", "区住建局公章"}, {"told_at", "2026-03-09T14:00:00+08:00"}, {"channel", "phone"}});

  // C: at 古楼, charity: referred to the charity federation; granted by it
  json::value c = call("intake", "town.gulou", "officer", {
      {"applicant", {{"name", "陈建国"}, {"id_number", id_c}, {"hukou_town", "gulou"}, {"address", "古楼街道东关村3组"}}},
      {"household", json::array{json::object{{"name", "赵秀英"}, {"id_number", resident_id("37150219810303007")}}}},
      {"hardship", "突发重病"}, {"categories", json::array{"charity"}}});
  std::string item_c = str(c, "/items/0/id");
  secrets.push_back(json::value("古楼街道东关村3组"));
  secrets.push_back(json::value(resident_id("37150219810303007")));
  call("route", "town.gulou", "officer", {{"item_id", item_c}, {"type", "refer"}, {"to", "org.charity"}});
  call("feedback", "org.charity", "head", {
      {"item_id", item_c}, {"outcome", "granted"}, {"measures", "为陈建国、赵秀英募集医疗费，东关村3组"}, {"amount", 5000},
      {"signer", "慈善总会秘书长"}, {"seal", "区慈善总会章"}, {"told_at", "2026-03-09T14:00:00+08:00"}, {"channel", "in_person"}});

  // F: a one-character name, distributed by the town and granted
  json::value f = call("intake", "town.gulou", "officer", {
      {"applicant", {{"name", "王"}, {"id_number", id_f}, {"hukou_town", "gulou"}}},
      {"hardship", "失业"}, {"categories", json::array{"dibao"}}});
  std::string item_f = str(f, "/items/0/id");
  call("route", "town.gulou", "officer", {{"item_id", item_f}, {"type", "distribute"}});
  call("feedback", "town.gulou.office", "head", {
      {"item_id", item_f}, {"opinion", "符合低保条件"}, {"outcome", "granted"}, {"measures", "王每月领取低保金"}, {"amount", 800},
      {"signer", "古楼街道负责人"}, {"seal", "古楼街道办事处章"}, {"told_at", "2026-03-09T14:00:00+08:00"}, {"channel", "sms"}});

  // D, E: inquiries; D is never answered (the ledger must flag it), E is answered
  call("intake", "town.gulou", "officer", {{"channel", "inquiry"}, {"applicant", {{"name", "周强"}, {"hukou_town", "gulou"}}},
                                           {"hardship", "咨询临时救助条件"}});
  json::value e = call("intake", "town.gulou", "officer", {{"channel", "inquiry"}, {"applicant", {{"name", "吴敏"}, {"hukou_town", "gulou"}}},
                                                          {"hardship", "咨询教育救助"}});
  call("inquiry.answer", "town.gulou", "officer", {{"case_id", str(e, "/case_id")}, {"reply", "已告知办理条件及材料"}, {"channel", "phone"}});

  advance(2);
  json::value pub = call("disclosure.publish", "district", "officer", {{"place", "notice_board"}, {"from", "2026-03-01"}, {"to", "2026-04-01"}});
  std::string pub_id = str(pub, "/publication/id");
  json::value stats = call("stats", "district", "officer", {});

  auto has = [](std::initializer_list<const char*> words) {
    json::array a;
    for (auto w : words) a.push_back(json::value(w));
    return a;
  };
  render("receipt.html", {{"document", "receipt"}, {"case_id", case_a}}, true, has({"受理回执", "首问责任人", "承诺答复日期", "监督电话", "新区街道社会救助服务窗口"}));
  const char* kinds[][2] = {{"FWD", "转送"}, {"HND", "转交"}, {"DST", "分办"}};
  json::value file_a = call("case.get", "district", "officer", {{"case_id", case_a}});
  for (const auto& n : file_a.at("items").at(0).at("notices").as_array()) {
    std::string number(n.at("number").as_string());
    for (auto& k : kinds)
      if (number.rfind(k[0], 0) == 0)
        render(std::string("notice-") + k[0] + ".html", {{"document", "notice"}, {"item_id", item_a}, {"notice", number}}, true,
               has({k[1], "通知单", "签收", "盖章"}));
  }
  render("notice-TRF.html", {{"document", "notice"}, {"item_id", item_b}}, true, has({"转办通知单", "区住建局", "办结期限"}));
  render("notice-REF.html", {{"document", "notice"}, {"item_id", item_c}}, true, has({"转介通知单", "区慈善总会"}));
  render("feedback.html", {{"document", "feedback"}, {"item_id", item_b}}, true, has({"办理结果反馈单", "单位负责人", "住建局负责人", "电话"}));
  render("case-file.html", {{"document", "case_file"}, {"case_id", case_a}}, false, has({"社会救助案卷", "卷内目录", "办理过程记录", "归档"}));
  render("ledger.html", {{"document", "ledger"}}, false, has({"服务台账", "未答复", "公示记录"}));
  render("ledger.csv", {{"document", "ledger"}, {"format", "csv"}}, false, {});
  render("ledger.xlsx", {{"document", "ledger"}, {"format", "xlsx"}}, false, {});
  render("stats.html", {{"document", "stats"}}, false, has({"社会救助统计报表", "侯营镇", "特困人员供养", "区住建局", "给予救助"}));
  render("stats.csv", {{"document", "stats"}, {"format", "csv"}}, false, {});
  render("stats.xlsx", {{"document", "stats"}, {"format", "xlsx"}}, false, {});
  render("disclosure.html", {{"document", "disclosure"}}, false, has({"公示名单", "马*博", "特困人员供养"}), true);
  render("disclosure.csv", {{"document", "disclosure"}, {"format", "csv"}}, false, {}, true);
  render("publication.html", {{"document", "disclosure"}, {"publication", pub_id}}, false, has({"公示名单", "村(居)务公开栏", pub_id.c_str()}), true);
  json::value disclosure = call("disclosure", "district", "officer", {});
  json::value published = call("disclosure.publications", "district", "officer", {{"publication", pub_id}});
  json::value names = call("names", "district", "officer", {});
  // the finance bureau reads district-wide statistics; another department only its own cases
  json::value finance = call("stats", "dept.finance", "officer", {});
  json::value health = call("stats", "dept.health", "officer", {});

  json::object manifest{{"stats", stats}, {"secrets", secrets}, {"documents", documents},
                        {"disclosure", disclosure}, {"publication", published}, {"names", names},
                        {"finance_stats", finance}, {"health_stats", health}};
  std::ofstream m(out_dir + "/manifest.json");
  m << json::serialize(manifest);
  od_close(engine);
  return m ? 0 : 1;
}
