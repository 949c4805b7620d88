// onedoor - the command district staff and administrators run beside the portal: the
// state of the engine, statistics, the service ledger, the disclosure list, any
// document of a case, what is due, and a check of the database. Every answer comes
// from the library's own operations (render, stats, due.list, verify), so the command
// prints exactly what a portal would show.
//
//   onedoor --db FILE [--district FILE] [--unit U --officer O --role R] COMMAND [options]
//
// It opens the database shared and read-only (only publishing writes), so it runs beside
// a portal that opened it with "exclusive": false.
//
// Exit status: 0 ok, 1 the library refused (the error is printed), 2 usage, 4 verify
// found problems.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "engine/engine.h"
#include "render/render_ops.h"
#include "util/failure.h"

#ifndef ONEDOOR_DEFAULT_DISTRICT
#define ONEDOOR_DEFAULT_DISTRICT "/usr/share/onedoor/config/dongchangfu.json"
#endif

namespace json = boost::json;

namespace {

struct Options {
  std::string db, district = ONEDOOR_DEFAULT_DISTRICT;
  std::string unit = "district", officer, role = "officer";
  std::string format, out, from, to, window, town, publication, publish, at, due_unit, document, case_id, item_id, notice;
  bool overdue_only = false;
  bool writes = false;  // only `disclosure --publish` writes
  bool progress = isatty(2);
};

std::string decode_base64(const std::string& in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  uint32_t acc = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// Writes the result to --out, or to standard output (never a workbook to a terminal).
int emit(const Options& o, const std::string& content, bool binary) {
  if (o.out.empty()) {
    if (binary && isatty(1)) {
      std::cerr << "onedoor: an XLSX workbook is not shown on a terminal; give --out FILE\n";
      return 2;
    }
    std::fwrite(content.data(), 1, content.size(), stdout);
    return 0;
  }
  std::ofstream f(o.out, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  f.close();
  if (!f) {
    std::cerr << "onedoor: cannot write " << o.out << "\n";
    return 1;
  }
  std::cerr << "onedoor: wrote " << o.out << " (" << content.size() << " bytes)\n";
  return 0;
}

class Session {
 public:
  explicit Session(const Options& o) : o_(o) {}

  // 0 when open; otherwise the exit status, with the reason printed.
  int open() {
    struct stat st;
    if (stat(o_.db.c_str(), &st) != 0) {
      std::cerr << "onedoor: no database at '" << o_.db << "' (give --db or ONEDOOR_DB)\n";
      return 2;
    }
    // Beside a running portal: shared (no owner lock), and read-only unless the command
    // writes (publishing the disclosure list).
    json::object cfg{{"database", o_.db}, {"district_file", o_.district}, {"exclusive", false},
                     {"read_only", !o_.writes}, {"delivery", json::object{{"workers", 0}}}};
    try {
      engine_ = od::Engine::open(json::serialize(cfg));
    } catch (const od::Failure& f) {
      std::cerr << "onedoor: cannot open " << o_.db << ": " << f.what()
                << (f.field().empty() ? "" : " (" + f.field() + ")") << "\n";
      return 1;
    }
    if (o_.progress)
      od::set_walk_progress([](int64_t done, int64_t total) {
        int width = 30;
        int filled = total > 0 ? static_cast<int>(done * width / total) : width;
        std::fprintf(stderr, "\r[%.*s%*s] %lld/%lld cases", filled, "##############################", width - filled, "",
                     static_cast<long long>(done), static_cast<long long>(total));
        if (done >= total) std::fputs("\n", stderr);
        std::fflush(stderr);
      });
    return 0;
  }

  // Calls an operation with the actor added; prints the error and returns nullopt on failure.
  std::optional<json::object> call(const std::string& op, json::object req, bool with_actor = true) {
    if (with_actor) {
      std::string officer = o_.officer;
      if (officer.empty()) {
        const char* u = std::getenv("USER");
        officer = std::string("cli:") + (u && *u ? u : "onedoor");
      }
      req["actor"] = json::object{{"officer", officer}, {"unit", o_.unit}, {"role", o_.role}};
    }
    auto [status, response] = engine_->call(op, json::serialize(req));
    if (status != OD_OK) {
      json::value e = json::parse(response);
      const json::object& err = e.at("error").as_object();
      std::cerr << "onedoor: " << op << ": " << err.at("code").as_string().c_str() << ": "
                << err.at("message").as_string().c_str();
      if (auto f = err.if_contains("field")) std::cerr << " (" << f->as_string().c_str() << ")";
      std::cerr << "\n";
      return std::nullopt;
    }
    return json::parse(response).as_object();
  }

  // render, then write what came back.
  int render(json::object req) {
    auto r = call("render", std::move(req));
    if (!r) return 1;
    std::string content(r->at("content").as_string());
    bool binary = r->at("encoding").as_string() == "base64";
    return emit(o_, binary ? decode_base64(content) : content, binary);
  }

  int print_json(const std::optional<json::object>& r) {
    if (!r) return 1;
    return emit(o_, json::serialize(*r) + "\n", false);
  }

 private:
  const Options& o_;
  std::unique_ptr<od::Engine> engine_;
};

void period(json::object& req, const Options& o) {
  if (!o.from.empty()) req["from"] = o.from;
  if (!o.to.empty()) req["to"] = o.to;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (const char* db = std::getenv("ONEDOOR_DB")) o.db = db;
  if (const char* d = std::getenv("ONEDOOR_DISTRICT")) o.district = d;
  CLI::App app{"onedoor - the district's one-door social assistance: ledger, statistics, disclosure, documents"};
  app.set_version_flag("--version", OD_VERSION_STRING);
  app.add_option("--db", o.db, "the SQLite database (default: $ONEDOOR_DB)");
  app.add_option("--district", o.district, "the district file (default: $ONEDOOR_DISTRICT or the installed sample)");
  app.add_option("--unit", o.unit, "acting unit (default: district, the district window)");
  app.add_option("--officer", o.officer, "acting officer (default: cli:$USER)");
  app.add_option("--role", o.role, "acting role")->check(CLI::IsMember({"officer", "handler", "head", "supervisor"}));
  app.add_flag("--progress,!--no-progress", o.progress, "progress bar on stderr (default: when stderr is a terminal)");
  app.require_subcommand(1);

  auto formats = [&](CLI::App* c, std::vector<std::string> allowed) {
    c->add_option("--format", o.format, "output format")->check(CLI::IsMember(allowed));
    c->add_option("--out", o.out, "write to FILE instead of standard output");
  };
  auto periods = [&](CLI::App* c) {
    c->add_option("--from", o.from, "from (date or time, inclusive)");
    c->add_option("--to", o.to, "to (date or time, exclusive)");
  };
  CLI::App* status = app.add_subcommand("status", "engine, schema, plugins, and the main counts");
  CLI::App* stats = app.add_subcommand("stats", "the statistics report (自动统计汇总)");
  formats(stats, {"html", "csv", "xlsx", "json"});
  periods(stats);
  CLI::App* ledger = app.add_subcommand("ledger", "the service ledger of a window (服务台账)");
  formats(ledger, {"html", "csv", "xlsx"});
  periods(ledger);
  ledger->add_option("--window", o.window, "window unit (default: every window, for the district window)");
  CLI::App* disclosure = app.add_subcommand("disclosure", "the disclosure list (公示), masked");
  formats(disclosure, {"html", "csv", "json"});
  periods(disclosure);
  disclosure->add_option("--town", o.town, "one town's list");
  disclosure->add_option("--publication", o.publication, "a list as it was published (PUB-...)");
  disclosure->add_option("--publish", o.publish, "publish the list now at PLACE (notice_board, website, ...): frozen and recorded");
  CLI::App* render = app.add_subcommand("render", "a document: receipt, notice, feedback, case_file, ledger, stats, disclosure");
  render->add_option("document", o.document, "the document")->required()->check(
      CLI::IsMember({"receipt", "notice", "feedback", "case_file", "ledger", "stats", "disclosure"}));
  render->add_option("--case", o.case_id, "case id (receipt, case_file)");
  render->add_option("--item", o.item_id, "item id (notice, feedback)");
  render->add_option("--notice", o.notice, "notice number (default: the item's latest)");
  formats(render, {"html", "csv", "xlsx"});
  periods(render);
  CLI::App* due = app.add_subcommand("due", "what is due and overdue, by unit");
  due->add_option("--at", o.at, "at this time (default: now)");
  due->add_option("--unit-filter", o.due_unit, "only this unit's obligations");
  due->add_flag("--overdue-only", o.overdue_only, "only overdue obligations");
  formats(due, {"json", "csv"});
  CLI::App* verify = app.add_subcommand("verify", "check the database and every case's event log");
  (void)verify;

  CLI11_PARSE(app, argc, argv);
  o.writes = disclosure->parsed() && !o.publish.empty();
  if (o.db.empty()) {
    std::cerr << "onedoor: give --db FILE (or set ONEDOOR_DB)\n";
    return 2;
  }
  Session s(o);
  if (int rc = s.open()) return rc;

  if (status->parsed()) {
    auto st = s.call("engine.status", {}, false);
    if (!st) return 1;
    auto counts = s.call("stats", {});
    if (!counts) return 1;
    std::cout << "onedoor " << st->at("version").as_string().c_str() << ", schema " << st->at("schema_version")
              << ", district " << st->at("district").as_string().c_str() << ", database "
              << st->at("database").as_string().c_str() << "\n";
    for (const char* k : {"cases", "items", "open_items", "overdue_items", "answered_on_time", "answered_late", "duplicates_caught"})
      std::cout << "  " << k << ": " << counts->at(k) << "\n";
    for (const auto& p : st->at("plugins").as_array())
      std::cout << "  plugin " << p.at("unit").as_string().c_str() << ": " << p.at("state").as_string().c_str() << "\n";
    return 0;
  }
  if (stats->parsed()) {
    json::object req;
    period(req, o);
    if (o.format == "json") return s.print_json(s.call("stats", req));
    req["document"] = "stats";
    req["format"] = o.format.empty() ? "html" : o.format;
    return s.render(req);
  }
  if (ledger->parsed()) {
    json::object req{{"document", "ledger"}, {"format", o.format.empty() ? "html" : o.format}};
    period(req, o);
    if (!o.window.empty()) req["window"] = o.window;
    return s.render(req);
  }
  if (disclosure->parsed()) {
    json::object req;
    period(req, o);
    if (!o.town.empty()) req["town"] = o.town;
    if (!o.publish.empty()) {
      json::object p = req;
      p["place"] = o.publish;
      auto r = s.call("disclosure.publish", p);
      if (!r) return 1;
      o.publication = std::string(r->at("publication").at("id").as_string());
      std::cerr << "onedoor: published " << o.publication << " (" << r->at("publication").at("count") << " rows) at "
                << r->at("publication").at("place_name").as_string().c_str() << "\n";
    }
    if (o.format == "json") {
      if (!o.publication.empty()) return s.print_json(s.call("disclosure.publications", {{"publication", o.publication}}));
      return s.print_json(s.call("disclosure", req));
    }
    if (!o.publication.empty()) req["publication"] = o.publication;
    req["document"] = "disclosure";
    req["format"] = o.format.empty() ? "html" : o.format;
    return s.render(req);
  }
  if (render->parsed()) {
    json::object req{{"document", o.document}, {"format", o.format.empty() ? "html" : o.format}};
    period(req, o);
    if (!o.case_id.empty()) req["case_id"] = o.case_id;
    if (!o.item_id.empty()) req["item_id"] = o.item_id;
    if (!o.notice.empty()) req["notice"] = o.notice;
    return s.render(req);
  }
  if (due->parsed()) {
    json::object req;
    if (!o.at.empty()) req["at"] = o.at;
    if (!o.due_unit.empty()) req["unit"] = o.due_unit;
    if (o.overdue_only) req["overdue"] = true;
    auto r = s.call("due.list", req);
    if (!r || o.format != "csv") return s.print_json(r);
    std::string csv = "\xEF\xBB\xBF" "overdue,kind,unit,case_id,item_id,since,due\r\n";
    for (const char* list : {"overdue", "due"})
      for (const auto& ob : r->at(list).as_array()) {
        const json::object& x = ob.as_object();
        auto str = [&](const char* k) { return x.contains(k) ? std::string(x.at(k).as_string()) : std::string(); };
        csv += std::string(std::string(list) == "overdue" ? "1" : "0") + "," + str("kind") + "," + str("unit") + "," +
               str("case_id") + "," + str("item_id") + "," + str("since") + "," + str("due") + "\r\n";
      }
    return emit(o, csv, false);
  }
  // verify
  auto r = s.call("verify", {});
  if (!r) return 1;
  std::cout << (r->at("ok").as_bool() ? "ok" : "PROBLEMS") << ": " << r->at("cases") << " cases, " << r->at("events")
            << " events checked; district chain head " << r->at("district_head").as_string().c_str() << "\n";
  for (const auto& p : r->at("problems").as_array()) std::cout << "  " << p.as_string().c_str() << "\n";
  return r->at("ok").as_bool() ? 0 : 4;
}
